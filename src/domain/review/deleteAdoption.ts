import type { DomainDeps } from '../ports.ts';
import { notifyPeople } from '../notify/notify.ts';
import { text } from '../notify/message.ts';
import type { PersonRecord } from '../org/port.ts';
import type { ReviewEntry } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { findPublication } from './findPublication.ts';
import { negativeFeedbackReason } from './recordAdoption.ts';

export type DeletedAdoption = {
  entry: ReviewEntry;
  publicationCode: string;
  publicationName: string;
  points: number;
  /** The negative-feedback bonus taken back with the item's last adoption (0 if none). */
  bonus: number;
  /** The item had no other adoption and is back in the review queue. */
  requeued: boolean;
};

/**
 * An editor withdraws an adoption recorded by mistake (/unadopt). The adoption is kept, marked
 * deleted, so it counts no more anywhere (the unit's and the author's points, rankings, exports)
 * and the change is audited. When it was the item's last adoption, the item goes back to the
 * review queue and its negative-feedback bonus is taken back, so adopting it again earns each
 * once. The author is told. A second withdrawal of the same adoption is ADOPTION.NONE.
 */
export async function deleteAdoption(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'rules'>,
  input: { editor: PersonRecord; itemId: number; publication: string },
): Promise<Result<DeletedAdoption>> {
  const { editor } = input;
  if (!editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const entry = await tx.review.entry(input.itemId);
    if (!entry) return fail('REVIEW.UNKNOWN', { id: input.itemId });
    const typed = input.publication.trim();
    const publication = findPublication(deps.rules, typed);
    // A publication since dropped from the rules is still named by its code.
    const code = publication?.code ?? typed.toLowerCase();
    const name = publication?.name ?? code;
    const before = entry.item.adoptions.map((adoption) => adoption.publicationCode);
    const removed = before.includes(code) ? await tx.scoring.deleteAdoption(entry.item.id, code, now) : null;
    if (!removed) return fail('ADOPTION.NONE', { id: entry.item.id, publication: typed });
    const after = before.filter((other) => other !== code);
    const requeued = after.length === 0;
    let bonus = 0;
    if (requeued) {
      if (!(await tx.review.transition(entry.item.id, ['adopted'], { status: 'submitted' }))) return fail('REVIEW.CHANGED', { id: entry.item.id });
      bonus = await tx.scoring.removeAwards(negativeFeedbackReason(entry.item.id));
    }
    await tx.audit.record({
      at: now,
      actor: editor.code,
      action: 'item.unadopt',
      subject: `item:${entry.item.id}`,
      before: { status: entry.item.status, adoptions: before },
      after: { status: requeued ? 'submitted' : entry.item.status, adoptions: after, publication: code, points: removed.points, bonus },
    });
    const params = { id: entry.item.id, title: entry.item.title, publication: name, points: removed.points };
    await notifyPeople(tx, [entry.author.id], { title: text('unadopt.notify.title', params), lines: [text('unadopt.notify.line', params)] }, now);
    const updated = (await tx.review.entry(entry.item.id))!;
    return ok({ entry: updated, publicationCode: code, publicationName: name, points: removed.points, bonus, requeued });
  });
}
