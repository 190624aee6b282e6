import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ItemRecord } from './port.ts';

/** A person's most recent items, newest first, with their adoptions. */
export async function listMyItems(deps: Pick<DomainDeps, 'store'>, input: { person: PersonRecord; limit?: number }): Promise<ItemRecord[]> {
  return deps.store.items.byAuthor(input.person.id, input.limit ?? 10);
}
