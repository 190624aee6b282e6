/** The append-only audit log (AuditLog): who changed what, when, with before and after as JSON text. */
import type { AuditEntry, AuditRepo } from '../../domain/audit/port.ts';
import type { Tx } from '../records.ts';

const fromJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function auditRepo(db: Tx): AuditRepo {
  return {
    async record(entry) {
      await db.auditLog.create({
        data: {
          at: entry.at,
          actor: entry.actor,
          action: entry.action,
          subject: entry.subject,
          before: entry.before === undefined ? null : JSON.stringify(entry.before),
          after: entry.after === undefined ? null : JSON.stringify(entry.after),
        },
      });
    },
    async list(since) {
      const rows = await db.auditLog.findMany({ where: since ? { at: { gte: since } } : {}, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
      return rows.map((row): AuditEntry => ({ ...row, before: fromJson(row.before), after: fromJson(row.after) }));
    },
    async firstAt(action) {
      const row = await db.auditLog.findFirst({ where: { action }, orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { at: true } });
      return row?.at ?? null;
    },
  };
}
