import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import type { ItemRecord } from './port.ts';
import { editRefusal } from './rights.ts';

/** The item, if this person may edit it now (what /edit #N checks before asking for the text); changes nothing. */
export async function openForEdit(deps: Pick<DomainDeps, 'store'>, input: { person: PersonRecord; itemId: number }): Promise<Result<ItemRecord>> {
  const item = await deps.store.items.byId(input.itemId);
  if (!item) return fail('REVIEW.UNKNOWN', { id: input.itemId });
  const refusal = editRefusal(input.person, item);
  return refusal ? { ok: false, error: refusal } : ok(item);
}
