import { text, type OutMessage } from '../notify/message.ts';
import type { UrgentRecord } from './port.ts';
import { formatLocal } from '../time/index.ts';

/** The words of an urgent report every message about it repeats. */
export function urgentParams(report: UrgentRecord, timezone: string) {
  return {
    id: report.id,
    unit: report.unit.name,
    what: report.what,
    place: report.place ?? '—',
    when: formatLocal(report.occurredAt, timezone),
    severity: `@severity.${report.severity}`,
    casualties: report.casualties ?? '—',
    delay: report.delayMinutes,
    due: report.nextDueAt ? formatLocal(report.nextDueAt, timezone) : '—',
  };
}

/** The alert sent at once to the duty officers, editors and leaders. */
export function alertMessage(report: UrgentRecord, reporterName: string, timezone: string): OutMessage {
  const params = { ...urgentParams(report, timezone), reporter: reporterName };
  return {
    title: text('urgent.alert.title', params),
    lines: [
      text('urgent.line.what', params),
      text('urgent.line.where', params),
      text('urgent.line.when', params),
      ...(report.casualties ? [text('urgent.line.casualties', params)] : []),
      text('urgent.line.from', params),
      text(report.late ? 'urgent.line.late' : 'urgent.line.onTime', params),
    ],
  };
}

/** Whether a queued message is an urgent report's first alert (what the alert latency is measured on). */
export const isAlert = (message: OutMessage) => message.title?.key === 'urgent.alert.title';

/** A follow-up (续报) or the final report (终报), relayed to the same recipients; a late one says by how much. */
export function updateMessage(
  report: UrgentRecord,
  kind: 'followup' | 'final',
  body: string,
  authorName: string,
  timezone: string,
  timeliness: { late: boolean; delayMinutes: number } = { late: false, delayMinutes: 0 },
): OutMessage {
  const params = { ...urgentParams(report, timezone), text: body, author: authorName, late: timeliness.delayMinutes };
  return {
    title: text(kind === 'final' ? 'urgent.final.title' : 'urgent.followup.title', params),
    lines: [
      text('urgent.update.body', params),
      text('urgent.line.from', { ...params, reporter: authorName }),
      ...(timeliness.late ? [text('urgent.line.lateUpdate', params)] : []),
      ...(kind === 'final' ? [] : [text('urgent.line.nextDue', params)]),
    ],
  };
}

/** The report closed by the duty office on the unit's word by phone. */
export function phoneCloseMessage(report: UrgentRecord, body: string, dutyName: string, timezone: string): OutMessage {
  const params = { ...urgentParams(report, timezone), text: body, duty: dutyName };
  return { title: text('urgent.phoneClose.title', params), lines: [text('urgent.update.body', params), text('urgent.phoneClose.by', params)] };
}
