import { notifyPeople } from '../notify/notify.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ReviewEntry } from './port.ts';
import { fail, ok, type Failure, type Result } from '../result.ts';
import { decisionMessage } from './reviewMessages.ts';

/** Why this person may not sign off or send back this item (null when they may). */
export function signOffRefusal(lead: PersonRecord, entry: ReviewEntry): Failure | null {
  if (!lead.unit || lead.unit.id !== entry.unit.id) return { code: 'SIGNOFF.NOT_YOUR_UNIT', params: { id: entry.item.id } };
  if (entry.item.status !== 'signoff') return { code: 'SIGNOFF.DONE', params: { id: entry.item.id } };
  return null;
}

/**
 * The unit lead signs off (审签/签发) an item of their own unit: only now does it reach the
 * office's review queue and count as submitted (submittedAt is the signing time). The author
 * is told, and the change is audited, in one transaction.
 */
export async function signOffItem(deps: Pick<DomainDeps, 'store' | 'clock'>, input: { lead: PersonRecord; itemId: number }): Promise<Result<ReviewEntry>> {
  const { lead } = input;
  if (!lead.roles.includes('lead')) return fail('AUTH.FORBIDDEN');
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const entry = await tx.review.entry(input.itemId);
    if (!entry) return fail('REVIEW.UNKNOWN', { id: input.itemId });
    const refusal = signOffRefusal(lead, entry);
    if (refusal) return { ok: false, error: refusal };
    const change = { status: 'submitted' as const, submittedAt: now, signedById: lead.id, signedAt: now };
    if (!(await tx.review.transition(entry.item.id, ['signoff'], change))) return fail('SIGNOFF.DONE', { id: entry.item.id });
    await tx.audit.record({
      at: now,
      actor: lead.code,
      action: 'item.signoff',
      subject: `item:${entry.item.id}`,
      before: { status: 'signoff' },
      after: { status: 'submitted', signedBy: lead.code, signedAt: now.toISOString() },
    });
    await notifyPeople(
      tx,
      [entry.author.id].filter((id) => id !== lead.id),
      decisionMessage(entry, 'signed', { lead: lead.name }),
      now,
    );
    return ok((await tx.review.entry(entry.item.id))!);
  });
}
