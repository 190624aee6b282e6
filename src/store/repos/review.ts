/** Review, adoption and sign-off: the office's queue, decisions on items, adoptions and awards. */
import type { ReviewEntry, ReviewRepo } from '../../domain/review/port.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { itemSelect, toItem, toUnit, unitSelect, type Tx } from '../records.ts';

const entrySelect = {
  ...itemSelect,
  signedById: true,
  signedAt: true,
  reviewedAt: true,
  unit: { select: unitSelect },
  author: { select: { id: true, code: true, name: true } },
} as const;

type EntryRow = Prisma.ItemGetPayload<{ select: typeof entrySelect }>;

const toEntry = ({ signedById, signedAt, reviewedAt, unit, author, ...item }: EntryRow): ReviewEntry => ({
  item: toItem(item),
  unit: toUnit(unit),
  author,
  signedById,
  signedAt,
  reviewedAt,
});

/** The queue's order: oldest submitted first, then by id. */
const QUEUE_ORDER = [{ submittedAt: 'asc' }, { id: 'asc' }] as const satisfies Prisma.ItemOrderByWithRelationInput[];

export function reviewRepo(db: Tx): ReviewRepo {
  return {
    async entry(itemId) {
      const row = await db.item.findUnique({ where: { id: itemId }, select: entrySelect });
      return row ? toEntry(row) : null;
    },
    async queueCount() {
      return db.item.count({ where: { status: 'submitted' } });
    },
    async queueNext(after) {
      const where: Prisma.ItemWhereInput = after
        ? {
            status: 'submitted',
            OR: [{ submittedAt: { gt: after.submittedAt } }, { submittedAt: after.submittedAt, id: { gt: after.id } }],
          }
        : { status: 'submitted' };
      const row = await db.item.findFirst({ where, select: entrySelect, orderBy: [...QUEUE_ORDER] });
      return row ? toEntry(row) : null;
    },
    async queuePosition(item) {
      return db.item.count({
        where: {
          status: 'submitted',
          OR: [{ submittedAt: { lt: item.submittedAt } }, { submittedAt: item.submittedAt, id: { lte: item.id } }],
        },
      });
    },
    async awaitingSignOff(unitId, limit) {
      const rows = await db.item.findMany({ where: { unitId, status: 'signoff' }, select: entrySelect, orderBy: { id: 'asc' }, take: limit });
      return rows.map(toEntry);
    },
    async transition(itemId, from, change) {
      const { count } = await db.item.updateMany({ where: { id: itemId, status: { in: from } }, data: change });
      return count === 1;
    },
    async addAdoption(adoption) {
      // The pair (item, publication) is unique over deleted rows too: a deleted adoption is revived.
      const existing = await db.adoption.findUnique({
        where: { itemId_publicationCode: { itemId: adoption.itemId, publicationCode: adoption.publicationCode } },
        select: { id: true, deletedAt: true },
      });
      if (existing && existing.deletedAt === null) return false;
      if (existing) await db.adoption.update({ where: { id: existing.id }, data: { ...adoption, deletedAt: null } });
      else await db.adoption.create({ data: adoption });
      return true;
    },
    async hasAward(reason) {
      return (await db.award.count({ where: { reason } })) > 0;
    },
    async addAward(award) {
      const { period, ...rest } = award;
      await db.award.create({ data: { ...rest, ...(period ? { periodKey: period.key, periodStart: period.start, periodEnd: period.end } : {}) } });
    },
  };
}
