/** Urgent reports (UrgentReport), their follow-ups (UrgentUpdate) and missed reports (UrgentMiss). */
import type { MissRecord, UrgentRecord, UrgentRepo } from '../../domain/urgent/port.ts';
import type { Severity } from '../../domain/vocabulary.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
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
  channel: true,
  calledAt: true,
  loggedById: true,
  acknowledgedAt: true,
  acknowledgedById: true,
  unit: { select: unitSelect },
  _count: { select: { updates: true } },
} as const;

type UrgentRow = Prisma.UrgentReportGetPayload<{ select: typeof urgentSelect }>;

const missSelect = { id: true, occurredAt: true, note: true, withdrawnAt: true, unit: { select: unitSelect } } as const;
const toMiss = ({ unit, ...row }: Prisma.UrgentMissGetPayload<{ select: typeof missSelect }>): MissRecord => ({ ...row, unit: toUnit(unit) });

const toUrgent = ({ _count, unit, ...row }: UrgentRow): UrgentRecord => ({
  ...row,
  unit: toUnit(unit),
  severity: row.severity as Severity,
  status: row.status === 'closed' ? 'closed' : 'open',
  channel: row.channel === 'phone' ? 'phone' : 'chat',
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
      const row = await db.urgentUpdate.create({
        data: {
          reportId: update.reportId,
          kind: update.kind,
          text: update.text,
          authorId: update.authorId,
          createdAt: update.at,
          dueAt: update.dueAt,
          late: update.late,
          delayMinutes: update.delayMinutes,
        },
        select: { id: true },
      });
      return { id: row.id };
    },
    async setNextDue(reportId, nextDueAt) {
      await db.urgentReport.update({ where: { id: reportId }, data: { nextDueAt } });
    },
    async close(reportId, at) {
      await db.urgentReport.update({ where: { id: reportId }, data: { status: 'closed', closedAt: at, nextDueAt: null } });
    },
    async acknowledge(reportId, byId, at) {
      const { count } = await db.urgentReport.updateMany({
        where: { id: reportId, acknowledgedAt: null },
        data: { acknowledgedAt: at, acknowledgedById: byId },
      });
      return count === 1;
    },
    async lateFollowUps({ from, to }) {
      const rows = await db.urgentUpdate.findMany({
        where: { late: true, createdAt: { gte: from, lt: to } },
        select: { reportId: true, createdAt: true, dueAt: true, delayMinutes: true, report: { select: { unitId: true, unit: { select: { name: true } } } } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map((row) => ({
        reportId: row.reportId,
        unitId: row.report.unitId,
        unitName: row.report.unit.name,
        at: row.createdAt,
        dueAt: row.dueAt ?? row.createdAt,
        delayMinutes: row.delayMinutes,
      }));
    },
    async missDuring(unitId, { from, to }) {
      const row = await db.urgentMiss.findFirst({
        where: { unitId, withdrawnAt: null, occurredAt: { gte: from, lt: to } },
        select: missSelect,
        orderBy: { id: 'asc' },
      });
      return row ? toMiss(row) : null;
    },
    async missById(id) {
      const row = await db.urgentMiss.findUnique({ where: { id }, select: missSelect });
      return row ? toMiss(row) : null;
    },
    async withdrawMiss(id, byId, at) {
      const { count } = await db.urgentMiss.updateMany({ where: { id, withdrawnAt: null }, data: { withdrawnAt: at, withdrawnById: byId } });
      return count === 1;
    },
    async recordMiss(miss) {
      const row = await db.urgentMiss.create({
        data: { unitId: miss.unitId, occurredAt: miss.occurredAt, note: miss.note, recordedById: miss.recordedById, createdAt: miss.at },
      });
      return row.id;
    },
  };
}
