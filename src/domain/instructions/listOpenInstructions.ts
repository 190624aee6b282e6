import type { InstructionRecord, PersonRecord } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import type { TaskDeps } from '../tasks/deps.ts';

/** Every open leader-instruction follow-up, soonest due first: for editors and leaders (who read). */
export async function listOpenInstructions(deps: Pick<TaskDeps, 'store'>, input: { viewer: PersonRecord }): Promise<Result<InstructionRecord[]>> {
  if (!input.viewer.roles.some((role) => role === 'editor' || role === 'leader')) return fail('AUTH.FORBIDDEN');
  return ok(await deps.store.instructions.listOpen());
}
