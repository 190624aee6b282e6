/**
 * The Store port on Prisma. Repositories take the client or a transaction, share `select`
 * constants, and return domain records, never Prisma models.
 */
import { randomUUID } from 'node:crypto';
import type { Identity, Store, TargetSpec, UnitCounts } from '../domain/ports.ts';
import type { PeriodKind } from '../domain/vocabulary.ts';
import type { Db } from './client.ts';
import { isUniqueViolation, itemSelect, personSelect, toItem, toPerson, toUnit, toUrgent, unitSelect, urgentSelect, type Tx } from './records.ts';
import { auditRepo } from './repos/audit.ts';
import { commissionsRepo } from './repos/commissions.ts';
import { instructionsRepo } from './repos/instructions.ts';
import { rulesRepo } from './repos/rules.ts';
import { reviewRepo } from './repos/review.ts';
import { remindersRepo } from './repos/reminders.ts';
import { scoringRepo } from './repos/scoring.ts';
import { circularsRepo } from './repos/circulars.ts';

export { isUniqueViolation };

const sameTargets = (a: TargetSpec[], b: TargetSpec[]) =>
  JSON.stringify([...a].sort((x, y) => x.periodKind.localeCompare(y.periodKind))) ===
  JSON.stringify([...b].sort((x, y) => x.periodKind.localeCompare(y.periodKind)));

/** Builds the Store on a client; inside `transaction` the same store runs on the transaction. */
export function createStore(db: Db): Store {
  return storeOn(db, (work) => db.$transaction((tx) => work(storeOn(tx, (inner) => inner(storeOnTx(tx)))), { timeout: 20_000 }));
}

function storeOnTx(tx: Tx): Store {
  return storeOn(tx, (work) => work(storeOnTx(tx)));
}

