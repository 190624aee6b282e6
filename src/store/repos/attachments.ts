/** Attachments (Attachment; docs/attachments.md). */
import type { AttachmentKind, AttachmentOwner, AttachmentRecord, AttachmentsRepo } from '../../domain/attachments/port.ts';
import type { Tx } from '../records.ts';

type Row = Omit<AttachmentRecord, 'kind'> & { kind: string };

const record = (row: Row): AttachmentRecord => ({ ...row, kind: row.kind as AttachmentKind });

const ownerWhere = (owner: AttachmentOwner) =>
  'itemId' in owner
    ? { itemId: owner.itemId }
    : 'urgentReportId' in owner
      ? { urgentReportId: owner.urgentReportId }
      : { urgentUpdateId: owner.urgentUpdateId };

export function attachmentsRepo(db: Tx): AttachmentsRepo {
  return {
    async add(owner, attachments, at) {
      const added: AttachmentRecord[] = [];
      for (const attachment of attachments) {
        added.push(record(await db.attachment.create({ data: { ...attachment, ...ownerWhere(owner), createdAt: at } })));
      }
      return added;
    },
    async listFor(owner) {
      const rows = await db.attachment.findMany({ where: ownerWhere(owner), orderBy: { id: 'asc' } });
      return rows.map(record);
    },
    async listForReport(reportId) {
      const rows = await db.attachment.findMany({
        where: { OR: [{ urgentReportId: reportId }, { urgentUpdate: { reportId } }] },
        orderBy: { id: 'asc' },
      });
      return rows.map(record);
    },
    async countByItem(itemIds) {
      const counts = new Map<number, number>();
      if (itemIds.length === 0) return counts;
      const rows = await db.attachment.groupBy({ by: ['itemId'], where: { itemId: { in: itemIds } }, _count: { _all: true } });
      for (const row of rows) if (row.itemId !== null) counts.set(row.itemId, row._count._all);
      return counts;
    },
    async bySourceKey(sourceKey) {
      const row = await db.attachment.findFirst({ where: { sourceKey, hash: { not: null } }, orderBy: { id: 'asc' } });
      return row?.hash ? { hash: row.hash, size: row.size, mime: row.mime } : null;
    },
  };
}
