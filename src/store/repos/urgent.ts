/** Urgent reports (UrgentReport), their follow-ups (UrgentUpdate) and missed reports (UrgentMiss). */
import type { UrgentRecord, UrgentRepo } from '../../domain/urgent/port.ts';
import type { Severity } from '../../domain/vocabulary.ts';
import type { Prisma } from '../generated/client.ts';
import { toUnit, unitSelect, type Tx } from '../records.ts';

const urgentSelect = {
  id: true,
  reporterId: true,
  what: true,
  place: true,
  occurredAt: true,
  reportedAt: true,
  severity: true,
  casualties: true,
  delayMinutes: true,
  late: true,
  status: true,
  nextDueAt: true,
  closedAt: true,
  unit: { select: unitSelect },
  _count: { select: { updates: true } },
} as const;

type UrgentRow = Prisma.UrgentReportGetPayload<{ select: typeof urgentSelect }>;

const toUrgent = ({ _count, unit, ...row }: UrgentRow): UrgentRecord => ({
  ...row,
  unit: toUnit(unit),
  severity: row.severity as Severity,
  status: row.status === 'closed' ? 'closed' : 'open',
  updates: _count.updates,
});

export function urgentRepo(db: Tx): UrgentRepo {
  return {
    async create(report) {
      return toUrgent(await db.urgentReport.create({ data: { ...report, status: 'open' }, select: urgentSelect }));
    },
    async byId(id) {
      const row = await db.urgentReport.findUnique({ where: { id }, select: urgentSelect });
      return row ? toUrgent(row) : null;
    },
    async listOpen() {
      const rows = await db.urgentReport.findMany({ where: { status: 'open' }, select: urgentSelect, orderBy: [{ nextDueAt: 'asc' }, { id: 'asc' }] });
      return rows.map(toUrgent);
    },
    async overdue(at) {
      const rows = await db.urgentReport.findMany({ where: { status: 'open', nextDueAt: { lte: at } }, select: urgentSelect, orderBy: { id: 'asc' } });
      return rows.map(toUrgent);
    },
    async addUpdate(update) {
      await db.urgentUpdate.create({
        data: { reportId: update.reportId, kind: update.kind, text: update.text, authorId: update.authorId, createdAt: update.at },
      });
    },
    async setNextDue(reportId, nextDueAt) {
      await db.urgentReport.update({ where: { id: reportId }, data: { nextDueAt } });
    },
    async close(reportId, at) {
      await db.urgentReport.update({ where: { id: reportId }, data: { status: 'closed', closedAt: at, nextDueAt: null } });
    },
    async recordMiss(miss) {
      const row = await db.urgentMiss.create({
        data: { unitId: miss.unitId, occurredAt: miss.occurredAt, note: miss.note, recordedById: miss.recordedById, createdAt: miss.at },
      });
      return row.id;
    },
  };
}
