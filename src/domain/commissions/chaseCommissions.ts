import { sendNudge } from '../notify/notify.ts';
import type { TaskDeps } from '../tasks/deps.ts';
import { followUpNudge } from '../tasks/followUpSchedule.ts';
import { unitAudience } from '../tasks/unitAudience.ts';
import { commissionChase } from './commissionMessages.ts';

/**
 * The commission chaser job (`commission.chase`), a function of `now` and the data (domain rule
 * 4; 002 万源: 约稿、催稿). For each open commission and each unit that has not answered it:
 * one reminder `remindBeforeHours` before the due time to the unit's reporters, then from the
 * due time a chaser every `chaseEveryHours` to the reporters, and from the second chaser on to
 * the unit lead too — until the unit answers or the commission is withdrawn. Keyed per
 * (commission, unit, slot, recipient) in the nudge ledger, so the same instant run twice sends
 * nothing twice. Like `chaseInstructions`, a working-hours gate can wrap it. Returns how many
 * messages were sent.
 */
export async function chaseCommissions(deps: TaskDeps, now: Date): Promise<number> {
  let sent = 0;
  for (const commission of await deps.store.commissions.listOpen()) {
    const nudge = followUpNudge({ dueAt: commission.dueAt, openedAt: commission.createdAt, now, ...deps.rules.commission });
    if (!nudge) continue;
    for (const { unit } of commission.units.filter((row) => row.answeredAt === null)) {
      for (const { person, asLead } of await unitAudience(deps.store, unit.id, nudge.escalate)) {
        const message = commissionChase(commission, unit, nudge.stage, asLead, deps.timezone);
        const key = { kind: 'commission.chase', subject: `commission:${commission.id}:${unit.id}`, slot: nudge.slot, recipientId: person.id };
        if (await sendNudge(deps.store, key, message, now)) sent += 1;
      }
    }
  }
  return sent;
}
