/**
 * Who may edit, withdraw and read an item, and in which states (docs/reporting.md,
 * docs/permissions.md). The use cases and the lists of choices share these.
 */
import type { PersonRecord } from '../org/port.ts';
import type { Failure } from '../result.ts';
import type { ItemStatus } from '../vocabulary.ts';
import type { ItemRecord } from './port.ts';

/** An author edits before the office decided (awaiting sign-off or review) and when it was returned. */
export const AUTHOR_EDITS: ItemStatus[] = ['signoff', 'submitted', 'returned'];
/** An editor edits any time before adoption (not declined or withdrawn either). */
export const EDITOR_EDITS: ItemStatus[] = ['signoff', 'submitted', 'returned'];
/** An author withdraws before adoption, unless declined or already withdrawn. */
export const WITHDRAWABLE: ItemStatus[] = ['signoff', 'submitted', 'returned'];

const isAuthor = (person: PersonRecord, item: ItemRecord) => item.authorId === person.id && person.roles.includes('reporter');

/** Why this person may not edit this item now (null when they may); the author's right comes first. */
export function editRefusal(person: PersonRecord, item: ItemRecord): Failure | null {
  const id = item.id;
  if (!isAuthor(person, item) && !person.roles.includes('editor')) return { code: 'ITEM.NOT_YOURS', params: { id } };
  if (item.status === 'adopted') return { code: 'ITEM.FROZEN', params: { id } };
  const allowed = isAuthor(person, item) ? AUTHOR_EDITS : EDITOR_EDITS;
  if (!allowed.includes(item.status)) return { code: 'ITEM.NOT_EDITABLE', params: { id, status: item.status } };
  return null;
}

/** Why this person may not withdraw this item (null when they may): its author only, before adoption. */
export function withdrawRefusal(person: PersonRecord, item: ItemRecord): Failure | null {
  const id = item.id;
  if (!isAuthor(person, item)) return { code: 'ITEM.NOT_YOURS', params: { id } };
  if (item.status === 'adopted') return { code: 'ITEM.FROZEN', params: { id } };
  if (!WITHDRAWABLE.includes(item.status)) return { code: 'ITEM.NOT_WITHDRAWABLE', params: { id, status: item.status } };
  return null;
}

/** Office staff read every item; a reporter or lead the items of their own unit. */
export function mayRead(person: PersonRecord, item: ItemRecord): boolean {
  if (person.roles.some((role) => role === 'editor' || role === 'duty' || role === 'leader' || role === 'admin')) return true;
  return person.unit?.id === item.unitId && person.roles.some((role) => role === 'reporter' || role === 'lead');
}

/** Who may search every item's text (/find): office staff. */
export const maySearch = (person: PersonRecord): boolean =>
  person.roles.some((role) => role === 'editor' || role === 'duty' || role === 'leader' || role === 'admin');
