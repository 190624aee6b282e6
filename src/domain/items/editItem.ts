import { notifyPeople } from '../notify/notify.ts';
import { text } from '../notify/message.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { signOffRequest } from '../review/reviewMessages.ts';
import type { ItemRecord, ItemRevision } from './port.ts';
import { editRefusal } from './rights.ts';
import { validateItem } from './validateItem.ts';

/** The edit's outcome: the item as it now is, and whether it went back for review (a returned item revised). */
export type Edited = { item: ItemRecord; resent: boolean; author: { id: number; name: string } };

/**
 * A new version of an item's text (docs/reporting.md, "Editing an item"). Its author edits while
 * it awaits sign-off or review, or when it was returned; an editor any time before adoption. The
 * text replaced is kept as an ItemVersion (who wrote it, when), the version number goes up, and
 * the edit is audited, in one transaction. A returned item revised by its author keeps its
 * number and goes back where a new item of the unit would go — to the unit lead's sign-off (who
 * is asked again) in a unit that requires it, else to the office's queue — marked revised. When
 * an editor edits, the author is told. An adopted item is frozen; an unchanged text is refused.
 */
export async function editItem(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { person: PersonRecord; itemId: number; title: string; body: string; category?: string },
): Promise<Result<Edited>> {
  const { person } = input;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const entry = await tx.review.entry(input.itemId);
    if (!entry) return fail('REVIEW.UNKNOWN', { id: input.itemId });
    const { item, unit, author } = entry;
    const refusal = editRefusal(person, item);
    if (refusal) return { ok: false, error: refusal };
    const valid = validateItem({ title: input.title, body: input.body, category: input.category ?? item.category });
    if (!valid.ok) return valid;
    const next = valid.value;
    if (next.title === item.title && next.body === item.body && next.category === item.category) return fail('ITEM.UNCHANGED', { id: item.id });

    const byAuthor = item.authorId === person.id;
    const resent = byAuthor && item.status === 'returned';
    const toSignOff = resent && unit.signOff;
    const change: ItemRevision = {
      ...next,
      version: item.version + 1,
      ...(resent ? { status: toSignOff ? 'signoff' : 'submitted', revisedAt: now, submittedAt: toSignOff ? null : (item.submittedAt ?? now) } : {}),
    };
    // Who wrote the text being replaced: the last edit's editor, or the author for the first version.
    const last = await tx.items.lastEdit(item.id);
    if (!(await tx.items.revise(item.id, item.version, [item.status], change))) return fail('ITEM.CHANGED', { id: item.id });
    await tx.items.addVersion({
      itemId: item.id,
      version: item.version,
      title: item.title,
      body: item.body,
      category: item.category,
      editedById: last?.personId ?? item.authorId,
      editedAt: last?.at ?? item.createdAt,
    });
    await tx.audit.record({
      at: now,
      actor: person.code,
      action: 'item.edit',
      subject: `item:${item.id}`,
      before: { version: item.version, title: item.title, status: item.status },
      after: { version: change.version, title: next.title, status: change.status ?? item.status, editedById: person.id },
    });
    const edited = (await tx.items.byId(item.id))!;
    if (!byAuthor) {
      const params = { id: item.id, title: edited.title, editor: person.name, version: edited.version };
      await notifyPeople(tx, [item.authorId], { title: text('itemDesk.notify.editedTitle', params), lines: [text('itemDesk.notify.edited', params)] }, now);
    }
    if (toSignOff) {
      const leads = (await tx.people.withRole('lead', unit.id)).map((lead) => lead.id).filter((id) => id !== person.id);
      await notifyPeople(tx, leads, signOffRequest(edited, unit.name, author.name), now);
    }
    return ok({ item: edited, resent, author: { id: author.id, name: author.name } });
  });
}
