import { notifyPeople } from '../notify/notify.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ReviewEntry } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { reviewRefusal, validateReason } from './checks.ts';
import { decisionMessage } from './reviewMessages.ts';

/**
 * An editor's decision on a queued item with a reason: returned to the author for revision
 * (退回) or declined (不采用). Only an item waiting for review can be decided; the author is
 * told with the reason, and the change is audited, in one transaction.
 */
export async function decideWithReason(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { editor: PersonRecord; itemId: number; reason: string },
  decision: 'returned' | 'declined',
): Promise<Result<ReviewEntry>> {
  const { editor } = input;
  if (!editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const reason = validateReason(input.reason);
  if (!reason.ok) return reason;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const entry = await tx.review.entry(input.itemId);
    if (!entry) return fail('REVIEW.UNKNOWN', { id: input.itemId });
    const refusal = reviewRefusal(entry);
    if (refusal) return { ok: false, error: refusal };
    if (!(await tx.review.transition(entry.item.id, ['submitted'], { status: decision, reviewedAt: now, reviewNote: reason.value }))) {
      return fail('REVIEW.CHANGED', { id: entry.item.id });
    }
    await tx.audit.record({
      at: now,
      actor: editor.code,
      action: decision === 'returned' ? 'item.return' : 'item.decline',
      subject: `item:${entry.item.id}`,
      before: { status: entry.item.status },
      after: { status: decision, reason: reason.value },
    });
    await notifyPeople(tx, [entry.author.id], decisionMessage(entry, decision, { reason: reason.value }), now);
    return ok((await tx.review.entry(entry.item.id))!);
  });
}
