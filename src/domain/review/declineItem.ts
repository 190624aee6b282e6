import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ReviewEntry } from './port.ts';
import type { Result } from '../result.ts';
import { decideWithReason } from './decideWithReason.ts';

/** An editor declines a queued item (不采用), with the reason the author is told. */
export function declineItem(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { editor: PersonRecord; itemId: number; reason: string },
): Promise<Result<ReviewEntry>> {
  return decideWithReason(deps, input, 'declined');
}
