import type { DomainDeps } from '../ports.ts';
import { notifyPeople } from '../notify/notify.ts';
import { urgentSubject } from './urgentSubject.ts';
import type { PersonRecord } from '../org/port.ts';
import type { UrgentRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { nextFollowUpDue } from './deadlines.ts';
import { validateUrgentText } from './declareUrgent.ts';
import { officeAlertRecipients } from './recipients.ts';
import { updateMessage } from './urgentMessages.ts';

/**
 * A follow-up report (续报) on an open urgent report, or the final report (终报) that closes it.
 * Only the report's own unit (its reporters and lead) may add one; a closed report takes none.
 * The update is relayed to the same recipients as the first alert, in the same transaction.
 */
export async function recordFollowUp(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'rules' | 'timezone'>,
  input: { author: PersonRecord; reportId: number; text: string; final: boolean },
): Promise<Result<UrgentRecord>> {
  const body = validateUrgentText(input.text, 'URGENT.UPDATE_TEXT');
  if (!body.ok) return body;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const report = await tx.urgent.byId(input.reportId);
    if (!report) return fail('URGENT.UNKNOWN', { id: input.reportId });
    if (!input.author.unit || input.author.unit.id !== report.unit.id) return fail('URGENT.NOT_YOUR_UNIT', { id: report.id });
    if (report.status === 'closed') return fail('URGENT.CLOSED', { id: report.id });
    await tx.urgent.addUpdate({ reportId: report.id, kind: input.final ? 'final' : 'followup', text: body.value, authorId: input.author.id, at: now });
    if (input.final) await tx.urgent.close(report.id, now);
    else await tx.urgent.setNextDue(report.id, nextFollowUpDue(now, report.severity, deps.rules));
    const updated = (await tx.urgent.byId(report.id))!;
    const recipients = (await officeAlertRecipients(tx)).filter((id) => id !== input.author.id);
    await notifyPeople(
      tx,
      recipients,
      updateMessage(updated, input.final ? 'final' : 'followup', body.value, input.author.name, deps.timezone),
      now,
      'urgent',
      {
        subject: urgentSubject(report.id),
      },
    );
    return ok(updated);
  });
}
