import type { DomainDeps } from '../ports.ts';
import { sendUnitChasers, type UnitChaser } from '../reminders/unitChasers.ts';
import { followUpNudge } from '../tasks/followUpSchedule.ts';
import { nextFeedbackDue } from './feedbackDue.ts';
import { instructionChase } from './instructionMessages.ts';

/**
 * The leader-instruction chaser job (`instruction.chase`), a function of `now` and the data
 * (domain rule 3; 003 篇7: 盯住不放…直至问题的解决). For each open follow-up:
 * - `remindBeforeHours` before its due date, one reminder to the unit's reporters;
 * - from the due time, a chaser every `chaseEveryHours` to the reporters, and from the second
 *   chaser on to the unit lead too — until an editor resolves it;
 * - a feedback quiets it for one interval: the next feedback is due `chaseEveryHours` after it
 *   (if that is later than the due date) and the chasers start again from there, reporters
 *   first (see `nextFeedbackDue`).
 * Each message is keyed (instruction, slot, recipient) in the nudge ledger, so the same instant
 * run twice sends nothing twice; after downtime only the latest slot is sent.
 *
 * After `reminders.capBeforeEscalation` reminders to a reporter since the last feedback, the unit
 * lead is chased instead (src/domain/reminders/unitChasers.ts). Runs only in working time
 * (src/jobs/jobs.ts); because each run sends the latest slot due, a slot due outside working time
 * goes at the next working minute. Returns how many messages were sent.
 */
export async function chaseInstructions(deps: Pick<DomainDeps, 'store' | 'rules' | 'timezone'>, now: Date): Promise<number> {
  const chasers: UnitChaser[] = [];
  for (const instruction of await deps.store.instructions.listOpen()) {
    const due = nextFeedbackDue(instruction, deps.rules);
    const pushed = due.getTime() !== instruction.dueAt.getTime();
    const nudge = followUpNudge({
      dueAt: due,
      openedAt: instruction.createdAt,
      now,
      chaseEveryHours: deps.rules.instruction.chaseEveryHours,
      // The reminder before is for the due date set when the instruction was recorded only.
      remindBeforeHours: pushed ? 0 : deps.rules.instruction.remindBeforeHours,
    });
    if (!nudge) continue;
    chasers.push({
      kind: 'instruction.chase',
      subject: `instruction:${instruction.id}`,
      slot: nudge.slot,
      unitId: instruction.unit.id,
      escalate: nudge.escalate,
      // A feedback is an answer: the cap counts the reminders since the latest one.
      since: instruction.lastFeedbackAt ?? undefined,
      message: (asLead) => instructionChase(instruction, due, nudge.stage, asLead, deps.timezone),
    });
  }
  return sendUnitChasers(deps, chasers, now);
}
