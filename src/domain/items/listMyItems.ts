import type { ItemRecord, PersonRecord, Store } from '../ports.ts';

/** A person's most recent items, newest first, with their adoptions. */
export async function listMyItems(deps: { store: Store }, input: { person: PersonRecord; limit?: number }): Promise<ItemRecord[]> {
  return deps.store.items.byAuthor(input.person.id, input.limit ?? 10);
}
