/** The outbox (OutboxMessage): messages queued with what caused them, claimed and sent by the dispatcher. */
import { randomUUID } from 'node:crypto';
import type { OutboxRepo } from '../../domain/notify/port.ts';
import { Prisma } from '../generated/client.ts';
import { chunks, ROWS_PER_STATEMENT } from '../chunk.ts';
import type { Tx } from '../records.ts';

export function outboxRepo(db: Tx): OutboxRepo {
  return {
    async enqueue(entry) {
      await db.outboxMessage.create({
        data: {
          personId: entry.personId,
          platform: entry.platform,
          chatId: entry.chatId,
          payload: JSON.stringify(entry.message),
          status: 'pending',
          nextAttemptAt: entry.at,
          createdAt: entry.at,
        },
      });
    },
    async enqueueAll(entries) {
      // Many recipients share one message: each is serialised once.
      const payloads = new Map<object, string>();
      const payload = (message: object) => payloads.get(message) ?? payloads.set(message, JSON.stringify(message)).get(message)!;
      for (const part of chunks(entries, ROWS_PER_STATEMENT)) {
        const rows = part.map(
          (entry) =>
            Prisma.sql`(${entry.personId}, ${entry.platform}, ${entry.chatId}, ${payload(entry.message)}, ${'pending'}, ${0}, ${entry.at}, ${entry.at})`,
        );
        await db.$executeRaw`INSERT INTO "OutboxMessage" ("personId", "platform", "chatId", "payload", "status", "attempts", "nextAttemptAt", "createdAt") VALUES ${Prisma.join(rows)}`;
      }
    },
    async claimDue(now, leaseUntil, limit) {
      // One statement takes the lease on a batch (a second dispatcher's statement waits for
      // SQLite's write lock and then finds those rows leased), a second reads what it took.
      const token = randomUUID();
      const candidates = await db.outboxMessage.findMany({
        where: { status: 'pending', nextAttemptAt: { lte: now } },
        orderBy: { id: 'asc' },
        take: limit,
        select: { id: true, platform: true, chatId: true },
      });
      if (candidates.length === 0) return [];
      // Messages to one chat go in order: a message waits while an earlier one to the same
      // chat is still pending but not due (waiting for a retry, or leased by a dispatcher).
      const waiting = await db.outboxMessage.groupBy({
        by: ['platform', 'chatId'],
        where: { status: 'pending', nextAttemptAt: { gt: now }, chatId: { in: [...new Set(candidates.map((row) => row.chatId))] } },
        _min: { id: true },
      });
      const blockedFrom = new Map(waiting.map((group) => [`${group.platform}:${group.chatId}`, group._min.id!]));
      const free = candidates.filter((row) => row.id < (blockedFrom.get(`${row.platform}:${row.chatId}`) ?? Infinity));
      if (free.length === 0) return [];
      await db.outboxMessage.updateMany({
        where: { id: { in: free.map((row) => row.id) }, status: 'pending', nextAttemptAt: { lte: now } },
        data: { nextAttemptAt: leaseUntil, claimedBy: token, attempts: { increment: 1 } },
      });
      const rows = await db.outboxMessage.findMany({ where: { claimedBy: token, nextAttemptAt: leaseUntil }, orderBy: { id: 'asc' } });
      return rows.map((row) => ({
        id: row.id,
        personId: row.personId,
        platform: row.platform,
        chatId: row.chatId,
        message: JSON.parse(row.payload),
        attempts: row.attempts,
      }));
    },
    async markSent(id, at) {
      await db.outboxMessage.update({ where: { id }, data: { status: 'sent', sentAt: at, lastError: null } });
    },
    async retryLater(id, nextAttemptAt, error) {
      await db.outboxMessage.update({ where: { id }, data: { nextAttemptAt, lastError: error.slice(0, 500) } });
    },
    async markDead(id, error) {
      await db.outboxMessage.update({ where: { id }, data: { status: 'dead', lastError: error.slice(0, 500) } });
    },
    async counts() {
      const groups = await db.outboxMessage.groupBy({ by: ['status'], _count: { _all: true } });
      const of = (status: string) => groups.find((group) => group.status === status)?._count._all ?? 0;
      return { pending: of('pending'), sent: of('sent'), dead: of('dead') };
    },
  };
}
