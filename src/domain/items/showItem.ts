import type { AttachmentRecord } from '../attachments/port.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import type { ReviewEntry } from '../review/port.ts';
import type { ItemInstruction, ItemVersionRecord } from './port.ts';
import { mayRead } from './rights.ts';

/** Everything /item shows (docs/reporting.md, "One item: /item"). */
export type ItemView = ReviewEntry & {
  signedByName: string | null;
  /** Earlier versions, oldest first; the current text is `item`. */
  versions: ItemVersionRecord[];
  /** Who wrote the current text and when (the author at creation until someone edits it). */
  current: { name: string; at: Date };
  instructions: ItemInstruction[];
  /** Photos, files and locations sent with it (docs/attachments.md), in the order they came. */
  attachments: AttachmentRecord[];
};

/**
 * One item with its versions, decisions, adoptions and the leaders' instructions on it with the
 * unit's feedback. Office staff read every item; a reporter or lead the items of their own unit.
 * Changes nothing.
 */
export async function showItem(deps: Pick<DomainDeps, 'store'>, input: { viewer: PersonRecord; itemId: number }): Promise<Result<ItemView>> {
  const { store } = deps;
  const entry = await store.review.entry(input.itemId);
  if (!entry) return fail('REVIEW.UNKNOWN', { id: input.itemId });
  if (!mayRead(input.viewer, entry.item)) return fail('ITEM.NOT_ENTITLED', { id: entry.item.id });
  const [versions, last, instructions, signer, attachments] = await Promise.all([
    store.items.versions(entry.item.id),
    store.items.lastEdit(entry.item.id),
    store.items.instructionsOn(entry.item.id),
    entry.signedById === null ? null : store.people.byId(entry.signedById),
    store.attachments.listFor({ itemId: entry.item.id }),
  ]);
  return ok({
    ...entry,
    signedByName: signer?.name ?? null,
    versions,
    current: last ? { name: last.name, at: last.at } : { name: entry.author.name, at: entry.item.createdAt },
    instructions,
    attachments,
  });
}
