/**
 * Benchmark (run by hand: `npx tsx bench/ranking.ts [RUNS]`): the ranking of a province-sized
 * year — 300 units, 5,000 people, 200,000 items, 60,000 adoptions (plus awards, instruction
 * bonuses, urgent reports and misses, and deleted adoptions that must not count) — built with
 * rankUnitsFor(year) through the real store, against one hand-written SQL query computing the
 * same figures on the same database in the same run. Both are checked to agree unit by unit;
 * the medians and their ratio are printed. Goal: within 1.5× of the query, under 300 ms.
 * The data is bulk-inserted with better-sqlite3 straight into a freshly migrated SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openApp } from '../src/app.ts';
import { parseConfig } from '../src/config/config.ts';
import { defaultRules } from '../src/domain/rules/defaults.ts';
import { rankUnitsFor } from '../src/domain/ranking/rankUnitsFor.ts';
import { parsePeriod } from '../src/domain/time/index.ts';
import { migrate } from '../src/store/migrate.ts';
import { publishCircular } from '../src/domain/circulars/publishCircular.ts';
import { drawCircularChart } from '../src/reports/circularChart.ts';

const runs = Number(process.argv[2] ?? 9);
const UNITS = 300;
const PEOPLE = 5000;
const ITEMS = 200_000;
const ADOPTIONS = 60_000;
const DELETED = 1_000;
const TZ = 'Asia/Shanghai';

const dir = mkdtempSync(path.join(tmpdir(), 'xinbao-bench-ranking-'));
const file = path.join(dir, 'bench.db');
const databaseUrl = `file:${file}`;

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

await migrate(databaseUrl);
const built = performance.now();
const sqlite = new Database(file);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = OFF');
const kinds = ['county', 'department', 'township', 'direct'] as const;
sqlite.transaction(() => {
  const now = stamp(from);
  const unit = sqlite.prepare('INSERT INTO "Unit" (id, code, name, kind, signOff, active, createdAt, updatedAt) VALUES (?, ?, ?, ?, 0, 1, ?, ?)');
  const target = sqlite.prepare('INSERT INTO "Target" (unitId, periodKind, submitted, adopted) VALUES (?, ?, ?, ?)');
  for (let id = 1; id <= UNITS; id += 1) {
    unit.run(id, `u${id}`, `第${id}报送单位`, kinds[id % 10 === 0 ? 3 : id % 7 === 0 ? 2 : id % 3 === 0 ? 1 : 0], now, now);
    if (id % 3 === 0) target.run(id, 'year', 600 + (id % 11) * 40, 150);
  }
  const person = sqlite.prepare('INSERT INTO "Person" (id, code, name, unitId, active, createdAt, updatedAt) VALUES (?, ?, ?, ?, 1, ?, ?)');
  const role = sqlite.prepare('INSERT INTO "PersonRole" (personId, role) VALUES (?, ?)');
  for (let id = 1; id <= PEOPLE; id += 1) {
    person.run(id, `p${id}`, `信息员${id}`, ((id - 1) % UNITS) + 1, now, now);
    role.run(id, 'reporter');
  }
  // Busier units submit more: unit weights from 1 to 4.
  const weighted = Array.from({ length: UNITS }, (_, i) => i + 1).flatMap((id) => Array.from({ length: 1 + (id % 4) }, () => id));
  const item = sqlite.prepare(
    'INSERT INTO "Item" (id, title, body, category, status, authorId, unitId, createdAt, submittedAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const items: { unitId: number; authorId: number; at: number }[] = [];
  for (let id = 1; id <= ITEMS; id += 1) {
    const unitId = pick(weighted);
    const authorId = unitId + UNITS * Math.floor(random() * Math.floor(PEOPLE / UNITS));
    const at = from + Math.floor(random() * span);
    items.push({ unitId, authorId, at });
    item.run(id, `信息${id}`, '正文', pick(['dynamic', 'experience', 'problem']), 'submitted', authorId, unitId, stamp(at), stamp(at), stamp(at));
  }
  const adoption = sqlite.prepare(
    'INSERT INTO "Adoption" (itemId, publicationCode, level, points, rulesVersion, adoptedAt, deletedAt) VALUES (?, ?, ?, ?, 0, ?, ?)',
  );
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
    adoption.run(itemId, publication.code, publication.level, publication.points, stamp(at), made < DELETED ? stamp(at + 3_600_000) : null);
    made += 1;
  }
  const award = sqlite.prepare('INSERT INTO "Award" (unitId, personId, points, reason, awardedAt, createdAt) VALUES (?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < 2000; i += 1) {
    const at = stamp(from + Math.floor(random() * span));
    award.run(1 + Math.floor(random() * UNITS), null, pick([1, 1, 1, 50, -5]), `bench:${i}`, at, at);
  }
  const instruction = sqlite.prepare(
    'INSERT INTO "Instruction" (itemId, unitId, leaderName, leaderLevel, text, bonusPoints, rulesVersion, status, dueAt, createdAt) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)',
  );
  for (let i = 0; i < 1500; i += 1) {
    const itemId = 1 + Math.floor(random() * ITEMS);
    const level = pick(['city', 'province', 'state'] as const);
    const at = stamp(items[itemId - 1]!.at + 86_400_000);
    instruction.run(itemId, items[itemId - 1]!.unitId, '领导', level, '请认真落实。', defaultRules.bonuses.leaderInstruction[level], 'resolved', at, at);
  }
  const urgent = sqlite.prepare(
    'INSERT INTO "UrgentReport" (unitId, reporterId, what, occurredAt, reportedAt, severity, delayMinutes, late, status, rulesVersion, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)',
  );
  for (let i = 0; i < 3000; i += 1) {
    const unitId = 1 + Math.floor(random() * UNITS);
    const occurred = from + Math.floor(random() * span);
    const delay = Math.floor(random() * 300);
    urgent.run(unitId, unitId, '突发事件', stamp(occurred), stamp(occurred + delay * 60_000), 'general', delay, delay > 240 ? 1 : 0, 'closed', stamp(occurred));
  }
  const miss = sqlite.prepare('INSERT INTO "UrgentMiss" (unitId, occurredAt, note, createdAt) VALUES (?, ?, ?, ?)');
  for (let i = 0; i < 100; i += 1) {
    const at = stamp(from + Math.floor(random() * span));
    miss.run(1 + Math.floor(random() * UNITS), at, '漏报', at);
  }
})();
sqlite.exec('ANALYZE');
console.log(
  `built ${UNITS} units, ${PEOPLE} people, ${ITEMS} items, ${ADOPTIONS} adoptions (+${DELETED} deleted) in ${((performance.now() - built) / 1000).toFixed(1)} s`,
);

/** The same figures by hand: one statement, the penalties of the built-in rules. */
const HAND_WRITTEN = `
WITH s AS (SELECT "unitId", COUNT(*) AS n FROM "Item" WHERE "submittedAt" >= ? AND "submittedAt" < ? GROUP BY "unitId"),
     a AS (SELECT i."unitId", COUNT(DISTINCT d."itemId") AS n, SUM(d."points") AS p FROM "Adoption" d JOIN "Item" i ON i."id" = d."itemId"
           WHERE d."deletedAt" IS NULL AND d."adoptedAt" >= ? AND d."adoptedAt" < ? GROUP BY i."unitId"),
     w AS (SELECT "unitId", SUM("points") AS p FROM "Award" WHERE "unitId" IS NOT NULL AND "awardedAt" >= ? AND "awardedAt" < ? GROUP BY "unitId"),
     b AS (SELECT "unitId", SUM("bonusPoints") AS p FROM "Instruction" WHERE "createdAt" >= ? AND "createdAt" < ? GROUP BY "unitId"),
     l AS (SELECT "unitId", COUNT(*) AS n FROM "UrgentReport" WHERE "late" AND "reportedAt" >= ? AND "reportedAt" < ? GROUP BY "unitId"),
     m AS (SELECT "unitId", COUNT(*) AS n FROM "UrgentMiss" WHERE "occurredAt" >= ? AND "occurredAt" < ? GROUP BY "unitId")
SELECT u."id" AS unitId, COALESCE(s.n, 0) AS submitted, COALESCE(a.n, 0) AS adopted,
       ROUND(COALESCE(a.p, 0) + COALESCE(w.p, 0) + COALESCE(b.p, 0) - ${defaultRules.penalties.lateUrgent} * COALESCE(l.n, 0) - ${defaultRules.penalties.missedUrgent} * COALESCE(m.n, 0), 2) AS points
FROM "Unit" u
LEFT JOIN s ON s."unitId" = u."id" LEFT JOIN a ON a."unitId" = u."id" LEFT JOIN w ON w."unitId" = u."id"
LEFT JOIN b ON b."unitId" = u."id" LEFT JOIN l ON l."unitId" = u."id" LEFT JOIN m ON m."unitId" = u."id"
WHERE u."active"
ORDER BY points DESC, adopted DESC, submitted DESC`;

