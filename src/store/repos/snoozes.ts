/** Snoozes (Snooze): a person's reminders of one kind held until a time. */
import type { SnoozesRepo } from '../../domain/reminders/port.ts';
import type { Tx } from '../records.ts';

export function snoozesRepo(db: Tx): SnoozesRepo {
  return {
    async set(personId, kind, until) {
      await db.snooze.deleteMany({ where: { personId, kind } });
      await db.snooze.create({ data: { personId, kind, until } });
    },
    async at(at, personIds) {
      return db.snooze.findMany({
        where: { until: { gt: at }, ...(personIds ? { personId: { in: personIds } } : {}) },
        select: { personId: true, kind: true, until: true },
      });
    },
  };
}
