/** Items (Item) with their non-deleted adoptions. */
import type { ItemsRepo } from '../../domain/items/port.ts';
import { itemSelect, toItem, type Tx } from '../records.ts';

export function itemsRepo(db: Tx): ItemsRepo {
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
        where: { unitId, title, createdAt: { gte: since }, status: { not: 'returned' } },
        select: itemSelect,
        orderBy: { id: 'desc' },
      });
      return row ? toItem(row) : null;
    },
    async byAuthor(authorId, limit) {
      const rows = await db.item.findMany({ where: { authorId }, select: itemSelect, orderBy: { id: 'desc' }, take: limit });
      return rows.map(toItem);
    },
  };
}
