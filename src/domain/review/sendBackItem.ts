import { notifyPeople } from '../notify/notify.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ReviewEntry } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { validateReason } from './checks.ts';
import { decisionMessage } from './reviewMessages.ts';
import { signOffRefusal } from './signOffItem.ts';

/**
 * The unit lead sends an item of their own unit back to its author (退回) instead of signing
 * it off, with the reason. It never reaches the office and never counts as submitted. The
 * author is told, and the change is audited, in one transaction.
 */
export async function sendBackItem(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { lead: PersonRecord; itemId: number; reason: string },
): Promise<Result<ReviewEntry>> {
  const { lead } = input;
  if (!lead.roles.includes('lead')) return fail('AUTH.FORBIDDEN');
  const reason = validateReason(input.reason);
  if (!reason.ok) return reason;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const entry = await tx.review.entry(input.itemId);
    if (!entry) return fail('REVIEW.UNKNOWN', { id: input.itemId });
    const refusal = signOffRefusal(lead, entry);
    if (refusal) return { ok: false, error: refusal };
    if (!(await tx.review.transition(entry.item.id, ['signoff'], { status: 'returned', reviewNote: reason.value }))) {
      return fail('SIGNOFF.DONE', { id: entry.item.id });
    }
    await tx.audit.record({
      at: now,
      actor: lead.code,
      action: 'item.sendback',
      subject: `item:${entry.item.id}`,
      before: { status: 'signoff' },
      after: { status: 'returned', reason: reason.value },
    });
    await notifyPeople(
      tx,
      [entry.author.id].filter((id) => id !== lead.id),
      decisionMessage(entry, 'sentBack', { reason: reason.value, lead: lead.name }),
      now,
    );
    return ok((await tx.review.entry(entry.item.id))!);
  });
}
