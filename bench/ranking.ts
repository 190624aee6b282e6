/**
 * Benchmark (run by hand: `npx tsx bench/ranking.ts [RUNS] [--db sqlite|postgres|both]`, default
 * 9 runs on both): the ranking of a province-sized year — 300 units, 5,000 people, 200,000 items,
 * 60,000 adoptions (plus awards, instruction bonuses, urgent reports and misses, and deleted
 * adoptions that must not count) — built with rankUnitsFor(year) through the real store, against
 * one hand-written SQL query computing the same figures on the same database in the same run.
 * Both are checked to agree unit by unit (and, with both databases, SQLite's ranking with
 * PostgreSQL's). Goal: within 1.5× of the query, under 300 ms.
 *
 * The same generated rows are bulk-loaded into a freshly migrated SQLite file (better-sqlite3)
 * and a fresh PostgreSQL database on the local server (`pg`, multi-row INSERTs; dropped at the
 * end). Rounds alternate, SQLite then PostgreSQL, so that the machine's drift falls on both; each
 * figure is given as min / median / max, with the PostgreSQL/SQLite ratio of each round.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { type App, openApp } from '../src/app.ts';
import { parseConfig } from '../src/config/config.ts';
import { publishCircular } from '../src/domain/circulars/publishCircular.ts';
import { rankUnitsFor } from '../src/domain/ranking/rankUnitsFor.ts';
import { defaultRules } from '../src/domain/rules/defaults.ts';
import { parsePeriod } from '../src/domain/time/index.ts';
import { drawCircularChart } from '../src/reports/circularChart.ts';
import { type Dialect, postgresConfig } from '../src/store/client.ts';
import { migrate } from '../src/store/migrate.ts';
import {
  benchArgs,
  dialectName,
  dropPostgresDatabase,
  loadPostgres,
  loadSqlite,
  markdownTable,
  newPostgresDatabase,
  perRoundRatios,
  showMs,
  showRatio,
  spread,
  type Table,
  table,
  withCleanup,
} from './bothDatabases.ts';

const { dialects, positionals } = benchArgs('npx tsx bench/ranking.ts [RUNS] [--db sqlite|postgres|both]');
const runs = Number(positionals[0] ?? 9);
const UNITS = 300;
const PEOPLE = 5000;
const ITEMS = 200_000;
const ADOPTIONS = 60_000;
const DELETED = 1_000;
const TZ = 'Asia/Shanghai';

// A deterministic generator, so every run builds the same office.
let seed = 20261121;
const random = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const stamp = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

const year = parsePeriod('2026', TZ);
if (!year.ok) throw new Error('period');
const from = year.value.start.getTime();
const span = year.value.end.getTime() - from;

/** The province's year, row by row, for either database. */
function generateOffice(): Table[] {
  const now = stamp(from);
  const kinds = ['county', 'department', 'township', 'direct'] as const;
  const unit = table('Unit', ['id', 'code', 'name', 'kind', 'signOff', 'active', 'createdAt', 'updatedAt']);
  const target = table('Target', ['unitId', 'periodKind', 'submitted', 'adopted']);
  for (let id = 1; id <= UNITS; id += 1) {
    unit.rows.push([id, `u${id}`, `第${id}报送单位`, kinds[id % 10 === 0 ? 3 : id % 7 === 0 ? 2 : id % 3 === 0 ? 1 : 0], false, true, now, now]);
    if (id % 3 === 0) target.rows.push([id, 'year', 600 + (id % 11) * 40, 150]);
  }
  const person = table('Person', ['id', 'code', 'name', 'unitId', 'active', 'createdAt', 'updatedAt']);
  const role = table('PersonRole', ['personId', 'role']);
  for (let id = 1; id <= PEOPLE; id += 1) {
    person.rows.push([id, `p${id}`, `信息员${id}`, ((id - 1) % UNITS) + 1, true, now, now]);
    role.rows.push([id, 'reporter']);
  }
  // Busier units submit more: unit weights from 1 to 4.
  const weighted = Array.from({ length: UNITS }, (_, i) => i + 1).flatMap((id) => Array.from({ length: 1 + (id % 4) }, () => id));
  const item = table('Item', ['id', 'title', 'body', 'category', 'status', 'authorId', 'unitId', 'createdAt', 'submittedAt', 'updatedAt']);
  const items: { unitId: number; authorId: number; at: number }[] = [];
  for (let id = 1; id <= ITEMS; id += 1) {
    const unitId = pick(weighted);
    const authorId = unitId + UNITS * Math.floor(random() * Math.floor(PEOPLE / UNITS));
    const at = from + Math.floor(random() * span);
    items.push({ unitId, authorId, at });
    item.rows.push([id, `信息${id}`, '正文', pick(['dynamic', 'experience', 'problem']), 'submitted', authorId, unitId, stamp(at), stamp(at), stamp(at)]);
  }
  const adoption = table('Adoption', ['itemId', 'publicationCode', 'level', 'points', 'rulesVersion', 'adoptedAt', 'deletedAt']);
  const publications = defaultRules.publications;
  const used = new Set<string>();
  let made = 0;
  while (made < ADOPTIONS + DELETED) {
    const itemId = 1 + Math.floor(random() * ITEMS);
    const publication = pick(publications);
    const key = `${itemId}:${publication.code}`;
    if (used.has(key)) continue;
    used.add(key);
    const at = items[itemId - 1]!.at + Math.floor(random() * 10 * 86_400_000);
    adoption.rows.push([itemId, publication.code, publication.level, publication.points, 0, stamp(at), made < DELETED ? stamp(at + 3_600_000) : null]);
    made += 1;
  }
  const award = table('Award', ['unitId', 'personId', 'points', 'reason', 'awardedAt', 'createdAt']);
  for (let i = 0; i < 2000; i += 1) {
    const at = stamp(from + Math.floor(random() * span));
    award.rows.push([1 + Math.floor(random() * UNITS), null, pick([1, 1, 1, 50, -5]), `bench:${i}`, at, at]);
  }
  const instruction = table('Instruction', [
    'itemId',
    'unitId',
    'leaderName',
    'leaderLevel',
    'text',
    'bonusPoints',
    'rulesVersion',
    'status',
    'dueAt',
    'createdAt',
  ]);
  for (let i = 0; i < 1500; i += 1) {
    const itemId = 1 + Math.floor(random() * ITEMS);
    const level = pick(['city', 'province', 'state'] as const);
    const at = stamp(items[itemId - 1]!.at + 86_400_000);
    instruction.rows.push([
      itemId,
      items[itemId - 1]!.unitId,
      '领导',
      level,
      '请认真落实。',
      defaultRules.bonuses.leaderInstruction[level],
      0,
      'resolved',
      at,
      at,
    ]);
  }
  const urgent = table('UrgentReport', [
    'unitId',
    'reporterId',
    'what',
    'occurredAt',
    'reportedAt',
    'severity',
    'delayMinutes',
    'late',
    'status',
    'rulesVersion',
    'createdAt',
  ]);
  for (let i = 0; i < 3000; i += 1) {
    const unitId = 1 + Math.floor(random() * UNITS);
    const occurred = from + Math.floor(random() * span);
    const delay = Math.floor(random() * 300);
    urgent.rows.push([
      unitId,
      unitId,
      '突发事件',
      stamp(occurred),
      stamp(occurred + delay * 60_000),
      'general',
      delay,
      delay > 240,
      'closed',
      0,
      stamp(occurred),
    ]);
  }
  const miss = table('UrgentMiss', ['unitId', 'occurredAt', 'note', 'createdAt']);
  for (let i = 0; i < 100; i += 1) {
    const at = stamp(from + Math.floor(random() * span));
    miss.rows.push([1 + Math.floor(random() * UNITS), at, '漏报', at]);
  }
  return [unit, target, person, role, item, adoption, award, instruction, urgent, miss];
}

