import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ReviewEntry } from './port.ts';
import { fail, ok, type Result } from '../result.ts';

export type QueueView = {
  /** The item to review now, or null when the queue is empty. */
  entry: ReviewEntry | null;
  /** Its 1-based place in the queue (“1/7”) and the queue's length. */
  position: number;
  total: number;
};

/**
 * The office's review queue (审核), one item at a time: items submitted (and signed off where the
 * unit requires it) and not yet adopted, returned or declined, oldest first. `after` moves on
 * past that item (wrapping round to the oldest). Editors only.
 */
export async function reviewQueue(deps: Pick<DomainDeps, 'store'>, input: { viewer: PersonRecord; after?: number }): Promise<Result<QueueView>> {
  if (!input.viewer.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const { review } = deps.store;
  const from = input.after === undefined ? null : await review.entry(input.after);
  const next = from?.item.submittedAt ? await review.queueNext({ submittedAt: from.item.submittedAt, id: from.item.id }) : null;
  const entry = next ?? (await review.queueNext());
  if (!entry) return ok({ entry: null, position: 0, total: 0 });
  const [position, total] = await Promise.all([review.queuePosition({ submittedAt: entry.item.submittedAt!, id: entry.item.id }), review.queueCount()]);
  return ok({ entry, position, total });
}
