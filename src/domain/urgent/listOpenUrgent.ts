import type { PersonRecord, Store, UrgentRecord } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';

/** The open urgent reports with their next due times, for duty officers, editors and leaders. */
export async function listOpenUrgent(deps: { store: Store }, input: { viewer: PersonRecord }): Promise<Result<UrgentRecord[]>> {
  if (!input.viewer.roles.some((role) => role === 'duty' || role === 'leader' || role === 'editor')) return fail('AUTH.FORBIDDEN');
  return ok(await deps.store.urgent.listOpen());
}
