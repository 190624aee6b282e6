/** The outbox (OutboxMessage): messages queued with what caused them, claimed and sent by the dispatcher. */
import { randomUUID } from 'node:crypto';
import { LANES, type Lane, type OutboxListing, type OutboxRepo, type OutboxRow, type OutboxStatus } from '../../domain/notify/port.ts';
import { Prisma } from '../generated/sqlite/client.ts';
import { chunks, IDS_PER_STATEMENT, ROWS_PER_STATEMENT } from '../chunk.ts';
import type { Tx } from '../records.ts';
import type { Dialect } from '../client.ts';

/** The stored priority of a lane: its place in `LANES` (0 urgent … 3 bulk), so the claim orders by a number. */
const priorityOf = (lane: Lane = 'normal') => LANES.indexOf(lane);
const BULK = priorityOf('bulk');
const URGENT = priorityOf('urgent');

type StoredRow = {
  id: number;
  personId: number | null;
  platform: string;
  chatId: string;
  payload: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  priority: number;
  subject: string | null;
  sendingAt: Date | null;
  failingSince: Date | null;
  escalatedAt: Date | null;
};

function toRow(row: StoredRow): OutboxRow {
  return {
    id: row.id,
    personId: row.personId,
    platform: row.platform,
    chatId: row.chatId,
    message: JSON.parse(row.payload),
    attempts: row.attempts,
    lane: LANES[row.priority] ?? 'normal',
    subject: row.subject,
    createdAt: row.createdAt,
    failingSince: row.failingSince,
    escalatedAt: row.escalatedAt,
    wasInFlight: row.sendingAt !== null,
  };
}

const toListing = (row: StoredRow): OutboxListing => ({
  ...toRow(row),
  status: row.status as OutboxStatus,
  nextAttemptAt: row.nextAttemptAt,
  lastError: row.lastError,
  sentAt: row.sentAt,
});

/** What a claim is asked for (see `OutboxRepo.claimDue`). */
type Claim = { now: Date; leaseUntil: Date; limit: number; bulkLimit: number; holder: string };

/**
 * SQLite: one statement takes the lease on a batch (a second dispatcher's statement waits for
 * SQLite's write lock and then finds those rows leased), a second reads what it took.
 */
