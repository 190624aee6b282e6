/** Reads for the open-work overview (/open) that no feature's repository offers: an urgent report's updates. */
import type { OverviewRepo, UrgentUpdateRecord } from '../../domain/overview/port.ts';
import type { Tx } from '../records.ts';

const KINDS = new Set(['followup', 'final', 'phone']);

export function overviewRepo(db: Tx): OverviewRepo {
  return {
    async urgentUpdates(reportId) {
      const rows = await db.urgentUpdate.findMany({
        where: { reportId },
        select: { id: true, kind: true, text: true, createdAt: true, late: true, author: { select: { name: true } } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map((row) => ({
        id: row.id,
        kind: (KINDS.has(row.kind) ? row.kind : 'followup') as UrgentUpdateRecord['kind'],
        text: row.text,
        authorName: row.author.name,
        at: row.createdAt,
        late: row.late,
      }));
    },
  };
}
