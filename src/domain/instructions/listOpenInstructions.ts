import type { DomainDeps } from '../ports.ts';
import type { PersonRecord } from '../org/port.ts';
import type { InstructionRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';

/** Every open leader-instruction follow-up, soonest due first: for editors and leaders (who read). */
export async function listOpenInstructions(deps: Pick<DomainDeps, 'store'>, input: { viewer: PersonRecord }): Promise<Result<InstructionRecord[]>> {
  if (!input.viewer.roles.some((role) => role === 'editor' || role === 'leader')) return fail('AUTH.FORBIDDEN');
  return ok(await deps.store.instructions.listOpen());
}
