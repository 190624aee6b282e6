/**
 * The figures behind points and rankings, each read as one grouped SQL statement over the period
 * (a province's year is 200,000 items and 60,000 adoptions: the database sums, the process does
 * not), and the corrections that change them. The SQL runs on SQLite and PostgreSQL alike: the
 * camel-case names are quoted (PostgreSQL folds bare names to lower case), times are compared as
 * Prisma binds and stores them (ISO text on SQLite, timestamptz on PostgreSQL).
 */
import type { AdoptionDetail, PersonFigures, PersonStandingFigures, ScoringRepo, UnitFigures } from '../../domain/scoring/port.ts';
import type { Severity } from '../../domain/vocabulary.ts';
import { Prisma } from '../generated/sqlite/client.ts';
import type { Tx } from '../records.ts';

/** COUNT comes back as a bigint (or its text) and SUM as a float, bigint or null; figures are plain numbers. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

type FigureRow = {
  id: number | bigint;
  submitted: unknown;
  adopted: unknown;
  adoptionPoints: unknown;
  awardPoints: unknown;
  instructionPoints: unknown;
};

type UnitFigureRow = FigureRow & { lateUrgent: unknown; missedUrgent: unknown; lateFollowUps: unknown };

const unitFiguresOf = (row: UnitFigureRow): UnitFigures => ({
  unitId: Number(row.id),
  submitted: num(row.submitted),
  adopted: num(row.adopted),
  adoptionPoints: num(row.adoptionPoints),
  awardPoints: num(row.awardPoints),
  instructionPoints: num(row.instructionPoints),
  lateUrgent: num(row.lateUrgent),
  missedUrgent: num(row.missedUrgent),
  lateFollowUps: num(row.lateFollowUps),
});

type PersonFigureRow = FigureRow & { name: string; unitName: string | null };

const personFiguresOf = (row: PersonFigureRow): PersonFigures => ({
  personId: Number(row.id),
  name: row.name,
  unitName: row.unitName,
  submitted: num(row.submitted),
  adopted: num(row.adopted),
  adoptionPoints: num(row.adoptionPoints),
  awardPoints: num(row.awardPoints),
  instructionPoints: num(row.instructionPoints),
});

/**
 * Whether award `w` counts in [from, to): one named for a period counts in a range that covers
 * that whole period; any other by when it was awarded.
 */
const awardIn = (from: Date, to: Date) => Prisma.sql`(CASE WHEN w."periodStart" IS NULL
    THEN w."awardedAt" >= ${from} AND w."awardedAt" < ${to}
    ELSE w."periodStart" >= ${from} AND w."periodEnd" <= ${to} END)`;

/** Per unit with anything in [from, to): its figures, one row each (see UnitFigures). */
const unitFigureSums = (from: Date, to: Date) => Prisma.sql`
  SELECT id, SUM(submitted) AS submitted, SUM(adopted) AS adopted, SUM("adoptionPoints") AS "adoptionPoints",
         SUM("awardPoints") AS "awardPoints", SUM("instructionPoints") AS "instructionPoints",
         SUM("lateUrgent") AS "lateUrgent", SUM("missedUrgent") AS "missedUrgent", SUM("lateFollowUps") AS "lateFollowUps"
  FROM (
    SELECT i."unitId" AS id, COUNT(*) AS submitted, 0 AS adopted, 0 AS "adoptionPoints", 0 AS "awardPoints",
           0 AS "instructionPoints", 0 AS "lateUrgent", 0 AS "missedUrgent", 0 AS "lateFollowUps"
    FROM "Item" i WHERE i."submittedAt" >= ${from} AND i."submittedAt" < ${to} AND i."status" <> 'withdrawn' GROUP BY i."unitId"
    UNION ALL
    SELECT i."unitId", 0, COUNT(DISTINCT a."itemId"), SUM(a."points"), 0, 0, 0, 0, 0
    FROM "Adoption" a JOIN "Item" i ON i."id" = a."itemId"
    WHERE a."deletedAt" IS NULL AND a."adoptedAt" >= ${from} AND a."adoptedAt" < ${to} GROUP BY i."unitId"
    UNION ALL
    SELECT w."unitId", 0, 0, 0, SUM(w."points"), 0, 0, 0, 0
    FROM "Award" w WHERE w."unitId" IS NOT NULL AND ${awardIn(from, to)} GROUP BY w."unitId"
    UNION ALL
    SELECT n."unitId", 0, 0, 0, 0, SUM(n."bonusPoints"), 0, 0, 0
    FROM "Instruction" n WHERE n."createdAt" >= ${from} AND n."createdAt" < ${to} GROUP BY n."unitId"
    UNION ALL
    SELECT r."unitId", 0, 0, 0, 0, 0, COUNT(*), 0, 0
    FROM "UrgentReport" r WHERE r."late" AND COALESCE(r."calledAt", r."reportedAt") >= ${from} AND COALESCE(r."calledAt", r."reportedAt") < ${to} GROUP BY r."unitId"
    UNION ALL
    SELECT m."unitId", 0, 0, 0, 0, 0, 0, COUNT(*), 0
    FROM "UrgentMiss" m WHERE m."withdrawnAt" IS NULL AND m."occurredAt" >= ${from} AND m."occurredAt" < ${to} GROUP BY m."unitId"
    UNION ALL
    SELECT r."unitId", 0, 0, 0, 0, 0, 0, 0, COUNT(*)
    FROM "UrgentUpdate" x JOIN "UrgentReport" r ON r."id" = x."reportId"
    WHERE x."late" AND x."createdAt" >= ${from} AND x."createdAt" < ${to} GROUP BY r."unitId"
  ) AS figures
  GROUP BY id`;

