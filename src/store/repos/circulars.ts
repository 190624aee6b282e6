/** Circulars sent (CircularRun): one row per kind and period key, unique, with the snapshot as JSON text. */
import type { Store } from '../../domain/ports.ts';
import { isUniqueViolation, type Tx } from '../records.ts';

/** Rows per statement: well under SQLite's limit on bound values. */
const CHUNK = 500;

export function circularsRepo(db: Tx): Store['circulars'] {
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
    async queue(messages, at) {
      const people = [...new Set(messages.flatMap((entry) => entry.personIds))];
      const accounts = new Map<number, { platform: string; chatId: string }[]>();
      for (let i = 0; i < people.length; i += CHUNK) {
        const rows = await db.chatIdentity.findMany({
          where: { personId: { in: people.slice(i, i + CHUNK) } },
          select: { personId: true, platform: true, chatId: true },
          orderBy: { id: 'asc' },
        });
        for (const row of rows) accounts.set(row.personId, [...(accounts.get(row.personId) ?? []), row]);
      }
      // The same rows outbox.enqueue writes, one per chat account.
      const rows = messages.flatMap(({ personIds, message }) => {
        const payload = JSON.stringify(message);
        return [...new Set(personIds)].flatMap((personId) =>
          (accounts.get(personId) ?? []).map((account) => ({
            personId,
            platform: account.platform,
            chatId: account.chatId,
            payload,
            status: 'pending',
            nextAttemptAt: at,
            createdAt: at,
          })),
        );
      });
      for (let i = 0; i < rows.length; i += CHUNK) await db.outboxMessage.createMany({ data: rows.slice(i, i + CHUNK) });
      return rows.length;
    },
  };
}
