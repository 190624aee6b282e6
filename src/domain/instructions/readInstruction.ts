import type { DomainDeps } from '../ports.ts';
import type { PersonRecord } from '../org/port.ts';
import { fail, ok, type Result } from '../result.ts';
import type { FeedbackRecord, InstructionRecord } from './port.ts';

/**
 * An instruction (批示) with every feedback on it, oldest first: what a leader's notice button
 * opens. The office's editors and leaders may read any; a unit's reporters and lead their unit's.
 */
export async function readInstruction(
  deps: Pick<DomainDeps, 'store'>,
  input: { viewer: PersonRecord; instructionId: number },
): Promise<Result<{ instruction: InstructionRecord; feedback: FeedbackRecord[] }>> {
  const { viewer } = input;
  const office = viewer.roles.some((role) => role === 'editor' || role === 'leader');
  const inUnit = viewer.roles.some((role) => role === 'reporter' || role === 'lead');
  if (!office && !inUnit) return fail('AUTH.FORBIDDEN');
  const instruction = await deps.store.instructions.byId(input.instructionId);
  if (!instruction) return fail('INSTRUCTION.UNKNOWN', { id: input.instructionId });
  if (!office && viewer.unit?.id !== instruction.unit.id) return fail('INSTRUCTION.NOT_YOUR_UNIT', { id: instruction.id });
  return ok({ instruction, feedback: await deps.store.instructions.feedbackOf(instruction.id) });
}