/**
 * Urgent reports the unit made in [from, to): by the call for a report the duty office logged
 * from a phone call, else by when it came (docs/urgent.md#the-duty-desk).
 */
const unitReportedIn = (from: Date, to: Date) => ({
  OR: [{ calledAt: null, reportedAt: { gte: from, lt: to } }, { calledAt: { gte: from, lt: to } }],
});

export function scoringRepo(db: Tx): ScoringRepo {
  return {
    async unitFigures({ from, to }) {
      const rows = await db.$queryRaw<UnitFigureRow[]>`${unitFigureSums(from, to)} ORDER BY id`;
      return rows.map(unitFiguresOf);
    },

    async unitStanding(unitId, { from, to }, year) {
      // One statement: every unit ranked in the range — active, or deactivated after it began — (the
      // rank compares them all, those with nothing at zero, as /rank does) with its figures, and the
      // asked unit's urgent lapses in the year.
      const rows = await db.$queryRaw<(UnitFigureRow & { yearLapses: unknown })[]>`
        SELECT u."id" AS id, f.submitted, f.adopted, f."adoptionPoints", f."awardPoints",
               f."instructionPoints", f."lateUrgent", f."missedUrgent", f."lateFollowUps",
               (SELECT COUNT(*) FROM "UrgentReport" r WHERE r."unitId" = ${unitId} AND r."late" AND COALESCE(r."calledAt", r."reportedAt") >= ${year.from} AND COALESCE(r."calledAt", r."reportedAt") < ${year.to})
             + (SELECT COUNT(*) FROM "UrgentMiss" m WHERE m."unitId" = ${unitId} AND m."withdrawnAt" IS NULL AND m."occurredAt" >= ${year.from} AND m."occurredAt" < ${year.to}) AS "yearLapses"
        FROM "Unit" u LEFT JOIN (${unitFigureSums(from, to)}) AS f ON f.id = u."id"
        WHERE u."active" OR u."deactivatedAt" > ${from}
        ORDER BY u."id"`;
      return { figures: rows.map(unitFiguresOf), yearLapses: num(rows[0]?.yearLapses) };
    },

    async personFigures({ from, to }) {
      const rows = await db.$queryRaw<PersonFigureRow[]>`
        SELECT f.id AS id, p."name" AS name, u."name" AS "unitName", f.submitted, f.adopted, f."adoptionPoints", f."awardPoints", f."instructionPoints"
        FROM (
          SELECT id, SUM(submitted) AS submitted, SUM(adopted) AS adopted, SUM("adoptionPoints") AS "adoptionPoints",
                 SUM("awardPoints") AS "awardPoints", SUM("instructionPoints") AS "instructionPoints"
          FROM (
            SELECT i."authorId" AS id, COUNT(*) AS submitted, 0 AS adopted, 0 AS "adoptionPoints", 0 AS "awardPoints", 0 AS "instructionPoints"
            FROM "Item" i WHERE i."submittedAt" >= ${from} AND i."submittedAt" < ${to} AND i."status" <> 'withdrawn' GROUP BY i."authorId"
            UNION ALL
            SELECT i."authorId", 0, COUNT(DISTINCT a."itemId"), SUM(a."points"), 0, 0
            FROM "Adoption" a JOIN "Item" i ON i."id" = a."itemId"
            WHERE a."deletedAt" IS NULL AND a."adoptedAt" >= ${from} AND a."adoptedAt" < ${to} GROUP BY i."authorId"
            UNION ALL
            SELECT w."personId", 0, 0, 0, SUM(w."points"), 0
            FROM "Award" w WHERE w."personId" IS NOT NULL AND ${awardIn(from, to)} GROUP BY w."personId"
            UNION ALL
            SELECT i."authorId", 0, 0, 0, 0, SUM(n."bonusPoints")
            FROM "Instruction" n JOIN "Item" i ON i."id" = n."itemId"
            WHERE n."createdAt" >= ${from} AND n."createdAt" < ${to} GROUP BY i."authorId"
          ) AS parts
          GROUP BY id
        ) AS f
        JOIN "Person" p ON p."id" = f.id
        LEFT JOIN "Unit" u ON u."id" = p."unitId"
        ORDER BY f.id`;
      return rows.map(personFiguresOf);
    },

    async unitTargets(periodKind) {
      const rows = await db.target.findMany({ where: { periodKind, unitId: { not: null } }, select: { unitId: true, submitted: true, adopted: true } });
      return rows.map((row) => ({ unitId: row.unitId!, submitted: row.submitted, adopted: row.adopted }));
    },

    async urgentLapses({ from, to }) {
      const [late, missed] = await Promise.all([
        db.urgentReport.groupBy({ by: ['unitId'], where: { late: true, ...unitReportedIn(from, to) }, _count: { _all: true } }),
        db.urgentMiss.groupBy({ by: ['unitId'], where: { withdrawnAt: null, occurredAt: { gte: from, lt: to } }, _count: { _all: true } }),
      ]);
      const units = new Set([...late, ...missed].map((group) => group.unitId));
      return [...units].map((unitId) => ({
        unitId,
        late: late.find((group) => group.unitId === unitId)?._count._all ?? 0,
        missed: missed.find((group) => group.unitId === unitId)?._count._all ?? 0,
      }));
    },

    async deleteAdoption(itemId, publicationCode, at) {
      const row = await db.adoption.findUnique({
        where: { itemId_publicationCode: { itemId, publicationCode } },
        select: { id: true, points: true, adoptedAt: true, deletedAt: true },
      });
      if (!row || row.deletedAt !== null) return null;
      const { count } = await db.adoption.updateMany({ where: { id: row.id, deletedAt: null }, data: { deletedAt: at } });
      return count === 1 ? { points: row.points, adoptedAt: row.adoptedAt } : null;
    },

    async removeAwards(reason) {
      const rows = await db.award.findMany({ where: { reason }, select: { id: true, points: true } });
      if (rows.length === 0) return 0;
      await db.award.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } });
      return rows.reduce((sum, row) => sum + row.points, 0);
    },

    async adoptions({ from, to }) {
      const rows = await db.adoption.findMany({
        where: { deletedAt: null, adoptedAt: { gte: from, lt: to } },
        select: {
          publicationCode: true,
          level: true,
          points: true,
          adoptedAt: true,
          item: { select: { id: true, title: true, unitId: true, unit: { select: { name: true } }, author: { select: { name: true } } } },
        },
        orderBy: [{ adoptedAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(
        (row): AdoptionDetail => ({
          itemId: row.item.id,
          title: row.item.title,
          unitId: row.item.unitId,
          unitName: row.item.unit.name,
          authorName: row.item.author.name,
          publicationCode: row.publicationCode,
          level: row.level,
          points: row.points,
          adoptedAt: row.adoptedAt,
        }),
      );
    },

    async urgent({ from, to }) {
      const [reports, misses] = await Promise.all([
        db.urgentReport.findMany({
          where: unitReportedIn(from, to),
          select: {
            id: true,
            unitId: true,
            severity: true,
            occurredAt: true,
            reportedAt: true,
            calledAt: true,
            delayMinutes: true,
            late: true,
            status: true,
            what: true,
            unit: { select: { name: true } },
            reporter: { select: { name: true } },
            updates: { select: { kind: true, late: true } },
          },
          orderBy: [{ reportedAt: 'asc' }, { id: 'asc' }],
        }),
        db.urgentMiss.findMany({
          where: { withdrawnAt: null, occurredAt: { gte: from, lt: to } },
          select: { id: true, unitId: true, occurredAt: true, note: true, unit: { select: { name: true } } },
          orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
        }),
      ]);
      return {
        reports: reports.map(({ unit, reporter, updates, calledAt, ...row }) => ({
          ...row,
          reportedAt: calledAt ?? row.reportedAt,
          unitName: unit.name,
          reporterName: reporter.name,
          severity: row.severity as Severity,
          status: row.status === 'closed' ? ('closed' as const) : ('open' as const),
          followUps: updates.filter((update) => update.kind === 'followup').length,
          lateFollowUps: updates.filter((update) => update.late).length,
        })),
        misses: misses.map(({ unit, ...row }) => ({ ...row, unitName: unit.name })),
      };
    },

    async personStanding({ from, to }) {
      // Credited to the item's author by name (实名制), as personFigures; a withdrawn item counts nowhere.
      const rows = await db.$queryRaw<(PersonFigureRow & { unitId: number | bigint | null })[]>`
        SELECT p."id" AS id, p."name" AS name, p."unitId" AS "unitId", u."name" AS "unitName",
               f.submitted, f.adopted, f."adoptionPoints", f."awardPoints", f."instructionPoints"
        FROM "Person" p
        LEFT JOIN "Unit" u ON u."id" = p."unitId"
        LEFT JOIN (
          SELECT id, SUM(submitted) AS submitted, SUM(adopted) AS adopted, SUM("adoptionPoints") AS "adoptionPoints",
                 SUM("awardPoints") AS "awardPoints", SUM("instructionPoints") AS "instructionPoints"
          FROM (
            SELECT i."authorId" AS id, COUNT(*) AS submitted, 0 AS adopted, 0 AS "adoptionPoints", 0 AS "awardPoints", 0 AS "instructionPoints"
            FROM "Item" i WHERE i."status" <> 'withdrawn' AND i."submittedAt" >= ${from} AND i."submittedAt" < ${to} GROUP BY i."authorId"
            UNION ALL
            SELECT i."authorId", 0, COUNT(DISTINCT a."itemId"), SUM(a."points"), 0, 0
            FROM "Adoption" a JOIN "Item" i ON i."id" = a."itemId"
            WHERE i."status" <> 'withdrawn' AND a."deletedAt" IS NULL AND a."adoptedAt" >= ${from} AND a."adoptedAt" < ${to} GROUP BY i."authorId"
            UNION ALL
            SELECT w."personId", 0, 0, 0, SUM(w."points"), 0
            FROM "Award" w WHERE w."personId" IS NOT NULL AND ${awardIn(from, to)} GROUP BY w."personId"
            UNION ALL
            SELECT i."authorId", 0, 0, 0, 0, SUM(n."bonusPoints")
            FROM "Instruction" n JOIN "Item" i ON i."id" = n."itemId"
            WHERE i."status" <> 'withdrawn' AND n."createdAt" >= ${from} AND n."createdAt" < ${to} GROUP BY i."authorId"
          ) AS parts
          GROUP BY id
        ) AS f ON f.id = p."id"
        WHERE (p."active" OR p."deactivatedAt" > ${from})
          AND (f.id IS NOT NULL OR EXISTS (SELECT 1 FROM "PersonRole" r WHERE r."personId" = p."id" AND r."role" = 'reporter'))
        ORDER BY p."id"`;
      return rows.map((row): PersonStandingFigures => ({ ...personFiguresOf(row), unitId: row.unitId === null ? null : Number(row.unitId) }));
    },

    async personTargets(periodKind) {
      const rows = await db.target.findMany({ where: { periodKind, personId: { not: null } }, select: { personId: true, submitted: true, adopted: true } });
      return rows.map((row) => ({ personId: row.personId!, submitted: row.submitted, adopted: row.adopted }));
    },
  };
}
