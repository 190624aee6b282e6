import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ReviewEntry } from './port.ts';
import type { Result } from '../result.ts';
import { decideWithReason } from './decideWithReason.ts';

/** An editor returns a queued item to its author for revision (退回), with the reason. */
export function returnItem(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { editor: PersonRecord; itemId: number; reason: string },
): Promise<Result<ReviewEntry>> {
  return decideWithReason(deps, input, 'returned');
}
