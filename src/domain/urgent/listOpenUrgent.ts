import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { UrgentRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';

/** The open urgent reports with their next due times, for duty officers, editors and leaders. */
export async function listOpenUrgent(deps: Pick<DomainDeps, 'store'>, input: { viewer: PersonRecord }): Promise<Result<UrgentRecord[]>> {
  if (!input.viewer.roles.some((role) => role === 'duty' || role === 'leader' || role === 'editor')) return fail('AUTH.FORBIDDEN');
  return ok(await deps.store.urgent.listOpen());
}
