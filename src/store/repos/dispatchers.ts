/** The outbox dispatchers' heartbeats (DispatcherBeat). */
import type { DispatchersRepo } from '../../domain/notify/port.ts';
import type { Tx } from '../records.ts';

export function dispatchersRepo(db: Tx): DispatchersRepo {
  return {
    async beat(beat) {
      await db.dispatcherBeat.upsert({ where: { id: beat.id }, create: beat, update: { beatAt: beat.beatAt } });
    },
    async all() {
      return db.dispatcherBeat.findMany({ orderBy: { startedAt: 'asc' } });
    },
    async forget(ids) {
      if (ids.length > 0) await db.dispatcherBeat.deleteMany({ where: { id: { in: ids } } });
    },
  };
}
