import { notifyPeople } from '../notify/notify.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps, Store } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { formatLocal } from '../time/index.ts';
import type { UrgentRecord } from './port.ts';
import { acknowledgedMessage } from './urgentMessages.ts';
import { urgentSubject } from './urgentSubject.ts';

/** The refusal of a second acknowledgement: who acknowledged the report already, and when (office time). */
async function alreadyAcknowledged<T>(store: Store, report: UrgentRecord, timezone: string): Promise<Result<T>> {
  const by = report.acknowledgedById === null ? null : await store.people.byId(report.acknowledgedById);
  return fail('URGENT.ACK_ALREADY', { id: report.id, name: by?.name ?? '—', at: formatLocal(report.acknowledgedAt!, timezone) });
}

/**
 * A duty officer acknowledges receipt of a report a unit sent by chat (the 确认收到 button on the
 * alert; docs/urgent.md#the-duty-desk). Recorded once: a second press, by anyone, is refused with
 * who acknowledged it and when. A phone report needs none (the duty office took the call), nor
 * a closed one. Audited as `urgent.ack`; the reporter is told who received it and at what time,
 * in the same transaction.
 */
export async function acknowledgeUrgent(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'timezone'>,
  input: { duty: PersonRecord; reportId: number },
): Promise<Result<UrgentRecord>> {
  if (!input.duty.roles.includes('duty')) return fail('URGENT.ACK_DUTY_ONLY');
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const report = await tx.urgent.byId(input.reportId);
    if (!report) return fail('URGENT.UNKNOWN', { id: input.reportId });
    if (report.channel === 'phone') return fail('URGENT.ACK_PHONE', { id: report.id });
    if (report.acknowledgedAt) return alreadyAcknowledged(tx, report, deps.timezone);
    if (report.status === 'closed') return fail('URGENT.ACK_CLOSED', { id: report.id });
    // Two officers pressing at once: only the first write counts, the other is told who was first.
    if (!(await tx.urgent.acknowledge(report.id, input.duty.id, now))) return alreadyAcknowledged(tx, (await tx.urgent.byId(report.id))!, deps.timezone);
    await tx.audit.record({
      at: now,
      actor: input.duty.code,
      action: 'urgent.ack',
      subject: urgentSubject(report.id),
      before: { acknowledgedAt: null },
      after: { acknowledgedAt: now.toISOString(), by: input.duty.code },
    });
    const acknowledged = (await tx.urgent.byId(report.id))!;
    await notifyPeople(tx, [report.reporterId], acknowledgedMessage(acknowledged, input.duty.name, now, deps.timezone), now, 'urgent', {
      subject: urgentSubject(report.id),
    });
    return ok(acknowledged);
  });
}
