import type { PendingAttachment } from '../attachments/receiveFile.ts';
import { notifyPeople } from '../notify/notify.ts';
import { urgentSubject } from './urgentSubject.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { UrgentRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { charLength } from '../items/validateItem.ts';
import { trimText } from '../text.ts';
import { checkReportText, openReport } from './openReport.ts';
import type { Store } from '../ports.ts';
import { officeAlertGroups } from './recipients.ts';
import { alertMessage, dutyButtons, withAttachments } from './urgentMessages.ts';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Checks the free text of an urgent report or update: 2–2000 characters, no control characters. */
export function validateUrgentText(value: string, code = 'URGENT.TEXT'): Result<string> {
  const trimmed = trimText(value);
  if (CONTROL.test(trimmed)) return fail('ITEM.CONTROL_CHARS');
  if (charLength(trimmed) < 2 || charLength(trimmed) > 2000) return fail(code, { length: charLength(trimmed) });
  return ok(trimmed);
}

/** Clocks disagree by a little: an event up to 5 minutes "in the future" is taken as now. */
const CLOCK_SLACK_MS = 5 * 60_000;

/** Whether an event time is in the future (beyond a few minutes of clock difference): URGENT.FUTURE. */
export const isFutureEvent = (occurredAt: Date, now: Date): boolean => occurredAt.getTime() > now.getTime() + CLOCK_SLACK_MS;

/**
 * A reporter's first report of an emergency (首报). Its delay from the event is kept and a late
 * report (迟报) marked; the next follow-up falls due by severity; the duty officers, editors and
 * leaders are alerted on every platform they are bound on — the report and its alerts are
 * written in one transaction.
 */
export async function declareUrgent(
  deps: DomainDeps,
  input: {
    reporter: PersonRecord;
    what: string;
    place?: string;
    occurredAt?: Date;
    severity?: string;
    casualties?: string;
    /** Photos, files, locations sent with it (docs/attachments.md), written in the same transaction. */
    attachments?: PendingAttachment[];
  },
): Promise<Result<UrgentRecord>> {
  const { reporter } = input;
  if (!reporter.roles.includes('reporter')) return fail('AUTH.FORBIDDEN');
  if (!reporter.unit) return fail('AUTH.NO_UNIT');
  const checked = checkReportText(input);
  if (!checked.ok) return checked;
  const now = deps.clock.now();
  const occurredAt = input.occurredAt ?? now;
  if (isFutureEvent(occurredAt, now)) return fail('URGENT.FUTURE');
  const unit = reporter.unit;
  return deps.store.transaction(async (tx) => {
    const report = await openReport(tx, deps, {
      ...checked.value,
      place: input.place,
      casualties: input.casualties,
      attachments: input.attachments,
      unitId: unit.id,
      reporterId: reporter.id,
      occurredAt,
      reportedBy: now,
      now,
    });
    await alertOffice(tx, report, reporter, now, deps.timezone);
    return ok(report);
  });
}

/**
 * Queues a new report's alert to the duty officers, editors and leaders but `sender` (who sent or
 * logged it): the duty officers' copy carries the duty desk's buttons (docs/urgent.md#the-duty-desk).
 * The report's attachments, stored before this in the same transaction, go with it.
 */
export async function alertOffice(tx: Store, report: UrgentRecord, sender: PersonRecord, now: Date, timezone: string): Promise<void> {
  const { duty, others } = await officeAlertGroups(tx);
  const alert = await withAttachments(tx, { urgentReportId: report.id }, alertMessage(report, sender.name, timezone));
  const about = { subject: urgentSubject(report.id) };
  const notSender = (id: number) => id !== sender.id;
  await notifyPeople(tx, duty.filter(notSender), { ...alert, buttons: dutyButtons(report) }, now, 'urgent', about);
  await notifyPeople(tx, others.filter(notSender), alert, now, 'urgent', about);
}
