import { attachFiles } from '../attachments/attachFiles.ts';
import type { PendingAttachment } from '../attachments/receiveFile.ts';
import type { DomainDeps } from '../ports.ts';
import { notifyPeople } from '../notify/notify.ts';
import { urgentSubject } from './urgentSubject.ts';
import type { PersonRecord } from '../org/port.ts';
import type { UrgentRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { followUpTimeliness, nextFollowUpDue } from './deadlines.ts';
import { validateUrgentText } from './declareUrgent.ts';
import { officeAlertRecipients } from './recipients.ts';
import { updateMessage, withAttachments } from './urgentMessages.ts';

/** The report after an update, with whether that update came after it was due, and by how many minutes. */
export type UpdateRecorded = UrgentRecord & { update: { late: boolean; delayMinutes: number } };

/**
 * A report that `person` may follow up or close: it exists, is open, and was reported by their
 * unit. The failure says which of the three it is not.
 */
export async function reportToUpdate(deps: Pick<DomainDeps, 'store'>, person: PersonRecord, reportId: number): Promise<Result<UrgentRecord>> {
  const report = await deps.store.urgent.byId(reportId);
  if (!report) return fail('URGENT.UNKNOWN', { id: reportId });
  if (!person.unit || person.unit.id !== report.unit.id) return fail('URGENT.NOT_YOUR_UNIT', { id: report.id });
  if (report.status === 'closed') return fail('URGENT.CLOSED', { id: report.id });
  return ok(report);
}

/**
 * A follow-up report (续报) on an open urgent report, or the final report (终报) that closes it.
 * Only the report's own unit (its reporters and lead) may add one; a closed report takes none.
 * An update that comes after the follow-up was due is recorded late (续报迟报) with its delay: it
 * counts in the timeliness circular and the rules' `penalties.lateFollowUp` (docs/urgent.md).
 * The update is relayed to the same recipients as the first alert, in the same transaction, with
 * the update's own attachments (docs/urgent.md, "Photos and files with the alert").
 */
export async function recordFollowUp(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'rules' | 'timezone'>,
  input: {
    author: PersonRecord;
    reportId: number;
    text: string;
    final: boolean;
    /** Photos, files, locations sent with the update (docs/attachments.md), written in the same transaction. */
    attachments?: PendingAttachment[];
  },
): Promise<Result<UpdateRecorded>> {
  const body = validateUrgentText(input.text, 'URGENT.UPDATE_TEXT');
  if (!body.ok) return body;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const open = await reportToUpdate({ store: tx }, input.author, input.reportId);
    if (!open.ok) return open;
    const report = open.value;
    const timeliness = followUpTimeliness(report.nextDueAt, now);
    const updateId = await tx.urgent.addUpdate({
      reportId: report.id,
      kind: input.final ? 'final' : 'followup',
      text: body.value,
      authorId: input.author.id,
      at: now,
      dueAt: report.nextDueAt,
      ...timeliness,
    });
    await attachFiles(tx, { urgentUpdateId: updateId }, { attachments: input.attachments, addedById: input.author.id, at: now });
    if (input.final) await tx.urgent.close(report.id, now);
    else await tx.urgent.setNextDue(report.id, nextFollowUpDue(now, report.severity, deps.rules));
    const updated = (await tx.urgent.byId(report.id))!;
    const recipients = (await officeAlertRecipients(tx)).filter((id) => id !== input.author.id);
    const message = updateMessage(updated, input.final ? 'final' : 'followup', body.value, input.author.name, deps.timezone, timeliness);
    await notifyPeople(tx, recipients, await withAttachments(tx, { urgentUpdateId: updateId }, message), now, 'urgent', { subject: urgentSubject(report.id) });
    return ok({ ...updated, update: timeliness });
  });
}
