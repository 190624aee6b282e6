import type { DomainDeps } from '../ports.ts';
import { notifyPeople } from '../notify/notify.ts';
import type { PersonRecord } from '../org/port.ts';
import { fail, ok, type Result } from '../result.ts';
import type { UrgentRecord } from './port.ts';
import { validateUrgentText } from './declareUrgent.ts';
import { officeAlertRecipients } from './recipients.ts';
import { phoneCloseMessage } from './urgentMessages.ts';
import { urgentSubject } from './urgentSubject.ts';

/**
 * The duty office closes an open urgent report when the unit says by phone that it is over (in a
 * real emergency, phone first). It is recorded as the report's last update (kind `phone`, with
 * what the unit said and who took the call) and audited as `urgent.close`; the chasing stops and
 * urgent messages about it still waiting are cancelled (deliveryStillWanted). The rest of the
 * office and the unit's reporter and leads are told, in the same transaction. A phone close is
 * not counted late: the unit did report, by phone.
 */
export async function closeByPhone(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'timezone'>,
  input: { duty: PersonRecord; reportId: number; text: string },
): Promise<Result<UrgentRecord>> {
  if (!input.duty.roles.includes('duty')) return fail('AUTH.FORBIDDEN');
  const body = validateUrgentText(input.text, 'URGENT.UPDATE_TEXT');
  if (!body.ok) return body;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const report = await tx.urgent.byId(input.reportId);
    if (!report) return fail('URGENT.UNKNOWN', { id: input.reportId });
    if (report.status === 'closed') return fail('URGENT.CLOSED', { id: report.id });
    await tx.urgent.addUpdate({
      reportId: report.id,
      kind: 'phone',
      text: body.value,
      authorId: input.duty.id,
      at: now,
      dueAt: report.nextDueAt,
      late: false,
      delayMinutes: 0,
    });
    await tx.urgent.close(report.id, now);
    await tx.audit.record({
      at: now,
      actor: input.duty.code,
      action: 'urgent.close',
      subject: `urgent:${report.id}`,
      before: { status: 'open', nextDueAt: report.nextDueAt?.toISOString() ?? null },
      after: { status: 'closed', byPhone: true, text: body.value },
    });
    const closed = (await tx.urgent.byId(report.id))!;
    const unitPeople = [...(await tx.people.withRole('reporter', report.unit.id)), ...(await tx.people.withRole('lead', report.unit.id))].map((p) => p.id);
    const recipients = [...(await officeAlertRecipients(tx)), report.reporterId, ...unitPeople].filter((id) => id !== input.duty.id);
    await notifyPeople(tx, recipients, phoneCloseMessage(closed, body.value, input.duty.name, deps.timezone), now, 'urgent', {
      subject: urgentSubject(report.id),
    });
    return ok(closed);
  });
}
