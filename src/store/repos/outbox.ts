/** The outbox (OutboxMessage): messages queued with what caused them, claimed and sent by the dispatcher. */
import { randomUUID } from 'node:crypto';
import { LANES, type Lane, type OutboxRepo } from '../../domain/notify/port.ts';
import { Prisma } from '../generated/client.ts';
import { chunks, ROWS_PER_STATEMENT } from '../chunk.ts';
import type { Tx } from '../records.ts';

/** The stored priority of a lane: its place in `LANES` (0 urgent … 3 bulk), so the claim orders by a number. */
const priorityOf = (lane: Lane = 'normal') => LANES.indexOf(lane);
const BULK = priorityOf('bulk');

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
          priority: priorityOf(entry.lane),
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
            Prisma.sql`(${entry.personId}, ${entry.platform}, ${entry.chatId}, ${payload(entry.message)}, ${'pending'}, ${0}, ${entry.at}, ${entry.at}, ${priorityOf(entry.lane)})`,
        );
        await db.$executeRaw`INSERT INTO "OutboxMessage" ("personId", "platform", "chatId", "payload", "status", "attempts", "nextAttemptAt", "createdAt", "priority") VALUES ${Prisma.join(rows)}`;
      }
    },
    async claimDue(now, leaseUntil, limit, bulkLimit = limit) {
      // One statement takes the lease on a batch (a second dispatcher's statement waits for
      // SQLite's write lock and then finds those rows leased), a second reads what it took.
      // The most urgent lane first, by id within a lane.
      const token = randomUUID();
      // The unary + keeps SQLite off the (status, nextAttemptAt) index, which would sort every due
      // row (a 5,000-person circular) each pass: (status, priority, id) reads them in order and stops at `limit`.
      const candidates = await db.$queryRaw<{ id: number; platform: string; chatId: string; priority: number }[]>`
        SELECT "id", "platform", "chatId", "priority" FROM "OutboxMessage"
        WHERE "status" = 'pending' AND +"nextAttemptAt" <= ${now}
        ORDER BY "priority" ASC, "id" ASC LIMIT ${limit}`;
      if (candidates.length === 0) return [];
      // Within a lane, messages to one chat go in order: a message waits while an earlier one of
      // its lane to the same chat is still pending but not due (waiting for a retry, or leased by
      // a dispatcher). Another lane's message does not hold it back: across lanes, priority wins.
      const waiting = await db.outboxMessage.groupBy({
        by: ['platform', 'chatId', 'priority'],
        where: { status: 'pending', nextAttemptAt: { gt: now }, chatId: { in: [...new Set(candidates.map((row) => row.chatId))] } },
        _min: { id: true },
      });
      const laneKey = (row: { platform: string; chatId: string; priority: number }) => `${row.priority}:${row.platform}:${row.chatId}`;
      const blockedFrom = new Map(waiting.map((group) => [laneKey(group), group._min.id!]));
      const unblocked = candidates.filter((row) => row.id < (blockedFrom.get(laneKey(row)) ?? Infinity));
      // At most `bulkLimit` bulk messages: the first ones by id, so each chat's bulk order holds.
      const free = [...unblocked.filter((row) => row.priority !== BULK), ...unblocked.filter((row) => row.priority === BULK).slice(0, bulkLimit)];
      if (free.length === 0) return [];
      await db.outboxMessage.updateMany({
        where: { id: { in: free.map((row) => row.id) }, status: 'pending', nextAttemptAt: { lte: now } },
        data: { nextAttemptAt: leaseUntil, claimedBy: token, attempts: { increment: 1 } },
      });
      const rows = await db.outboxMessage.findMany({
        where: { claimedBy: token, nextAttemptAt: leaseUntil },
        orderBy: [{ priority: 'asc' }, { id: 'asc' }],
      });
      return rows.map((row) => ({
        id: row.id,
        personId: row.personId,
        platform: row.platform,
        chatId: row.chatId,
        message: JSON.parse(row.payload),
        attempts: row.attempts,
        lane: LANES[row.priority] ?? 'normal',
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
