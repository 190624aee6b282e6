import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ReviewEntry } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { signOffRefusal } from './signOffItem.ts';

/** The item, if this lead may still sign it off or send it back (their unit, awaiting sign-off). Changes nothing. */
export async function openForSignOff(deps: Pick<DomainDeps, 'store'>, input: { lead: PersonRecord; itemId: number }): Promise<Result<ReviewEntry>> {
  if (!input.lead.roles.includes('lead')) return fail('AUTH.FORBIDDEN');
  const entry = await deps.store.review.entry(input.itemId);
  if (!entry) return fail('REVIEW.UNKNOWN', { id: input.itemId });
  const refusal = signOffRefusal(input.lead, entry);
  return refusal ? { ok: false, error: refusal } : ok(entry);
}
