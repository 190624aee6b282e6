import type { DomainDeps } from '../ports.ts';
import { notifyPeople } from '../notify/notify.ts';
import type { PersonRecord } from '../org/port.ts';
import type { ReviewEntry } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { negativeFeedbackBonus } from '../rules/points.ts';
import type { Publication } from '../rules/schema.ts';
import { reviewRefusal } from './checks.ts';
import { findPublication } from './findPublication.ts';
import { adoptedMessage } from './reviewMessages.ts';

export type Adopted = { entry: ReviewEntry; publication: Publication; points: number; bonus: number };

/** The award reason of an item's negative-feedback bonus; it names the item, so the bonus is paid once. */
export const negativeFeedbackReason = (itemId: number) => `negativeFeedback:item:${itemId}`;

/**
 * An editor records that a publication adopted an item (采用). The points are fixed from the
 * rules in force; one item may be adopted by several publications, but by each only once. The
 * adoption credits the unit and the author by name (实名制); an adopted 报忧 item earns the
 * rules' negative-feedback bonus once, as an award to the unit and the author. The author is
 * told at once, and the change is audited — all in one transaction.
 */
export async function recordAdoption(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'rules' | 'rulesVersion'>,
  input: {
    editor: PersonRecord;
    itemId: number;
    publication: string;
    /** From a review card's button: only an item still waiting for review (else REVIEW.DECIDED, nothing changes). */
    fromQueue?: boolean;
  },
): Promise<Result<Adopted>> {
  const { editor } = input;
  if (!editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const entry = await tx.review.entry(input.itemId);
    if (!entry) return fail('REVIEW.UNKNOWN', { id: input.itemId });
    if (input.fromQueue && entry.item.status !== 'submitted') return fail('REVIEW.DECIDED', { id: entry.item.id, status: entry.item.status });
    const refusal = entry.item.status === 'adopted' ? null : reviewRefusal(entry);
    if (refusal) return { ok: false, error: refusal };
    const publication = findPublication(deps.rules, input.publication);
    if (!publication) {
      return fail('REVIEW.PUBLICATION', { text: input.publication.trim(), codes: deps.rules.publications.map((p) => p.code).join(', ') });
    }
    const before = entry.item.adoptions.map((a) => a.publicationCode);
    if (before.includes(publication.code)) return fail('REVIEW.DUPLICATE', { id: entry.item.id, publication: publication.name });

    if (!(await tx.review.transition(entry.item.id, ['submitted', 'adopted'], { status: 'adopted', reviewedAt: entry.reviewedAt ?? now }))) {
      return fail('REVIEW.CHANGED', { id: entry.item.id });
    }
    const added = await tx.review.addAdoption({
      itemId: entry.item.id,
      publicationCode: publication.code,
      level: publication.level,
      points: publication.points,
      rulesVersion: deps.rulesVersion,
      adoptedAt: now,
      recordedById: editor.id,
    });
    if (!added) return fail('REVIEW.DUPLICATE', { id: entry.item.id, publication: publication.name });

    let bonus = negativeFeedbackBonus(deps.rules, entry.item.category);
    const reason = negativeFeedbackReason(entry.item.id);
    if (bonus !== 0 && (await tx.review.hasAward(reason))) bonus = 0;
    if (bonus !== 0) {
      await tx.review.addAward({ unitId: entry.unit.id, personId: entry.author.id, points: bonus, reason, awardedAt: now, recordedById: editor.id });
    }

    await tx.audit.record({
      at: now,
      actor: editor.code,
      action: 'item.adopt',
      subject: `item:${entry.item.id}`,
      before: { status: entry.item.status, adoptions: before },
      after: { status: 'adopted', adoptions: [...before, publication.code], publication: publication.code, points: publication.points, bonus },
    });
    await notifyPeople(tx, [entry.author.id], adoptedMessage(entry, publication.name, publication.points, bonus), now);
    const updated = (await tx.review.entry(entry.item.id))!;
    return ok({ entry: updated, publication, points: publication.points, bonus });
  });
}
