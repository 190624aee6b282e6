import type { DomainDeps } from '../ports.ts';
import type { PersonRecord } from '../org/port.ts';
import type { CommissionRecord } from './port.ts';
import { ok, type Result } from '../result.ts';

/** The open commissions a person's unit has not answered yet, soonest due first ([] without a unit). */
export async function commissionsToAnswer(deps: Pick<DomainDeps, 'store'>, input: { person: PersonRecord }): Promise<Result<CommissionRecord[]>> {
  const unit = input.person.unit;
  if (!unit) return ok([]);
  return ok(await deps.store.commissions.openForUnit(unit.id));
}
