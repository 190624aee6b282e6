/** The scheduler's minutes, each recorded by the one instance that runs it (SchedulerMinute; docs/instances.md). */
import type { SchedulerMinutesRepo } from '../../domain/instances/port.ts';
import type { Tx } from '../records.ts';

export function schedulerMinutesRepo(db: Tx): SchedulerMinutesRepo {
  return {
    async record(minute, holder, at) {
      const count = await db.$executeRaw`
        INSERT INTO "SchedulerMinute" ("minute", "holder", "startedAt") VALUES (${minute}, ${holder}, ${at})
        ON CONFLICT ("minute") DO NOTHING`;
      return count === 1;
    },
    async prune(before) {
      const { count } = await db.schedulerMinute.deleteMany({ where: { minute: { lt: before } } });
      return count;
    },
  };
}
