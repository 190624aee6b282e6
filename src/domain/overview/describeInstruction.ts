import { nextFeedbackDue } from '../instructions/feedbackDue.ts';
import type { FeedbackRecord, InstructionRecord } from '../instructions/port.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { readsOpenWork } from './listOpenWork.ts';

export type InstructionDetail = { instruction: InstructionRecord; nextDueAt: Date; overdue: boolean; feedback: FeedbackRecord[] };

/**
 * One leader instruction as the /open detail shows it (docs/open-work.md): its text, leader,
 * item and due time, when the next feedback is due, and each feedback with who sent it and when.
 * Editors and leaders only; reads only.
 */
export async function describeInstruction(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'rules'>,
  input: { viewer: PersonRecord; instructionId: number },
): Promise<Result<InstructionDetail>> {
  if (!readsOpenWork(input.viewer)) return fail('AUTH.FORBIDDEN');
  const instruction = await deps.store.instructions.byId(input.instructionId);
  if (!instruction) return fail('INSTRUCTION.UNKNOWN', { id: input.instructionId });
  const nextDueAt = nextFeedbackDue(instruction, deps.rules);
  const overdue = instruction.status === 'open' && nextDueAt.getTime() <= deps.clock.now().getTime();
  return ok({ instruction, nextDueAt, overdue, feedback: await deps.store.instructions.feedbackOf(instruction.id) });
}
