import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import type { ItemRecord } from './port.ts';
import { WITHDRAWABLE, withdrawRefusal } from './rights.ts';

/** The withdrawn item, and what became of the commission it answered (docs/reporting.md, "Withdrawing an item"). */
export type Withdrawn = { item: ItemRecord; commission: 'moved' | 'cleared' | 'none' };

/**
 * Its author takes an item back (撤回) before adoption: it is kept, marked withdrawn, audited,
 * and counted nowhere (submitted counts, rankings, quotas, exports and circulars leave it out).
 * If it was the unit's answer to a commission, the answer passes to the unit's other item on that
 * commission, or is cleared so the unit is chased again. One transaction.
 */
export async function withdrawItem(deps: Pick<DomainDeps, 'store' | 'clock'>, input: { author: PersonRecord; itemId: number }): Promise<Result<Withdrawn>> {
  const { author } = input;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const item = await tx.items.byId(input.itemId);
    if (!item) return fail('REVIEW.UNKNOWN', { id: input.itemId });
    const refusal = withdrawRefusal(author, item);
    if (refusal) return { ok: false, error: refusal };
    if (!(await tx.items.withdraw(item.id, WITHDRAWABLE, now))) return fail('ITEM.CHANGED', { id: item.id });
    const commission = await tx.items.releaseCommissionAnswer(item.id);
    await tx.audit.record({
      at: now,
      actor: author.code,
      action: 'item.withdraw',
      subject: `item:${item.id}`,
      before: { status: item.status },
      after: { status: 'withdrawn', ...(item.commissionId === null ? {} : { commissionId: item.commissionId, commissionAnswer: commission }) },
    });
    return ok({ item: (await tx.items.byId(item.id))!, commission });
  });
}
