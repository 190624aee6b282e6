import type { DomainDeps } from '../ports.ts';
import { notifyPeople } from '../notify/notify.ts';
import type { PersonRecord } from '../org/port.ts';
import type { InstructionRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { validateText } from '../tasks/text.ts';
import { feedbackNotice } from './instructionMessages.ts';
import { leaderFeedbackNotice, leaderToTell } from './leaderNotices.ts';

/**
 * A reporter or lead of the instruction's unit reports how it is being carried out (反馈). Only
 * that unit may, and only while the follow-up is open. The office's editors are told in the same
 * transaction, and so is the leader who gave the instruction, unless they turned these notices
 * off (src/domain/instructions/leaderNotices.ts): queued with the feedback, it is sent once. A feedback quiets the chasers for one chase interval (see `nextFeedbackDue`).
 */
export async function addFeedback(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'timezone'>,
  input: { author: PersonRecord; instructionId: number; text: string },
): Promise<Result<{ feedbackId: number; instruction: InstructionRecord }>> {
  const { author } = input;
  if (!author.roles.some((role) => role === 'reporter' || role === 'lead')) return fail('AUTH.FORBIDDEN');
  const body = validateText(input.text, 'INSTRUCTION.FEEDBACK_TEXT', 2, 2000);
  if (!body.ok) return body;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const instruction = await tx.instructions.byId(input.instructionId);
    if (!instruction) return fail('INSTRUCTION.UNKNOWN', { id: input.instructionId });
    if (!author.unit || author.unit.id !== instruction.unit.id) return fail('INSTRUCTION.NOT_YOUR_UNIT', { id: instruction.id });
    if (instruction.status !== 'open') return fail('INSTRUCTION.RESOLVED', { id: instruction.id });
    const feedback = await tx.instructions.addFeedback({ instructionId: instruction.id, authorId: author.id, text: body.value, at: now });
    const editors = (await tx.people.withRole('editor')).map((person) => person.id).filter((id) => id !== author.id);
    await notifyPeople(tx, editors, feedbackNotice(instruction, body.value, author.name, deps.timezone), now);
    const leader = await leaderToTell(tx, instruction);
    if (leader !== null && leader !== author.id) {
      await notifyPeople(tx, [leader], leaderFeedbackNotice(instruction, { text: body.value, authorName: author.name, at: now }, deps.timezone), now);
    }
    return ok({ feedbackId: feedback.id, instruction: (await tx.instructions.byId(instruction.id))! });
  });
}