/** For the monthly circular: every one of the 5,000 people bound on Telegram. */
function generateIdentities(): Table[] {
  const identity = table('ChatIdentity', ['personId', 'platform', 'platformUserId', 'chatId', 'createdAt']);
  for (let id = 1; id <= PEOPLE; id += 1) identity.rows.push([id, 'telegram', String(10_000 + id), String(10_000 + id), stamp(from)]);
  return [identity];
}

/** The same figures by hand: one statement, the penalties of the built-in rules; placeholders and rounding as each database wants them. */
function handWritten(dialect: Dialect): string {
  let parameters = 0;
  const p = () => (dialect === 'sqlite' ? '?' : `$${++parameters}`);
  const between = (column: string) => `${column} >= ${p()} AND ${column} < ${p()}`;
  const points = `COALESCE(a.p, 0) + COALESCE(w.p, 0) + COALESCE(b.p, 0) - ${defaultRules.penalties.lateUrgent} * COALESCE(l.n, 0) - ${defaultRules.penalties.missedUrgent} * COALESCE(m.n, 0)`;
  return `
WITH s AS (SELECT "unitId", COUNT(*) AS n FROM "Item" WHERE ${between('"submittedAt"')} GROUP BY "unitId"),
     a AS (SELECT i."unitId", COUNT(DISTINCT d."itemId") AS n, SUM(d."points") AS p FROM "Adoption" d JOIN "Item" i ON i."id" = d."itemId"
           WHERE d."deletedAt" IS NULL AND ${between('d."adoptedAt"')} GROUP BY i."unitId"),
     w AS (SELECT "unitId", SUM("points") AS p FROM "Award" WHERE "unitId" IS NOT NULL AND ${between('"awardedAt"')} GROUP BY "unitId"),
     b AS (SELECT "unitId", SUM("bonusPoints") AS p FROM "Instruction" WHERE ${between('"createdAt"')} GROUP BY "unitId"),
     l AS (SELECT "unitId", COUNT(*) AS n FROM "UrgentReport" WHERE "late" AND ${between('"reportedAt"')} GROUP BY "unitId"),
     m AS (SELECT "unitId", COUNT(*) AS n FROM "UrgentMiss" WHERE ${between('"occurredAt"')} GROUP BY "unitId")
SELECT u."id" AS "unitId", COALESCE(s.n, 0) AS submitted, COALESCE(a.n, 0) AS adopted,
       ${dialect === 'sqlite' ? `ROUND(${points}, 2)` : `ROUND(CAST(${points} AS NUMERIC), 2)`} AS points
FROM "Unit" u
LEFT JOIN s ON s."unitId" = u."id" LEFT JOIN a ON a."unitId" = u."id" LEFT JOIN w ON w."unitId" = u."id"
LEFT JOIN b ON b."unitId" = u."id" LEFT JOIN l ON l."unitId" = u."id" LEFT JOIN m ON m."unitId" = u."id"
WHERE u."active"
ORDER BY points DESC, adopted DESC, submitted DESC`;
}

