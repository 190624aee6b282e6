/** Circulars sent (CircularRun): one row per kind and period key, unique, with the snapshot as JSON text. */
import type { CircularsRepo } from '../../domain/circulars/port.ts';
import type { Tx } from '../records.ts';
import { isUniqueViolation } from '../uniqueViolation.ts';

export function circularsRepo(db: Tx): CircularsRepo {
  return {
    async exists(kind, periodKey) {
      return (await db.circularRun.count({ where: { kind, periodKey } })) > 0;
    },
    async add(run) {
      try {
        const row = await db.circularRun.create({
          data: { kind: run.kind, periodKey: run.periodKey, sentAt: run.sentAt, snapshot: JSON.stringify(run.snapshot) },
          select: { id: true },
        });
        return row.id;
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },
    async list(kind) {
      return db.circularRun.findMany({ where: { kind }, select: { id: true, periodKey: true, sentAt: true }, orderBy: [{ sentAt: 'asc' }, { id: 'asc' }] });
    },
    async snapshot(id) {
      const row = await db.circularRun.findUnique({ where: { id }, select: { snapshot: true } });
      return row ? (JSON.parse(row.snapshot) as unknown) : null;
    },
  };
}
