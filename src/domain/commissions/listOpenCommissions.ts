import type { CommissionRecord, PersonRecord } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import type { TaskDeps } from '../tasks/deps.ts';

/** Every open commission with each unit's answer, soonest due first: for editors and leaders. */
export async function listOpenCommissions(deps: Pick<TaskDeps, 'store'>, input: { viewer: PersonRecord }): Promise<Result<CommissionRecord[]>> {
  if (!input.viewer.roles.some((role) => role === 'editor' || role === 'leader')) return fail('AUTH.FORBIDDEN');
  return ok(await deps.store.commissions.listOpen());
}