const config = parseConfig({ DATABASE_URL: databaseUrl, XINBAO_TZ: TZ });
if (!config.ok) throw new Error(config.message);
const app = await openApp(config.config);
// Six subqueries, each bounded by [from, to).
const bounds = Array.from({ length: 6 }, () => [stamp(from), stamp(from + span)]).flat();
const statement = sqlite.prepare(HAND_WRITTEN);
type Row = { unitId: number; submitted: number; adopted: number; points: number };

const viaDriver = () => statement.all(...bounds) as Row[];
const viaPrisma = async () =>
  ((await app.db.$queryRawUnsafe(HAND_WRITTEN, ...bounds)) as Record<string, unknown>[]).map((row) => ({
    unitId: Number(row.unitId),
    submitted: Number(row.submitted),
    adopted: Number(row.adopted),
    points: Number(row.points),
  }));
const ranking = () => rankUnitsFor(app, year.value, { previous: null });

// They agree, unit by unit.
const expected = new Map(viaDriver().map((row) => [row.unitId, row]));
const ranked = await ranking();
if (ranked.length !== UNITS) throw new Error(`ranked ${ranked.length} units`);
for (const unit of ranked) {
  const row = expected.get(unit.unitId)!;
  if (row.submitted !== unit.submitted || row.adopted !== unit.adopted || Math.abs(row.points - unit.points) > 0.005) {
    throw new Error(
      `unit ${unit.unitId}: query ${JSON.stringify(row)} vs ranking ${JSON.stringify({ submitted: unit.submitted, adopted: unit.adopted, points: unit.points })}`,
    );
  }
}
const totals = ranked.reduce((sum, unit) => ({ submitted: sum.submitted + unit.submitted, adopted: sum.adopted + unit.adopted }), { submitted: 0, adopted: 0 });
console.log(
  `agree on all ${UNITS} units (${totals.submitted} submitted, ${totals.adopted} distinct items adopted in 2026); leader: ${ranked[0]!.name} ${ranked[0]!.points} points`,
);

