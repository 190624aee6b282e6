import type { Store } from '../ports.ts';
import type { CommissionRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';

/**
 * Whether a unit may answer commission `commissionId`: it exists, is not withdrawn, and asked
 * this unit. A unit that answered already may send more items on it; its first answer stays.
 */
export async function commissionOpenTo(store: Store, commissionId: number, unitId: number): Promise<Result<CommissionRecord>> {
  const commission = await store.commissions.byId(commissionId);
  if (!commission) return fail('COMMISSION.UNKNOWN', { id: commissionId });
  if (commission.status !== 'open') return fail('COMMISSION.WITHDRAWN', { id: commission.id });
  if (!commission.units.some((row) => row.unit.id === unitId)) return fail('COMMISSION.NOT_YOUR_UNIT', { id: commission.id });
  return ok(commission);
}

/**
 * Records an item as the unit's answer to a commission (run inside the submit's transaction, so
 * the item and the answer commit together); its chasers stop for that unit. Returns whether this
 * was the unit's first answer.
 */
export async function recordCommissionAnswer(tx: Store, answer: { commissionId: number; unitId: number; itemId: number; at: Date }): Promise<boolean> {
  return tx.commissions.markAnswered(answer);
}
