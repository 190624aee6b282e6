/** Bulletin issues (BulletinIssue) and their items (BulletinEntry); docs/bulletins.md. */
import type { BulletinIssueRecord, BulletinStatus, BulletinsRepo } from '../../domain/bulletins/port.ts';
import type { Tx } from '../records.ts';
import { isUniqueViolation } from '../uniqueViolation.ts';

const issueSelect = {
  id: true,
  publicationCode: true,
  year: true,
  number: true,
  totalNumber: true,
  title: true,
  issuedOn: true,
  editorNote: true,
  leadItemId: true,
  status: true,
  fileHash: true,
  compiledById: true,
  issuedAt: true,
  issuedById: true,
  entries: { select: { itemId: true, position: true }, orderBy: { position: 'asc' as const } },
} as const;

type IssueRow = Omit<BulletinIssueRecord, 'status'> & { status: string };

const record = (row: IssueRow): BulletinIssueRecord => ({ ...row, status: row.status as BulletinStatus });

export function bulletinsRepo(db: Tx): BulletinsRepo {
  return {
    async candidates(publicationCode, ids) {
      const rows = await db.adoption.findMany({
        where: {
          publicationCode,
          deletedAt: null,
          ...(ids ? { itemId: { in: ids } } : {}),
          item: { status: { not: 'withdrawn' }, bulletinEntries: { none: { publicationCode } } },
        },
        select: { adoptedAt: true, item: { select: { id: true, title: true, body: true, unit: { select: { id: true, name: true } } } } },
        orderBy: [{ adoptedAt: 'asc' }, { itemId: 'asc' }],
      });
      return rows.map((row) => ({ ...row.item, adoptedAt: row.adoptedAt }));
    },
    async placed(publicationCode, itemIds) {
      const rows = await db.bulletinEntry.findMany({
        where: { publicationCode, itemId: { in: itemIds } },
        select: { itemId: true, issue: { select: { year: true, number: true } } },
      });
      return rows.map((row) => ({ itemId: row.itemId, year: row.issue.year, number: row.issue.number }));
    },
    async lastNumbers(publicationCode, year) {
      const [inYear, overall] = await Promise.all([
        db.bulletinIssue.aggregate({ where: { publicationCode, year }, _max: { number: true } }),
        db.bulletinIssue.aggregate({ where: { publicationCode }, _max: { totalNumber: true } }),
      ]);
      return { number: inYear._max.number ?? 0, totalNumber: overall._max.totalNumber ?? 0 };
    },
    async add(issue, itemIds) {
      try {
        const row = await db.bulletinIssue.create({
          data: {
            ...issue,
            status: 'compiled',
            entries: { create: itemIds.map((itemId, i) => ({ itemId, position: i + 1, publicationCode: issue.publicationCode })) },
          },
          select: { id: true },
        });
        return row.id;
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },
    async find(publicationCode, year, number) {
      const row = await db.bulletinIssue.findUnique({ where: { publicationCode_year_number: { publicationCode, year, number } }, select: issueSelect });
      return row ? record(row) : null;
    },
    async latest(publicationCode) {
      const row = await db.bulletinIssue.findFirst({ where: { publicationCode }, orderBy: { totalNumber: 'desc' }, select: issueSelect });
      return row ? record(row) : null;
    },
    async markIssued(id, at, byId) {
      const { count } = await db.bulletinIssue.updateMany({ where: { id, status: 'compiled' }, data: { status: 'issued', issuedAt: at, issuedById: byId } });
      return count === 1;
    },
    async countsIn(range) {
      const rows = await db.bulletinIssue.groupBy({ by: ['publicationCode'], where: { issuedOn: { gte: range.from, lt: range.to } }, _count: { _all: true } });
      return new Map(rows.map((row) => [row.publicationCode, row._count._all]));
    },
  };
}
