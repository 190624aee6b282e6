/** Items (Item) with their non-deleted adoptions, their earlier versions (ItemVersion), withdrawal and search. */
import type { FoundItem, ItemInstruction, ItemsRepo, ItemVersionRecord } from '../../domain/items/port.ts';
import type { Category } from '../../domain/vocabulary.ts';
import type { Dialect } from '../client.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { itemSelect, toItem, type Tx } from '../records.ts';

/** The audit action of an edit; its `after` names who wrote the new version (see lastEdit). */
export const EDIT_ACTION = 'item.edit';

export function itemsRepo(db: Tx, dialect: Dialect): ItemsRepo {
  // PostgreSQL compares text case-sensitively unless asked; SQLite's LIKE ignores case for Latin letters already.
  const contains = (word: string) => (dialect === 'postgresql' ? { contains: word, mode: 'insensitive' as const } : { contains: word });
  return {
    async create(item) {
      return toItem(await db.item.create({ data: item, select: itemSelect }));
    },
    async byId(id) {
      const row = await db.item.findUnique({ where: { id }, select: itemSelect });
      return row ? toItem(row) : null;
    },
    async sameTitleSince(unitId, title, since) {
      const row = await db.item.findFirst({
        where: { unitId, title, createdAt: { gte: since }, status: { notIn: ['returned', 'withdrawn'] } },
        select: itemSelect,
        orderBy: { id: 'desc' },
      });
      return row ? toItem(row) : null;
    },
    async byAuthor(authorId, limit) {
      const rows = await db.item.findMany({ where: { authorId }, select: itemSelect, orderBy: { id: 'desc' }, take: limit });
      return rows.map(toItem);
    },
    async list({ statuses, authorId, unitId }, limit) {
      const rows = await db.item.findMany({
        where: {
          ...(statuses ? { status: { in: statuses } } : {}),
          ...(authorId === undefined ? {} : { authorId }),
          ...(unitId === undefined ? {} : { unitId }),
        },
        select: itemSelect,
        orderBy: { id: 'desc' },
        take: limit,
      });
      return rows.map(toItem);
    },
    async revise(itemId, fromVersion, from, change) {
      const { count } = await db.item.updateMany({ where: { id: itemId, version: fromVersion, status: { in: from } }, data: change });
      return count === 1;
    },
    async addVersion(version) {
      await db.itemVersion.create({ data: version });
    },
    async versions(itemId) {
      const rows = await db.itemVersion.findMany({ where: { itemId }, orderBy: { version: 'asc' } });
      const names = await personNames(
        db,
        rows.map((row) => row.editedById),
      );
      return rows.map(
        (row): ItemVersionRecord => ({
          itemId: row.itemId,
          version: row.version,
          title: row.title,
          body: row.body,
          category: row.category as Category,
          editedById: row.editedById,
          editedByName: names.get(row.editedById) ?? '',
          editedAt: row.editedAt,
        }),
      );
    },
    async lastEdit(itemId) {
      const row = await db.auditLog.findFirst({ where: { action: EDIT_ACTION, subject: `item:${itemId}` }, orderBy: [{ at: 'desc' }, { id: 'desc' }] });
      const personId = row?.after ? (JSON.parse(row.after) as { editedById?: unknown }).editedById : undefined;
      if (!row || typeof personId !== 'number') return null;
      const names = await personNames(db, [personId]);
      return { personId, name: names.get(personId) ?? '', at: row.at };
    },
    async withdraw(itemId, from, at) {
      const { count } = await db.item.updateMany({ where: { id: itemId, status: { in: from } }, data: { status: 'withdrawn', withdrawnAt: at } });
      return count === 1;
    },
    async releaseCommissionAnswer(itemId) {
      const answer = await db.commissionUnit.findFirst({ where: { answerItemId: itemId } });
      if (!answer) return 'none';
      const other = await db.item.findFirst({
        where: { commissionId: answer.commissionId, unitId: answer.unitId, id: { not: itemId }, status: { not: 'withdrawn' } },
        orderBy: { id: 'asc' },
        select: { id: true, createdAt: true },
      });
      await db.commissionUnit.update({
        where: { commissionId_unitId: { commissionId: answer.commissionId, unitId: answer.unitId } },
        data: other ? { answerItemId: other.id, answeredAt: other.createdAt } : { answerItemId: null, answeredAt: null },
      });
      return other ? 'moved' : 'cleared';
    },
    async instructionsOn(itemId) {
      const rows = await db.instruction.findMany({
        where: { itemId },
        orderBy: { id: 'asc' },
        select: {
          id: true,
          leaderName: true,
          text: true,
          createdAt: true,
          status: true,
          resolvedAt: true,
          feedback: { orderBy: { id: 'asc' }, select: { text: true, createdAt: true, author: { select: { name: true } } } },
        },
      });
      return rows.map(
        (row): ItemInstruction => ({
          ...row,
          status: row.status === 'resolved' ? 'resolved' : 'open',
          feedback: row.feedback.map((f) => ({ text: f.text, authorName: f.author.name, at: f.createdAt })),
        }),
      );
    },
    async search({ words, range, skip, take }) {
      const where: Prisma.ItemWhereInput = {
        AND: words.map((word) => ({ OR: [{ title: contains(word) }, { body: contains(word) }] })),
        ...(range ? { createdAt: { gte: range.from, lt: range.to } } : {}),
      };
      const [rows, total] = await Promise.all([
        db.item.findMany({ where, select: { ...itemSelect, unit: { select: { name: true } } }, orderBy: { id: 'desc' }, skip, take }),
        db.item.count({ where }),
      ]);
      return { items: rows.map(({ unit, ...row }): FoundItem => ({ ...toItem(row), unitName: unit.name })), total };
    },
  };
}

async function personNames(db: Tx, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.person.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}
