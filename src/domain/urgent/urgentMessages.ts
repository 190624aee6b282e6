import { text, type OutMessage } from '../notify/message.ts';
import { attachmentsOut } from '../notify/files.ts';
import type { AttachmentOwner } from '../attachments/port.ts';
import type { Store } from '../ports.ts';
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

/**
 * The alert sent at once to the duty officers, editors and leaders. A report logged from a phone
 * call says so, with when the call came and which duty officer logged it (`reporterName`).
 */
export function alertMessage(report: UrgentRecord, reporterName: string, timezone: string): OutMessage {
  const params = { ...urgentParams(report, timezone), reporter: reporterName, called: report.calledAt ? formatLocal(report.calledAt, timezone) : '—' };
  return {
    title: text('urgent.alert.title', params),
    lines: [
      text('urgent.line.what', params),
      text('urgent.line.where', params),
      text('urgent.line.when', params),
      ...(report.casualties ? [text('urgent.line.casualties', params)] : []),
      text(report.channel === 'phone' ? 'urgent.line.fromPhone' : 'urgent.line.from', params),
      text(report.late ? 'urgent.line.late' : 'urgent.line.onTime', params),
    ],
  };
}

/** The action of the duty desk's 确认收到 button on report `id`'s alert. */
export const ackAction = (id: number) => `urgent:ack:${id}`;
export const ACK_ACTION = /^urgent:ack:(\d{1,9})$/;
/** The action of the duty desk's 电话确认结束 button: asks for the unit's words, then closes `id`. */
export const phoneCloseAction = (id: number) => `urgent:close:${id}`;
export const PHONE_CLOSE_ACTION = /^urgent:close:(\d{1,9})$/;

/**
 * The buttons on a duty officer's alert: 确认收到 on a report the unit sent by chat (a phone report
 * was received by the duty office already), and 电话确认结束 on every report.
 */
export function dutyButtons(report: UrgentRecord): NonNullable<OutMessage['buttons']> {
  const close = { label: text('urgent.button.phoneClose'), action: phoneCloseAction(report.id) };
  return [report.channel === 'phone' ? [close] : [{ label: text('urgent.button.ack'), action: ackAction(report.id) }, close]];
}

/** The unit's reporters told that the duty office logged their phone report as #N, and when follow-ups are due. */
export function phoneLoggedMessage(report: UrgentRecord, dutyName: string, timezone: string): OutMessage {
  const params = { ...urgentParams(report, timezone), duty: dutyName, called: formatLocal(report.calledAt ?? report.reportedAt, timezone) };
  return {
    title: text('urgent.phoneLogged.title', params),
    lines: [text('urgent.phoneLogged.body', params), text('urgent.line.what', params), text('urgent.phoneLogged.followUp', params)],
  };
}

/** The reporter told that the duty office received their report: who and when (local time). */
export function acknowledgedMessage(report: UrgentRecord, dutyName: string, at: Date, timezone: string): OutMessage {
  const params = { ...urgentParams(report, timezone), duty: dutyName, at: formatLocal(at, timezone, 'HH:mm') };
  return { lines: [text('urgent.ack.notice', params)] };
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

/**
 * A report's or an update's alert with what was sent with it: its photos, videos and documents by
 * reference to the file store (never inline: each recipient's queued alert names the same stored
 * file) and its places, read in the transaction that queues the alert (docs/urgent.md, "Photos and
 * files with the alert").
 */
export async function withAttachments(tx: Pick<Store, 'attachments'>, owner: AttachmentOwner, message: OutMessage): Promise<OutMessage> {
  return { ...message, ...attachmentsOut(await tx.attachments.listFor(owner)) };
}
