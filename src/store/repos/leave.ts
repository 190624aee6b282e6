/**
 * Leave (Leave). A row holds its span as instants: `fromDate` is when it starts (local 00:00 of
 * its first day), `toDate` when it ends, exclusive (local 00:00 of the day after its last day).
 */
import type { LeaveRecord, LeaveRepo } from '../../domain/reminders/port.ts';
import type { Tx } from '../records.ts';

export function leaveRepo(db: Tx): LeaveRepo {
  return {
    async add(leave) {
      await db.leave.deleteMany({ where: { personId: leave.personId, fromDate: { lt: leave.until }, toDate: { gt: leave.from } } });
      await db.leave.create({ data: { personId: leave.personId, fromDate: leave.from, toDate: leave.until, setBy: leave.setBy } });
    },
    async end(personId, at) {
      const cut = await db.leave.updateMany({ where: { personId, fromDate: { lt: at }, toDate: { gt: at } }, data: { toDate: at } });
      const removed = await db.leave.deleteMany({ where: { personId, fromDate: { gte: at } } });
      return cut.count + removed.count;
    },
    async during(from, to, personIds) {
      const rows = await db.leave.findMany({
        where: { fromDate: { lt: to }, toDate: { gt: from }, ...(personIds ? { personId: { in: personIds } } : {}) },
        orderBy: [{ fromDate: 'asc' }, { id: 'asc' }],
      });
      return rows.map((row): LeaveRecord => ({ id: row.id, personId: row.personId, from: row.fromDate, until: row.toDate, setBy: row.setBy }));
    },
  };
}