async function median(work: () => unknown): Promise<number> {
  for (let i = 0; i < 2; i += 1) await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const driver = await median(viaDriver);
const prisma = await median(viaPrisma);
const ours = await median(ranking);
console.log(`hand-written SQL, better-sqlite3 directly:  median ${driver.toFixed(1)} ms`);
console.log(`hand-written SQL, through the Prisma client: median ${prisma.toFixed(1)} ms`);
console.log(`rankUnitsFor(2026) (scores, targets, previous circular, ranks): median ${ours.toFixed(1)} ms`);
console.log(`ratio: ${(ours / driver).toFixed(2)}× the query on the driver, ${(ours / prisma).toFixed(2)}× through Prisma (${runs} runs each)`);

// One monthly circular to the whole province: every one of the 5,000 people bound on Telegram.
sqlite.transaction(() => {
  const identity = sqlite.prepare('INSERT INTO "ChatIdentity" (personId, platform, platformUserId, chatId, createdAt) VALUES (?, ?, ?, ?, ?)');
  for (let id = 1; id <= PEOPLE; id += 1) identity.run(id, 'telegram', String(10_000 + id), String(10_000 + id), stamp(from));
})();
const november = parsePeriod('2026-11', TZ);
if (!november.ok) throw new Error('period');
const circularStarted = performance.now();
const published = await publishCircular(
  { store: app.store, rules: app.rules, timezone: TZ, drawChart: drawCircularChart },
  { kind: 'monthly', period: november.value, periodKey: november.value.key, at: new Date(from + span) },
);
console.log(
  `monthly circular to ${PEOPLE} bound people (ranking, chart, ${published?.messages} outbox rows in one transaction): ${(performance.now() - circularStarted).toFixed(0)} ms`,
);

await app.close();
sqlite.close();
rmSync(dir, { recursive: true, force: true });
