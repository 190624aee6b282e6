import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ReviewEntry } from './port.ts';
import { fail, ok, type Result } from '../result.ts';

/** The items of the lead's own unit waiting for their sign-off, oldest first (at most `limit`). */
export async function listAwaitingSignOff(deps: Pick<DomainDeps, 'store'>, input: { lead: PersonRecord; limit?: number }): Promise<Result<ReviewEntry[]>> {
  if (!input.lead.roles.includes('lead')) return fail('AUTH.FORBIDDEN');
  if (!input.lead.unit) return fail('AUTH.NO_UNIT');
  return ok(await deps.store.review.awaitingSignOff(input.lead.unit.id, input.limit ?? 20));
}
