import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ItemRecord } from './port.ts';
import { AUTHOR_EDITS, EDITOR_EDITS, editRefusal } from './rights.ts';

/** The items this person may edit now, newest first (the guided /edit's choices): an editor's are every item before adoption. */
export async function listEditableItems(deps: Pick<DomainDeps, 'store'>, input: { person: PersonRecord; limit: number }): Promise<ItemRecord[]> {
  const { person, limit } = input;
  const items = person.roles.includes('editor')
    ? await deps.store.items.list({ statuses: EDITOR_EDITS }, limit)
    : await deps.store.items.list({ statuses: AUTHOR_EDITS, authorId: person.id }, limit);
  return items.filter((item) => editRefusal(person, item) === null);
}
