import type { DomainDeps } from '../ports.ts';
import type { PersonRecord } from '../org/port.ts';
import type { CommissionRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';

/** Every open commission with each unit's answer, soonest due first: for editors and leaders. */
export async function listOpenCommissions(deps: Pick<DomainDeps, 'store'>, input: { viewer: PersonRecord }): Promise<Result<CommissionRecord[]>> {
  if (!input.viewer.roles.some((role) => role === 'editor' || role === 'leader')) return fail('AUTH.FORBIDDEN');
  return ok(await deps.store.commissions.listOpen());
}