function storeOn(db: Tx, transaction: <T>(work: (tx: Store) => Promise<T>) => Promise<T>): Store {
  return {
    transaction,

    units: {
      async byCode(code) {
        const row = await db.unit.findUnique({ where: { code }, select: unitSelect });
        return row ? toUnit(row) : null;
      },
      async byId(id) {
        const row = await db.unit.findUnique({ where: { id }, select: unitSelect });
        return row ? toUnit(row) : null;
      },
      async list() {
        return (await db.unit.findMany({ select: unitSelect, orderBy: { id: 'asc' } })).map(toUnit);
      },
      async targets(unitId) {
        const rows = await db.target.findMany({ where: { unitId } });
        return rows.map((row) => ({ periodKind: row.periodKind as PeriodKind, submitted: row.submitted, adopted: row.adopted }));
      },
      async upsert(spec) {
        const existing = await db.unit.findUnique({ where: { code: spec.code }, include: { targets: true } });
        const current = existing?.targets.map((row) => ({ periodKind: row.periodKind as PeriodKind, submitted: row.submitted, adopted: row.adopted })) ?? [];
        if (
          existing &&
          existing.name === spec.name &&
          existing.kind === spec.kind &&
          existing.signOff === spec.signOff &&
          existing.active &&
          sameTargets(current, spec.targets)
        ) {
          return false;
        }
        const unit = await db.unit.upsert({
          where: { code: spec.code },
          create: { code: spec.code, name: spec.name, kind: spec.kind, signOff: spec.signOff },
          update: { name: spec.name, kind: spec.kind, signOff: spec.signOff, active: true },
        });
        await db.target.deleteMany({ where: { unitId: unit.id } });
        for (const target of spec.targets) {
          await db.target.create({ data: { unitId: unit.id, periodKind: target.periodKind, submitted: target.submitted, adopted: target.adopted } });
        }
        return true;
      },
    },

    people: {
      async byId(id) {
        const row = await db.person.findUnique({ where: { id }, select: personSelect });
        return row ? toPerson(row) : null;
      },
      async byCode(code) {
        const row = await db.person.findUnique({ where: { code }, select: personSelect });
        return row ? toPerson(row) : null;
      },
      async byIdentity(platform, platformUserId) {
        const row = await db.chatIdentity.findUnique({
          where: { platform_platformUserId: { platform, platformUserId } },
          select: { person: { select: personSelect } },
        });
        return row ? toPerson(row.person) : null;
      },
      async withRole(role, unitId) {
        const rows = await db.person.findMany({
          where: { active: true, roles: { some: { role } }, ...(unitId === undefined ? {} : { unitId }) },
          select: personSelect,
          orderBy: { id: 'asc' },
        });
        return rows.map(toPerson);
      },
      async upsert(spec) {
        const unitId = spec.unitCode ? (await db.unit.findUniqueOrThrow({ where: { code: spec.unitCode } })).id : null;
        const existing = await db.person.findUnique({ where: { code: spec.code }, include: { roles: true } });
        const roles = [...new Set(spec.roles)].sort();
        if (
          existing &&
          existing.name === spec.name &&
          existing.unitId === unitId &&
          existing.leaderLevel === spec.leaderLevel &&
          existing.active &&
          JSON.stringify(existing.roles.map((r) => r.role).sort()) === JSON.stringify(roles)
        ) {
          return false;
        }
        const person = await db.person.upsert({
          where: { code: spec.code },
          create: { code: spec.code, name: spec.name, unitId, leaderLevel: spec.leaderLevel },
          update: { name: spec.name, unitId, leaderLevel: spec.leaderLevel, active: true },
        });
        await db.personRole.deleteMany({ where: { personId: person.id } });
        for (const role of roles) await db.personRole.create({ data: { personId: person.id, role } });
        return true;
      },
      async setLocale(personId, locale) {
        await db.person.update({ where: { id: personId }, data: { locale } });
      },
      async isBound(personId) {
        return (await db.chatIdentity.count({ where: { personId } })) > 0;
      },
    },

    identities: {
      async forPerson(personId) {
        const rows = await db.chatIdentity.findMany({ where: { personId }, orderBy: { id: 'asc' } });
        return rows.map((row): Identity => ({ platform: row.platform, platformUserId: row.platformUserId, chatId: row.chatId }));
      },
      async bind(personId, identity) {
        await db.chatIdentity.create({ data: { personId, ...identity } });
      },
    },

    invites: {
      async create(personId, codeHash, expiresAt) {
        await db.invite.create({ data: { personId, codeHash, expiresAt } });
      },
      async byHash(codeHash) {
        return db.invite.findUnique({ where: { codeHash }, select: { id: true, personId: true, expiresAt: true, usedAt: true } });
      },
      async markUsed(id, at) {
        const { count } = await db.invite.updateMany({ where: { id, usedAt: null }, data: { usedAt: at } });
        return count === 1;
      },
      async revokeUnused(personId, at) {
        await db.invite.updateMany({ where: { personId, usedAt: null, expiresAt: { gt: at } }, data: { expiresAt: at } });
      },
    },

    items: {
      async create(item) {
        return toItem(await db.item.create({ data: item, select: itemSelect }));
      },
      async byId(id) {
        const row = await db.item.findUnique({ where: { id }, select: itemSelect });
        return row ? toItem(row) : null;
      },
      async byAuthor(authorId, limit) {
        const rows = await db.item.findMany({ where: { authorId }, select: itemSelect, orderBy: { id: 'desc' }, take: limit });
        return rows.map(toItem);
      },
    },

    stats: {
      async unitCounts(from, to) {
        const [submitted, adoptions, awards] = await Promise.all([
          db.item.groupBy({ by: ['unitId'], where: { submittedAt: { gte: from, lt: to } }, _count: { _all: true } }),
          db.adoption.findMany({
            where: { deletedAt: null, adoptedAt: { gte: from, lt: to } },
            select: { itemId: true, points: true, item: { select: { unitId: true } } },
          }),
          db.award.groupBy({ by: ['unitId'], where: { unitId: { not: null }, awardedAt: { gte: from, lt: to } }, _sum: { points: true } }),
        ]);
        const rows = new Map<number, UnitCounts & { items: Set<number> }>();
        const row = (unitId: number) => {
          let entry = rows.get(unitId);
          if (!entry) rows.set(unitId, (entry = { unitId, submitted: 0, adopted: 0, points: 0, items: new Set() }));
          return entry;
        };
        for (const group of submitted) row(group.unitId).submitted = group._count._all;
        for (const adoption of adoptions) {
          const entry = row(adoption.item.unitId);
          entry.items.add(adoption.itemId);
          entry.points += adoption.points;
        }
        for (const award of awards) row(award.unitId!).points += award._sum.points ?? 0;
        return [...rows.values()].map(({ items, ...counts }) => ({ ...counts, adopted: items.size }));
      },
      async urgentLapses(from, to) {
        const [late, missed] = await Promise.all([
          db.urgentReport.groupBy({ by: ['unitId'], where: { late: true, reportedAt: { gte: from, lt: to } }, _count: { _all: true } }),
          db.urgentMiss.groupBy({ by: ['unitId'], where: { occurredAt: { gte: from, lt: to } }, _count: { _all: true } }),
        ]);
        const units = new Set([...late, ...missed].map((group) => group.unitId));
        return [...units].map((unitId) => ({
          unitId,
          late: late.find((group) => group.unitId === unitId)?._count._all ?? 0,
          missed: missed.find((group) => group.unitId === unitId)?._count._all ?? 0,
        }));
      },
    },

    conversations: {
      async get(platform, chatId) {
        return db.conversation.findUnique({ where: { platform_chatId: { platform, chatId } }, select: { flow: true, data: true } });
      },
      async save(platform, chatId, state) {
        const data = { personId: state.personId, flow: state.flow, step: '', data: state.data };
        await db.conversation.upsert({ where: { platform_chatId: { platform, chatId } }, create: { platform, chatId, ...data }, update: data });
      },
      async clear(platform, chatId) {
        await db.conversation.deleteMany({ where: { platform, chatId } });
      },
    },

    processed: {
      async markOnce(platform, updateId) {
        try {
          await db.processedUpdate.create({ data: { platform, updateId } });
          return true;
        } catch (error) {
          if (isUniqueViolation(error)) return false;
          throw error;
        }
      },
      async forget(platform, updateId) {
        await db.processedUpdate.deleteMany({ where: { platform, updateId } });
      },
    },

    urgent: {
      async create(report) {
        const { unitId, ...rest } = report;
        return toUrgent(await db.urgentReport.create({ data: { ...rest, unitId, status: 'open' }, select: urgentSelect }));
      },
      async byId(id) {
        const row = await db.urgentReport.findUnique({ where: { id }, select: urgentSelect });
        return row ? toUrgent(row) : null;
      },
      async listOpen() {
        return (await db.urgentReport.findMany({ where: { status: 'open' }, select: urgentSelect, orderBy: [{ nextDueAt: 'asc' }, { id: 'asc' }] })).map(
          toUrgent,
        );
      },
      async overdue(at) {
        return (await db.urgentReport.findMany({ where: { status: 'open', nextDueAt: { lte: at } }, select: urgentSelect, orderBy: { id: 'asc' } })).map(
          toUrgent,
        );
      },
      async addUpdate(update) {
        await db.urgentUpdate.create({
          data: { reportId: update.reportId, kind: update.kind, text: update.text, authorId: update.authorId, createdAt: update.at },
        });
      },
      async setNextDue(reportId, nextDueAt) {
        await db.urgentReport.update({ where: { id: reportId }, data: { nextDueAt } });
      },
      async close(reportId, at) {
        await db.urgentReport.update({ where: { id: reportId }, data: { status: 'closed', closedAt: at, nextDueAt: null } });
      },
      async recordMiss(miss) {
        const row = await db.urgentMiss.create({
          data: { unitId: miss.unitId, occurredAt: miss.occurredAt, note: miss.note, recordedById: miss.recordedById, createdAt: miss.at },
        });
        return row.id;
      },
    },

    outbox: {
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
    },

    nudges: {
      async claim(key, at) {
        try {
          await db.nudge.create({ data: { key: `${key.kind}:${key.subject}:${key.slot}:${key.recipientId}`, ...key, createdAt: at } });
          return true;
        } catch (error) {
          if (isUniqueViolation(error)) return false;
          throw error;
        }
      },
      async count(kind, subject, recipientId) {
        return db.nudge.count({ where: { kind, subject, ...(recipientId === undefined ? {} : { recipientId }) } });
      },
    },

    settings: {
      async get(key) {
        return (await db.setting.findUnique({ where: { key } }))?.value ?? null;
      },
      async set(key, value) {
        await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
      },
    },

    audit: auditRepo(db),
    instructions: instructionsRepo(db),
    commissions: commissionsRepo(db),
    rules: rulesRepo(db),
    review: reviewRepo(db),
    reminders: remindersRepo(db),
    scoring: scoringRepo(db),
    circulars: circularsRepo(db),
  };
}