type Row = { unitId: number; submitted: number; adopted: number; points: number };
/** PostgreSQL gives counts (bigint) and NUMERIC as strings. */
const asRow = (row: Record<string, unknown>): Row => ({
  unitId: Number(row.unitId),
  submitted: Number(row.submitted),
  adopted: Number(row.adopted),
  points: Number(row.points),
});

/** One database with the office in it: the app on it, the query on its own driver, and how to load more rows. */
type Side = {
  dialect: Dialect;
  app: App;
  viaDriver: () => Promise<Row[]>;
  viaPrisma: () => Promise<Row[]>;
  load: (tables: Table[]) => Promise<void>;
  close: () => Promise<void>;
};

// Six subqueries, each bounded by [from, to).
const bounds = Array.from({ length: 6 }, () => [stamp(from), stamp(from + span)]).flat();

/** The app on a database, as `npm start` opens it (migrations are current already). */
async function openOn(databaseUrl: string): Promise<App> {
  const config = parseConfig({ DATABASE_URL: databaseUrl, XINBAO_TZ: TZ });
  if (!config.ok) throw new Error(config.message);
  return openApp(config.config);
}

async function openSqlite(office: Table[]): Promise<Side> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xinbao-bench-ranking-'));
  const file = path.join(dir, 'bench.db');
  const databaseUrl = `file:${file}`;
  await migrate(databaseUrl);
  const built = performance.now();
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  loadSqlite(sqlite, office);
  sqlite.exec('ANALYZE');
  console.log(`SQLite: built in ${((performance.now() - built) / 1000).toFixed(1)} s`);
  const app = await openOn(databaseUrl);
  const sql = handWritten('sqlite');
  const statement = sqlite.prepare(sql);
  return {
    dialect: 'sqlite',
    app,
    viaDriver: async () => statement.all(...bounds) as Row[],
    viaPrisma: async () => ((await app.db.$queryRawUnsafe(sql, ...bounds)) as Record<string, unknown>[]).map(asRow),
    load: async (tables) => loadSqlite(sqlite, tables),
    close: async () => {
      await app.close();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(office: Table[]): Promise<Side> {
  const databaseUrl = await newPostgresDatabase();
  const built = performance.now();
  await loadPostgres(databaseUrl, office);
  console.log(`PostgreSQL: built in ${((performance.now() - built) / 1000).toFixed(1)} s (multi-row INSERTs, then VACUUM ANALYZE)`);
  const app = await openOn(databaseUrl);
  const client = new pg.Client(postgresConfig(databaseUrl));
  await client.connect();
  const sql = handWritten('postgresql');
  return {
    dialect: 'postgresql',
    app,
    // Unnamed, as Prisma's adapter sends its queries: planned for these bounds on each run (a named
    // statement may switch to a generic plan after five runs).
    viaDriver: async () => (await client.query(sql, bounds)).rows.map(asRow),
    viaPrisma: async () => ((await app.db.$queryRawUnsafe(sql, ...bounds)) as Record<string, unknown>[]).map(asRow),
    load: (tables) => loadPostgres(databaseUrl, tables),
    close: async () => {
      await client.end();
      await app.close();
      await dropPostgresDatabase(databaseUrl);
    },
  };
}

const ranking = (side: Side) => rankUnitsFor(side.app, year.value, { previous: null });

/** The ranking agrees with the query unit by unit; returns it. */
async function checked(side: Side) {
  const expected = new Map((await side.viaDriver()).map((row) => [row.unitId, row]));
  const ranked = await ranking(side);
  if (ranked.length !== UNITS) throw new Error(`${dialectName[side.dialect]}: ranked ${ranked.length} units`);
  for (const unit of ranked) {
    const row = expected.get(unit.unitId)!;
    if (row.submitted !== unit.submitted || row.adopted !== unit.adopted || Math.abs(row.points - unit.points) > 0.005) {
      throw new Error(
        `${dialectName[side.dialect]}, unit ${unit.unitId}: query ${JSON.stringify(row)} vs ranking ${JSON.stringify({ submitted: unit.submitted, adopted: unit.adopted, points: unit.points })}`,
      );
    }
  }
  return ranked;
}

const WORK = {
  driver: { label: 'hand-written SQL on the driver (better-sqlite3, pg)', run: (side: Side) => side.viaDriver() },
  prisma: { label: 'hand-written SQL through the Prisma client', run: (side: Side) => side.viaPrisma() },
  ranking: { label: 'rankUnitsFor(2026) (scores, targets, previous circular, ranks)', run: ranking },
} as const;
type Work = keyof typeof WORK;
const works = Object.keys(WORK) as Work[];

await withCleanup(async () => {
  const office = generateOffice();
  console.log(`generated ${UNITS} units, ${PEOPLE} people, ${ITEMS} items, ${ADOPTIONS} adoptions (+${DELETED} deleted)`);
  const sides: Side[] = [];
  try {
    for (const dialect of dialects) sides.push(dialect === 'sqlite' ? await openSqlite(office) : await openPostgres(office));

    let previous: Awaited<ReturnType<typeof checked>> | undefined;
    for (const side of sides) {
      const ranked = await checked(side);
      const totals = ranked.reduce((sum, unit) => ({ submitted: sum.submitted + unit.submitted, adopted: sum.adopted + unit.adopted }), {
        submitted: 0,
        adopted: 0,
      });
      console.log(
        `${dialectName[side.dialect]}: agree on all ${UNITS} units (${totals.submitted} submitted, ${totals.adopted} distinct items adopted in 2026); leader: ${ranked[0]!.name} ${ranked[0]!.points} points`,
      );
      if (previous) {
        const same = ranked.every((unit, i) => {
          const other = previous![i]!;
          return (
            unit.unitId === other.unitId &&
            unit.submitted === other.submitted &&
            unit.adopted === other.adopted &&
            Math.abs(unit.points - other.points) <= 0.005
          );
        });
        if (!same) throw new Error('SQLite and PostgreSQL rank the same office differently');
        console.log('SQLite and PostgreSQL rank the office the same, unit by unit');
      }
      previous = ranked;
    }

    // Warm-up, then rounds: each database in turn runs each piece of work once.
    for (const side of sides) for (const work of works) for (let i = 0; i < 2; i += 1) await WORK[work].run(side);
    const times = new Map(sides.map((side) => [side.dialect, { driver: [] as number[], prisma: [] as number[], ranking: [] as number[] }]));
    for (let round = 0; round < runs; round += 1) {
      for (const side of sides) {
        for (const work of works) {
          const started = performance.now();
          await WORK[work].run(side);
          times.get(side.dialect)![work].push(performance.now() - started);
        }
      }
    }

    const both = sides.length === 2;
    const header = ['figure', ...sides.map((side) => `${dialectName[side.dialect]} min / median / max`), ...(both ? ['PostgreSQL/SQLite per round'] : [])];
    const rows = works.map((work) => [
      WORK[work].label,
      ...sides.map((side) => showMs(spread(times.get(side.dialect)![work]), 1)),
      ...(both ? [showRatio(spread(perRoundRatios(times.get('postgresql')![work], times.get('sqlite')![work])))] : []),
    ]);
    const median = (dialect: Dialect, work: Work) => spread(times.get(dialect)![work]).median;
    rows.push([
      'rankUnitsFor ÷ the query (medians): on the driver, through Prisma',
      ...sides.map(
        (side) =>
          `${(median(side.dialect, 'ranking') / median(side.dialect, 'driver')).toFixed(2)}×, ${(median(side.dialect, 'ranking') / median(side.dialect, 'prisma')).toFixed(2)}×`,
      ),
      ...(both ? [''] : []),
    ]);

    // One monthly circular to the whole province, on each database in turn.
    const november = parsePeriod('2026-11', TZ);
    if (!november.ok) throw new Error('period');
    const circular = new Map<Dialect, number>();
    let messages: number | undefined;
    for (const side of sides) {
      await side.load(generateIdentities());
      const started = performance.now();
      const published = await publishCircular(
        { store: side.app.store, rules: side.app.rules, timezone: TZ, drawChart: drawCircularChart },
        { kind: 'monthly', period: november.value, periodKey: november.value.key, at: new Date(from + span) },
      );
      circular.set(side.dialect, performance.now() - started);
      messages = published?.messages;
    }
    rows.push([
      `monthly circular to ${PEOPLE} bound people (ranking, chart, ${messages} outbox rows in one transaction), once`,
      ...sides.map((side) => `${circular.get(side.dialect)!.toFixed(0)} ms`),
      ...(both ? [(circular.get('postgresql')! / circular.get('sqlite')!).toFixed(2)] : []),
    ]);

    console.log(`\n${runs} rounds${both ? ', SQLite then PostgreSQL in each' : ''}, after 2 warm-up runs of each:\n`);
    console.log(markdownTable(header, rows));
  } finally {
    for (const side of sides) await side.close();
  }
});
