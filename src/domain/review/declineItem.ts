import type { Clock, PersonRecord, ReviewEntry, Store } from '../ports.ts';
import type { Result } from '../result.ts';
import { decideWithReason } from './decideWithReason.ts';

/** An editor declines a queued item (不采用), with the reason the author is told. */
export function declineItem(
  deps: { store: Store; clock: Clock },
  input: { editor: PersonRecord; itemId: number; reason: string },
): Promise<Result<ReviewEntry>> {
  return decideWithReason(deps, input, 'declined');
}
