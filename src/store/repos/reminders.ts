/**
 * Reminders: leave (Leave), snooze (Snooze), the batch reads and writes of the nudge ledger
 * (Nudge) and the outbox that a reminder sweep makes, and the figures the quota reminders read.
 *
 * A Leave row holds its span as instants: `fromDate` is when it starts (local 00:00 of its first
 * day), `toDate` when it ends, exclusive (local 00:00 of the day after its last day).
 */
import type { LeaveRecord, Store, UnitMember } from '../../domain/ports.ts';
import type { PeriodKind } from '../../domain/vocabulary.ts';
import { Prisma } from '../generated/client.ts';
import { isUniqueViolation, type Tx } from '../records.ts';

/** Bound parameters per statement stay well under SQLite's limit. */
const CHUNK = 900;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A unique-constraint failure of a raw statement (Prisma reports it as P2010 with the driver's kind). */
const isRawUniqueViolation = (error: unknown): boolean =>
  (error as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } })?.code === 'P2010' &&
  (error as { meta?: { driverAdapterError?: { cause?: { kind?: string } } } }).meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation';

const keyOf = (key: { kind: string; subject: string; slot: string; recipientId: number }) => `${key.kind}:${key.subject}:${key.slot}:${key.recipientId}`;

export function remindersRepo(db: Tx): Store['reminders'] {
  return {
    async addLeave(leave) {
      await db.leave.deleteMany({ where: { personId: leave.personId, fromDate: { lt: leave.until }, toDate: { gt: leave.from } } });
      await db.leave.create({ data: { personId: leave.personId, fromDate: leave.from, toDate: leave.until, setBy: leave.setBy } });
    },
    async endLeave(personId, at) {
      const cut = await db.leave.updateMany({ where: { personId, fromDate: { lt: at }, toDate: { gt: at } }, data: { toDate: at } });
      const removed = await db.leave.deleteMany({ where: { personId, fromDate: { gte: at } } });
      return cut.count + removed.count;
    },
    async leavesDuring(from, to, personIds) {
      const rows = await db.leave.findMany({
        where: { fromDate: { lt: to }, toDate: { gt: from }, ...(personIds ? { personId: { in: personIds } } : {}) },
        orderBy: [{ fromDate: 'asc' }, { id: 'asc' }],
      });
      return rows.map((row): LeaveRecord => ({ id: row.id, personId: row.personId, from: row.fromDate, until: row.toDate, setBy: row.setBy }));
    },
    async snooze(personId, kind, until) {
      await db.snooze.deleteMany({ where: { personId, kind } });
      await db.snooze.create({ data: { personId, kind, until } });
    },
    async snoozesAt(at, personIds) {
      return db.snooze.findMany({
        where: { until: { gt: at }, ...(personIds ? { personId: { in: personIds } } : {}) },
        select: { personId: true, kind: true, until: true },
      });
    },
    async claimedKeys(keys) {
      const found = new Set<string>();
      for (const part of chunks([...new Set(keys)])) {
        for (const row of await db.nudge.findMany({ where: { key: { in: part } }, select: { key: true } })) found.add(row.key);
      }
      return found;
    },
    async claimAll(keys, at) {
      try {
        // One multi-row INSERT per chunk: atomic, and far cheaper than createMany for a sweep.
        for (const part of chunks(keys, 400)) {
          const rows = part.map((key) => Prisma.sql`(${keyOf(key)}, ${key.kind}, ${key.subject}, ${key.slot}, ${key.recipientId}, ${at})`);
          await db.$executeRaw`INSERT INTO "Nudge" ("key", "kind", "subject", "slot", "recipientId", "createdAt") VALUES ${Prisma.join(rows)}`;
        }
        return true;
      } catch (error) {
        if (isUniqueViolation(error) || isRawUniqueViolation(error)) return false;
        throw error;
      }
    },
    async sentCounts(kind, subjects, since) {
      const out: { subject: string; recipientId: number; count: number }[] = [];
      for (const part of chunks([...new Set(subjects)])) {
        const groups = await db.nudge.groupBy({
          by: ['subject', 'recipientId'],
          where: { kind, subject: { in: part }, ...(since ? { createdAt: { gte: since } } : {}) },
          _count: { _all: true },
        });
        for (const group of groups) out.push({ subject: group.subject, recipientId: group.recipientId, count: group._count._all });
      }
      return out;
    },
    async identitiesOf(personIds) {
      const out: { personId: number; platform: string; chatId: string }[] = [];
      for (const part of chunks([...new Set(personIds)])) {
        out.push(
          ...(await db.chatIdentity.findMany({
            where: { personId: { in: part } },
            select: { personId: true, platform: true, chatId: true },
            orderBy: { id: 'asc' },
          })),
        );
      }
      return out;
    },
    async enqueueAll(entries) {
      // Many recipients share one message: each is serialised once.
      const payloads = new Map<object, string>();
      const payload = (message: object) => payloads.get(message) ?? payloads.set(message, JSON.stringify(message)).get(message)!;
      for (const part of chunks(entries, 400)) {
        const rows = part.map(
          (entry) =>
            Prisma.sql`(${entry.personId}, ${entry.platform}, ${entry.chatId}, ${payload(entry.message)}, ${'pending'}, ${0}, ${entry.at}, ${entry.at})`,
        );
        await db.$executeRaw`INSERT INTO "OutboxMessage" ("personId", "platform", "chatId", "payload", "status", "attempts", "nextAttemptAt", "createdAt") VALUES ${Prisma.join(rows)}`;
      }
    },
    async unitMembers() {
      const rows = await db.person.findMany({
        where: { active: true, unitId: { not: null }, roles: { some: { role: { in: ['reporter', 'lead'] } } } },
        select: { id: true, name: true, unitId: true, roles: { select: { role: true } } },
        orderBy: { id: 'asc' },
      });
      return rows.map((row): UnitMember => {
        const roles = row.roles.map((r) => r.role);
        return { personId: row.id, name: row.name, unitId: row.unitId!, reporter: roles.includes('reporter'), lead: roles.includes('lead') };
      });
    },
    async ownTargets() {
      const rows = await db.target.findMany({ orderBy: { id: 'asc' }, include: { person: { select: { id: true, name: true, unitId: true, active: true } } } });
      return rows.map((row) => ({
        unitId: row.unitId,
        person: row.person,
        periodKind: row.periodKind as PeriodKind,
        submitted: row.submitted,
        adopted: row.adopted,
      }));
    },
    async submittedCounts(from, to) {
      const groups = await db.item.groupBy({ by: ['unitId', 'authorId'], where: { submittedAt: { gte: from, lt: to } }, _count: { _all: true } });
      return groups.map((group) => ({ unitId: group.unitId, authorId: group.authorId, count: group._count._all }));
    },
  };
}
