import type { DomainDeps } from '../ports.ts';
import { notifyPeople } from '../notify/notify.ts';
import type { PersonRecord } from '../org/port.ts';
import type { CommissionRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { commissionAudience } from './commissionAudience.ts';
import { withdrawnNotice } from './commissionMessages.ts';

/**
 * An editor withdraws a commission: no more reminders or chasers for any unit. The units that
 * had not answered yet are told (whoever was told of it: src/domain/commissions/commissionAudience.ts; those that did have their item in review as usual); the change
 * is audited, in one transaction.
 */
export async function withdrawCommission(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'timezone'>,
  input: { editor: PersonRecord; commissionId: number },
): Promise<Result<CommissionRecord>> {
  const { editor } = input;
  if (!editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const commission = await tx.commissions.byId(input.commissionId);
    if (!commission) return fail('COMMISSION.UNKNOWN', { id: input.commissionId });
    if (!(await tx.commissions.withdraw(commission.id))) return fail('COMMISSION.WITHDRAWN', { id: commission.id });
    const notice = withdrawnNotice(commission, deps.timezone);
    for (const row of commission.units.filter((r) => r.answeredAt === null)) {
      await notifyPeople(tx, await commissionAudience(tx, row), notice, now);
    }
    await tx.audit.record({
      at: now,
      actor: editor.code,
      action: 'commission.withdraw',
      subject: `commission:${commission.id}`,
      before: { status: 'open' },
      after: { status: 'withdrawn', at: now.toISOString() },
    });
    return ok((await tx.commissions.byId(commission.id))!);
  });
}
