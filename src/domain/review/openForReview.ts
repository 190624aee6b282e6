import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ReviewEntry } from './port.ts';
import { fail, ok, type Result } from '../result.ts';

/**
 * The item, if it still waits for the office's review; otherwise REVIEW.DECIDED with its status
 * (a review card's button pressed after someone decided it). Editors only; changes nothing.
 */
export async function openForReview(deps: Pick<DomainDeps, 'store'>, input: { editor: PersonRecord; itemId: number }): Promise<Result<ReviewEntry>> {
  if (!input.editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const entry = await deps.store.review.entry(input.itemId);
  if (!entry) return fail('REVIEW.UNKNOWN', { id: input.itemId });
  if (entry.item.status !== 'submitted') return fail('REVIEW.DECIDED', { id: entry.item.id, status: entry.item.status });
  return ok(entry);
}
