/** Commissions (Commission) and each asked unit's answer (CommissionUnit). */
import type { CommissionRecord, CommissionsRepo } from '../../domain/commissions/port.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { toUnit, unitSelect, type Tx } from '../records.ts';

const commissionSelect = {
  id: true,
  topic: true,
  requirements: true,
  dueAt: true,
  status: true,
  createdById: true,
  createdAt: true,
  units: { select: { answeredAt: true, answerItemId: true, personId: true, dueAt: true, unit: { select: unitSelect } }, orderBy: { unitId: 'asc' } },
} as const;

type CommissionRow = Prisma.CommissionGetPayload<{ select: typeof commissionSelect }>;

const toCommission = ({ units, ...row }: CommissionRow): CommissionRecord => ({
  ...row,
  status: row.status === 'withdrawn' ? 'withdrawn' : 'open',
  units: units.map(({ unit, ...answer }) => ({ ...answer, unit: toUnit(unit) })),
});

const soonestFirst: Prisma.CommissionOrderByWithRelationInput[] = [{ dueAt: 'asc' }, { id: 'asc' }];

export function commissionsRepo(db: Tx): CommissionsRepo {
  return {
    async create(commission) {
      const row = await db.commission.create({
        data: {
          topic: commission.topic,
          requirements: commission.requirements,
          dueAt: commission.dueAt,
          status: 'open',
          createdById: commission.createdById,
          createdAt: commission.createdAt,
          units: { create: commission.units.map(({ unitId, personId, dueAt }) => ({ unitId, personId, dueAt })) },
        },
        select: commissionSelect,
      });
      return toCommission(row);
    },
    async byId(id) {
      const row = await db.commission.findUnique({ where: { id }, select: commissionSelect });
      return row ? toCommission(row) : null;
    },
    async listOpen() {
      return (await db.commission.findMany({ where: { status: 'open' }, select: commissionSelect, orderBy: soonestFirst })).map(toCommission);
    },
    async openForUnit(unitId) {
      const rows = await db.commission.findMany({
        where: { status: 'open', units: { some: { unitId, answeredAt: null } } },
        select: commissionSelect,
        orderBy: soonestFirst,
      });
      return rows.map(toCommission);
    },
    async markAnswered(answer) {
      const { count } = await db.commissionUnit.updateMany({
        where: { commissionId: answer.commissionId, unitId: answer.unitId, answeredAt: null },
        data: { answeredAt: answer.at, answerItemId: answer.itemId },
      });
      return count === 1;
    },
    async withdraw(id) {
      const { count } = await db.commission.updateMany({ where: { id, status: 'open' }, data: { status: 'withdrawn' } });
      return count === 1;
    },
  };
}