async function claimOnSqlite(db: Tx, { now, leaseUntil, limit, bulkLimit, holder }: Claim): Promise<OutboxRow[]> {
  // The most urgent lane first, by id within a lane. The unary + keeps SQLite off the
  // (status, nextAttemptAt) index, which would sort every due row (a 5,000-person circular)
  // each pass: (status, priority, id) reads them in order and stops at `limit`.
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
  const ids = free.map((row) => row.id);
  await db.outboxMessage.updateMany({
    where: { id: { in: ids }, status: 'pending', nextAttemptAt: { lte: now } },
    data: { nextAttemptAt: leaseUntil, claimedBy: holder, attempts: { increment: 1 } },
  });
  const rows = await db.outboxMessage.findMany({
    where: { id: { in: ids }, claimedBy: holder, nextAttemptAt: leaseUntil, status: 'pending' },
    orderBy: [{ priority: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toRow);
}

/**
 * PostgreSQL: one statement, so its own transaction. It locks the due messages it looks at
 * with FOR UPDATE SKIP LOCKED: a second dispatcher claiming at the same moment skips them
 * rather than waiting, and never takes the same message (docs/instances.md).
 *
 * The same rules as on SQLite, said so that a skipped message counts too: a message waits
 * while an earlier pending message of its lane to the same chat is not among those this claim
 * looked at (not due: waiting for a retry or leased; or locked by another dispatcher's claim
 * now). At most `bulkLimit` bulk messages, the first by id.
 */
async function claimOnPostgres(db: Tx, { now, leaseUntil, limit, bulkLimit, holder }: Claim): Promise<OutboxRow[]> {
  const rows = await db.$queryRaw<StoredRow[]>`
    WITH "seen" AS (
      SELECT "id", "platform", "chatId", "priority" FROM "OutboxMessage"
      WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now}
      ORDER BY "priority" ASC, "id" ASC LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), "free" AS (
      SELECT "seen"."id", "seen"."priority" FROM "seen"
      WHERE NOT EXISTS (
        SELECT 1 FROM "OutboxMessage" AS "earlier"
        WHERE "earlier"."status" = 'pending' AND "earlier"."priority" = "seen"."priority" AND "earlier"."id" < "seen"."id"
          AND "earlier"."platform" = "seen"."platform" AND "earlier"."chatId" = "seen"."chatId"
          AND "earlier"."id" NOT IN (SELECT "id" FROM "seen"))
    ), "taken" AS (
      SELECT "id" FROM "free" WHERE "priority" <> ${BULK}
      UNION ALL
      (SELECT "id" FROM "free" WHERE "priority" = ${BULK} ORDER BY "id" ASC LIMIT ${bulkLimit})
    )
    UPDATE "OutboxMessage" SET "nextAttemptAt" = ${leaseUntil}, "claimedBy" = ${holder}, "attempts" = "OutboxMessage"."attempts" + 1
    FROM "taken" WHERE "OutboxMessage"."id" = "taken"."id"
    RETURNING "OutboxMessage".*`;
  return rows.sort((a, b) => a.priority - b.priority || a.id - b.id).map(toRow);
}

export function outboxRepo(db: Tx, dialect: Dialect = 'sqlite'): OutboxRepo {
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
          subject: entry.subject ?? null,
          escalatedAt: entry.escalatedAt ?? null,
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
            Prisma.sql`(${entry.personId}, ${entry.platform}, ${entry.chatId}, ${payload(entry.message)}, ${'pending'}, ${0}, ${entry.at}, ${entry.at}, ${priorityOf(entry.lane)}, ${entry.subject ?? null}, ${entry.escalatedAt ?? null})`,
        );
        await db.$executeRaw`INSERT INTO "OutboxMessage" ("personId", "platform", "chatId", "payload", "status", "attempts", "nextAttemptAt", "createdAt", "priority", "subject", "escalatedAt") VALUES ${Prisma.join(rows)}`;
      }
    },
    async claimDue(now, leaseUntil, limit, bulkLimit = limit, holder = randomUUID()) {
      const claim = dialect === 'postgresql' ? claimOnPostgres : claimOnSqlite;
      return claim(db, { now, leaseUntil, limit, bulkLimit, holder });
    },
    // The two writes every send makes, as plain statements: a circular's thousands of sends pay for each.
    async markSending(id, holder, at) {
      const count =
        await db.$executeRaw`UPDATE "OutboxMessage" SET "sendingAt" = ${at} WHERE "id" = ${id} AND "claimedBy" = ${holder} AND "status" = 'pending'`;
      return count === 1;
    },
    async markSent(id, at) {
      await db.$executeRaw`UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ${at}, "lastError" = NULL, "claimedBy" = NULL WHERE "id" = ${id}`;
    },
    async retryLater(id, nextAttemptAt, error, failedAt, options = {}) {
      // The claim counted an attempt; one that never reached the platform gives it back.
      const giveBack = options.uncounted ? 1 : 0;
      const data = { nextAttemptAt, lastError: error.slice(0, 500), claimedBy: null, sendingAt: null };
      if (!failedAt) {
        await db.outboxMessage.update({ where: { id }, data: { ...data, attempts: { decrement: giveBack } } });
        return;
      }
      // The first failure starts the clock of "unreachable for 10 minutes"; later ones keep it.
      await db.$executeRaw`UPDATE "OutboxMessage" SET "nextAttemptAt" = ${nextAttemptAt}, "lastError" = ${data.lastError}, "claimedBy" = NULL,
        "sendingAt" = NULL, "failingSince" = COALESCE("failingSince", ${failedAt}), "attempts" = "attempts" - ${giveBack} WHERE "id" = ${id}`;
    },
    async markDead(id, error) {
      await db.outboxMessage.update({ where: { id }, data: { status: 'dead', lastError: error.slice(0, 500), claimedBy: null, sendingAt: null } });
    },
    async cancel(id, reason) {
      await db.outboxMessage.update({ where: { id }, data: { status: 'cancelled', lastError: reason.slice(0, 500), claimedBy: null, sendingAt: null } });
    },
    async counts() {
      const groups = await db.outboxMessage.groupBy({ by: ['status'], _count: { _all: true } });
      const of = (status: string) => groups.find((group) => group.status === status)?._count._all ?? 0;
      return { pending: of('pending'), sent: of('sent'), dead: of('dead') };
    },
    async deadByLane() {
      const groups = await db.outboxMessage.groupBy({ by: ['priority'], where: { status: 'dead' }, _count: { _all: true } });
      const out = Object.fromEntries(LANES.map((lane) => [lane, 0])) as Record<Lane, number>;
      for (const group of groups) out[LANES[group.priority] ?? 'normal'] += group._count._all;
      return out;
    },
    async unsent() {
      // Through the (status, priority, id) index: the messages not sent are few, the sent ones many.
      const groups = await db.outboxMessage.groupBy({
        by: ['status', 'priority', 'platform'],
        where: { status: { in: ['pending', 'dead', 'cancelled'] } },
        _count: { _all: true },
      });
      return groups.map((group) => ({
        status: group.status as OutboxStatus,
        lane: LANES[group.priority] ?? 'normal',
        platform: group.platform,
        count: group._count._all,
      }));
    },
    async unreachable(cutoff) {
      // Both reads go through the (status, priority, id) index: pending urgent messages are few.
      const failing = await db.outboxMessage.findMany({
        where: { status: 'pending', priority: URGENT, failingSince: { lte: cutoff } },
        select: { platform: true, chatId: true },
        distinct: ['platform', 'chatId'],
      });
      if (failing.length === 0) return [];
      const rows = await db.outboxMessage.findMany({
        where: { status: 'pending', priority: URGENT, escalatedAt: null, OR: failing.map((chat) => ({ platform: chat.platform, chatId: chat.chatId })) },
        orderBy: { id: 'asc' },
      });
      return rows.map(toRow);
    },
    async siblingsOf(row) {
      if (row.personId === null) return [];
      const rows = await db.outboxMessage.findMany({
        where: { personId: row.personId, subject: row.subject, payload: JSON.stringify(row.message), id: { not: row.id } },
        select: { id: true, platform: true, chatId: true, status: true, escalatedAt: true },
        orderBy: { id: 'asc' },
      });
      return rows.map((sibling) => ({ ...sibling, status: sibling.status as OutboxStatus }));
    },
    async markEscalated(id, at) {
      const { count } = await db.outboxMessage.updateMany({ where: { id, escalatedAt: null }, data: { escalatedAt: at } });
      return count === 1;
    },
    async byId(id) {
      const row = await db.outboxMessage.findUnique({ where: { id } });
      return row ? toListing(row) : null;
    },
    async list(statuses) {
      const rows = await db.outboxMessage.findMany({ where: { status: { in: [...statuses] } }, orderBy: { id: 'asc' } });
      return rows.map(toListing);
    },
    async requeue(ids, at) {
      const data = { status: 'pending', attempts: 0, nextAttemptAt: at, claimedBy: null, sendingAt: null, failingSince: null, escalatedAt: null };
      if (ids === 'dead') return (await db.outboxMessage.updateMany({ where: { status: 'dead' }, data })).count;
      let count = 0;
      for (const part of chunks(ids, IDS_PER_STATEMENT)) {
        count += (await db.outboxMessage.updateMany({ where: { id: { in: part }, status: { in: ['dead', 'cancelled'] } }, data })).count;
      }
      return count;
    },
    async leaseHolders() {
      const rows = await db.outboxMessage.findMany({
        where: { status: 'pending', claimedBy: { not: null } },
        select: { claimedBy: true },
        distinct: ['claimedBy'],
      });
      return rows.map((row) => row.claimedBy!);
    },
    async releaseLeases(holders, now) {
      if (holders.length === 0) return 0;
      const { count } = await db.outboxMessage.updateMany({
        where: { status: 'pending', claimedBy: { in: holders } },
        data: { nextAttemptAt: now, claimedBy: null },
      });
      return count;
    },
  };
}
