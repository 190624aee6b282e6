/** The nudge ledger (Nudge): one row per reminder sent, unique by its key (`nudgeKey`). */
import type { NudgesRepo } from '../../domain/reminders/port.ts';
import { nudgeKey } from '../../domain/reminders/nudgeKey.ts';
import { Prisma } from '../generated/sqlite/client.ts';
import { chunks, IDS_PER_STATEMENT, ROWS_PER_STATEMENT } from '../chunk.ts';
import type { Tx } from '../records.ts';
import { isUniqueViolation } from '../uniqueViolation.ts';

export function nudgesRepo(db: Tx): NudgesRepo {
  return {
    async claim(key, at) {
      try {
        await db.nudge.create({ data: { key: nudgeKey(key), ...key, createdAt: at } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async claimedKeys(keys) {
      const found = new Set<string>();
      for (const part of chunks([...new Set(keys)], IDS_PER_STATEMENT)) {
        for (const row of await db.nudge.findMany({ where: { key: { in: part } }, select: { key: true } })) found.add(row.key);
      }
      return found;
    },
    async claimAll(keys, at) {
      try {
        // One multi-row INSERT per chunk: atomic, and far cheaper than createMany for a sweep.
        for (const part of chunks(keys, ROWS_PER_STATEMENT)) {
          const rows = part.map((key) => Prisma.sql`(${nudgeKey(key)}, ${key.kind}, ${key.subject}, ${key.slot}, ${key.recipientId}, ${at})`);
          await db.$executeRaw`INSERT INTO "Nudge" ("key", "kind", "subject", "slot", "recipientId", "createdAt") VALUES ${Prisma.join(rows)}`;
        }
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async sentCounts(kind, subjects, since) {
      const out: { subject: string; recipientId: number; count: number }[] = [];
      for (const part of chunks([...new Set(subjects)], IDS_PER_STATEMENT)) {
        const groups = await db.nudge.groupBy({
          by: ['subject', 'recipientId'],
          where: { kind, subject: { in: part }, ...(since ? { createdAt: { gte: since } } : {}) },
          _count: { _all: true },
        });
        for (const group of groups) out.push({ subject: group.subject, recipientId: group.recipientId, count: group._count._all });
      }
      return out;
    },
  };
}
