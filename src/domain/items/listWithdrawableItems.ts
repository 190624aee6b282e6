import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ItemRecord } from './port.ts';
import { WITHDRAWABLE } from './rights.ts';

/** The author's items they may still withdraw, newest first (the guided /withdraw's choices for a reporter). */
export async function listWithdrawableItems(deps: Pick<DomainDeps, 'store'>, input: { author: PersonRecord; limit: number }): Promise<ItemRecord[]> {
  if (!input.author.roles.includes('reporter')) return [];
  return deps.store.items.list({ statuses: WITHDRAWABLE, authorId: input.author.id }, input.limit);
}
