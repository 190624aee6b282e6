import type { InstructionRecord } from './port.ts';
import type { Rules } from '../rules/schema.ts';
import { hoursAfter } from '../tasks/due.ts';

/**
 * When the unit's next feedback on an open instruction is due (003 篇7: 连续反馈): its due date,
 * or `chaseEveryHours` after the latest feedback if that is later — a feedback buys the unit one
 * chase interval of quiet, and the chasers start again from there.
 */
export function nextFeedbackDue(instruction: InstructionRecord, rules: Rules): Date {
  if (!instruction.lastFeedbackAt) return instruction.dueAt;
  const after = hoursAfter(instruction.lastFeedbackAt, rules.instruction.chaseEveryHours);
  return after.getTime() > instruction.dueAt.getTime() ? after : instruction.dueAt;
}
