import type { CommissionRecord, PersonRecord } from '../ports.ts';
import { ok, type Result } from '../result.ts';
import type { TaskDeps } from '../tasks/deps.ts';

/** The open commissions a person's unit has not answered yet, soonest due first ([] without a unit). */
export async function commissionsToAnswer(deps: Pick<TaskDeps, 'store'>, input: { person: PersonRecord }): Promise<Result<CommissionRecord[]>> {
  const unit = input.person.unit;
  if (!unit) return ok([]);
  return ok(await deps.store.commissions.openForUnit(unit.id));
}
