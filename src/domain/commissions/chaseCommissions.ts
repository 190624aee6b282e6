import type { DomainDeps } from '../ports.ts';
import { sendUnitChasers, type UnitChaser } from '../reminders/unitChasers.ts';
import { followUpNudge } from '../tasks/followUpSchedule.ts';
import { addresseeOf, unitDueAt } from './commissionAudience.ts';
import { commissionChase } from './commissionMessages.ts';

/**
 * The commission chaser job (`commission.chase`), a function of `now` and the data (domain rule
 * 4; 002 万源: 约稿、催稿). For each open commission and each unit that has not answered it:
 * one reminder `remindBeforeHours` before the unit's due time (its own, else the commission's;
 * halfway from its creation to the due time when that is later) to the unit's reporters — or to
 * the person it was addressed to, while they are active in the unit — then from the
 * due time a chaser every `chaseEveryHours` to the reporters, and from the second chaser on to
 * the unit lead too — until the unit answers or the commission is withdrawn. Keyed per
 * (commission, unit, slot, recipient) in the nudge ledger, so the same instant run twice sends
 * nothing twice. After `reminders.capBeforeEscalation` reminders to a reporter the unit lead is
 * chased instead (src/domain/reminders/unitChasers.ts). Runs only in working time (src/jobs/jobs.ts); a
 * slot due outside it goes at the next working minute. Returns how many messages were sent.
 */
export async function chaseCommissions(deps: Pick<DomainDeps, 'store' | 'rules' | 'timezone'>, now: Date): Promise<number> {
  const chasers: UnitChaser[] = [];
  for (const commission of await deps.store.commissions.listOpen()) {
    for (const row of commission.units.filter((r) => r.answeredAt === null)) {
      // A commission due sooner than `remindBeforeHours` after it was made is reminded halfway there.
      const dueAt = unitDueAt(commission, row);
      const nudge = followUpNudge({ dueAt, openedAt: commission.createdAt, now, halfway: true, ...deps.rules.commission });
      if (!nudge) continue;
      const { unit } = row;
      const addressee = await addresseeOf(deps.store, row);
      chasers.push({
        kind: 'commission.chase',
        subject: `commission:${commission.id}:${unit.id}`,
        slot: nudge.slot,
        unitId: unit.id,
        escalate: nudge.escalate,
        ...(addressee === null ? {} : { personId: addressee }),
        message: (asLead) => commissionChase(commission, row, nudge.stage, asLead, deps.timezone),
      });
    }
  }
  return sendUnitChasers(deps, chasers, now);
}
