import { sendNudge } from '../notify/notify.ts';
import type { TaskDeps } from '../tasks/deps.ts';
import { followUpNudge } from '../tasks/followUpSchedule.ts';
import { unitAudience } from '../tasks/unitAudience.ts';
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
 * Not gated by working hours yet: a gate such as
 * `(deps, now) => isWorkingTime(now, calendar) ? chaseInstructions(deps, now) : 0` can wrap it,
 * and because each run sends the latest slot due, a held reminder goes at the next working minute.
 * Returns how many messages were sent.
 */
export async function chaseInstructions(deps: TaskDeps, now: Date): Promise<number> {
  let sent = 0;
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
    for (const { person, asLead } of await unitAudience(deps.store, instruction.unit.id, nudge.escalate)) {
      const message = instructionChase(instruction, due, nudge.stage, asLead, deps.timezone);
      const key = { kind: 'instruction.chase', subject: `instruction:${instruction.id}`, slot: nudge.slot, recipientId: person.id };
      if (await sendNudge(deps.store, key, message, now)) sent += 1;
    }
  }
  return sent;
}
