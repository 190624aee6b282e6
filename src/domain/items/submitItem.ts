import type { Clock, ItemRecord, PersonRecord, Store } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { validateItem } from './validateItem.ts';

/**
 * A reporter submits an item for their unit. In a unit that requires sign-off (审签) the item
 * waits for the unit lead and does not count as submitted until signed; otherwise it goes
 * straight to the office's review queue.
 */
export async function submitItem(
  deps: { store: Store; clock: Clock },
  input: { author: PersonRecord; title: string; body: string; category: string; commissionId?: number | null },
): Promise<Result<ItemRecord>> {
  const { author } = input;
  if (!author.roles.includes('reporter')) return fail('AUTH.FORBIDDEN');
  if (!author.unit) return fail('AUTH.NO_UNIT');
  const valid = validateItem(input);
  if (!valid.ok) return valid;
  const now = deps.clock.now();
  const needsSignOff = author.unit.signOff;
  const item = await deps.store.items.create({
    ...valid.value,
    status: needsSignOff ? 'signoff' : 'submitted',
    authorId: author.id,
    unitId: author.unit.id,
    commissionId: input.commissionId ?? null,
    createdAt: now,
    submittedAt: needsSignOff ? null : now,
  });
  return ok(item);
}
