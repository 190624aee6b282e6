/**
 * Benchmark (run by hand: `npx tsx bench/reminderSweep.ts [UNITS …] [--db sqlite|postgres|both]`,
 * default 100 200 300 on both): one reminder sweep — `runJobs` at one instant, every job — for an
 * office of UNITS units with the province's proportions (docs/office-work.md, "Scale": 300 units,
 * 5,000 reporters, 200,000 items and 60,000 adoptions a year), on SQLite and on PostgreSQL on this
 * machine. Goal: under 2 s for 300 units, growing linearly with units.
 *
 * The office: counties, departments and townships (the rules' default targets by kind), 16–17
 * reporters and a lead per unit, everyone bound on Telegram; a year of items up to Sunday
 * 22 November 2026, every other unit behind its month's pace; 2% of reporters on leave; one open
 * commission to every unit, due Monday 10:00. The sweep is Monday 23 November 2026 09:00: the
 * weekly quota nudge (reminders to the reporters of the units behind, summaries to their leads)
 * and the commission's reminder the day before its due time to every reporter — the heaviest
 * minute of the week. Then the next minute (09:01): everything is in the ledger, nothing to send.
 * The same rows are bulk-loaded into a freshly migrated SQLite file (better-sqlite3) and a fresh
 * PostgreSQL database on the local server (`pg`, multi-row INSERTs; dropped after each size); the
 * sweep runs through the app's own store. Rounds alternate, SQLite then PostgreSQL, so that the
 * machine's drift falls on both; each figure is given as min / median / max, with the
 * PostgreSQL/SQLite ratio of each round.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type App, openApp } from '../src/app.ts';
import { parseConfig } from '../src/config/config.ts';
import { type Job, type JobDeps, jobs, runJobs } from '../src/jobs/jobs.ts';
import type { Dialect } from '../src/store/client.ts';
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

const PROVINCE = { units: 300, reporters: 5000, items: 200_000, adoptions: 60_000 };
const SWEEP = new Date('2026-11-23T09:00:00+08:00');
const NEXT_MINUTE = new Date('2026-11-23T09:01:00+08:00');
const YEAR_START = Date.parse('2026-01-01T00:00:00+08:00');
const NOVEMBER = Date.parse('2026-11-01T00:00:00+08:00');
const SUNDAY_NIGHT = Date.parse('2026-11-22T20:00:00+08:00');

const { dialects, positionals } = benchArgs('npx tsx bench/reminderSweep.ts [UNITS …] [--db sqlite|postgres|both]');
const sizes = positionals.map(Number).filter((n) => n > 0);
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

/** Items in November 1–22 for a unit on pace or behind (the month's default target: county 20, department 8, township 4; by the 23rd 15/21 of it is expected). */
const NOVEMBER_ITEMS = { county: [20, 8], department: [8, 2], township: [4, 1] } as const;
const KINDS = ['county', 'department', 'department', 'township'] as const;

/** The office of `units` units, row by row, for either database. */
function build(units: number): { tables: Table[]; reporters: number; items: number } {
  const scale = units / PROVINCE.units;
  const reporters = Math.round(PROVINCE.reporters * scale);
  const itemCount = Math.round(PROVINCE.items * scale);
  const adoptionEvery = Math.round(PROVINCE.items / PROVINCE.adoptions);
  const perUnit = Math.floor(itemCount / units);
  const now = iso(Date.parse('2026-01-01T00:00:00+08:00'));
  const unit = table('Unit', ['id', 'code', 'name', 'kind', 'signOff', 'active', 'createdAt', 'updatedAt']);
  const person = table('Person', ['id', 'code', 'name', 'unitId', 'active', 'createdAt', 'updatedAt']);
  const role = table('PersonRole', ['personId', 'role']);
  const identity = table('ChatIdentity', ['personId', 'platform', 'platformUserId', 'chatId', 'createdAt']);
  const item = table('Item', ['id', 'title', 'body', 'category', 'status', 'authorId', 'unitId', 'createdAt', 'submittedAt', 'updatedAt']);
  const adoption = table('Adoption', ['itemId', 'publicationCode', 'level', 'points', 'rulesVersion', 'adoptedAt']);
  const leave = table('Leave', ['personId', 'fromDate', 'toDate', 'setBy']);
  const commission = table('Commission', ['id', 'topic', 'dueAt', 'status', 'createdAt']);
  const commissionUnit = table('CommissionUnit', ['commissionId', 'unitId']);

  let personId = 0;
  let itemId = 0;
  const membersOf: number[][] = [];
  for (let u = 1; u <= units; u++) {
    const kind = KINDS[u % KINDS.length]!;
    unit.rows.push([u, `unit-${u}`, `第${u}单位`, kind, false, true, now, now]);
    const lead = ++personId;
    person.rows.push([lead, `lead-${u}`, `领导${u}`, u, true, now, now]);
    role.rows.push([lead, 'lead']);
    identity.rows.push([lead, 'telegram', String(100_000 + lead), String(100_000 + lead), now]);
    membersOf[u] = [];
  }
  for (let r = 0; r < reporters; r++) {
    const u = (r % units) + 1;
    const id = ++personId;
    person.rows.push([id, `reporter-${r}`, `信息员${r}`, u, true, now, now]);
    role.rows.push([id, 'reporter']);
    identity.rows.push([id, 'telegram', String(100_000 + id), String(100_000 + id), now]);
    membersOf[u]!.push(id);
    if (r % 50 === 0) leave.rows.push([id, iso(Date.parse('2026-11-16T00:00:00+08:00')), iso(Date.parse('2026-11-28T00:00:00+08:00')), 'bench']);
  }
  for (let u = 1; u <= units; u++) {
    const kind = KINDS[u % KINDS.length]!;
    const inNovember = NOVEMBER_ITEMS[kind][u % 2];
    const members = membersOf[u]!;
    for (let i = 0; i < perUnit; i++) {
      const id = ++itemId;
      const november = i < inNovember;
      const span = november ? SUNDAY_NIGHT - NOVEMBER : NOVEMBER - YEAR_START;
      const at = (november ? NOVEMBER : YEAR_START) + Math.floor((((i * 7919) % 1000) / 1000) * span);
      const adopted = id % adoptionEvery === 0;
      item.rows.push([
        id,
        `第${u}单位信息${i}`,
        '正文',
        'dynamic',
        adopted ? 'adopted' : 'submitted',
        members[i % members.length]!,
        u,
        iso(at),
        iso(at),
        iso(at),
      ]);
      if (adopted) adoption.rows.push([id, 'xinyang-zhengwu', 'city', 1, 0, iso(at + 86_400_000)]);
    }
  }
  commission.rows.push([1, '冬季安全生产工作情况', iso(Date.parse('2026-11-23T10:00:00+08:00')), 'open', iso(Date.parse('2026-11-16T10:00:00+08:00'))]);
  for (let u = 1; u <= units; u++) commissionUnit.rows.push([1, u]);
  return {
    tables: [unit, person, role, identity, item, adoption, leave, commission, commissionUnit],
    reporters,
    items: perUnit * units,
  };
}

/** The jobs, each timed. */
function timed(times: Map<string, number>): Job[] {
  return jobs.map((job) => ({
    ...job,
    async run(deps, now) {
      const started = performance.now();
      const sent = await job.run(deps, now);
      times.set(job.name, performance.now() - started);
      return sent;
    },
  }));
}

async function sweep(app: App, at: Date) {
  const deps: JobDeps = { store: app.store, clock: { now: () => at }, rules: app.rules, timezone: app.timezone };
  const times = new Map<string, number>();
  const started = performance.now();
  const results = await runJobs(deps, at, timed(times));
  const total = performance.now() - started;
  return { total, jobs: results.map((r) => ({ ...r, ms: times.get(r.job) ?? 0 })) };
}

/** The reminder jobs; the circulars (their own job, due at the same Monday 09:00) are timed apart. */
const isReminder = (job: string) => job !== 'circulars.send';

/** One database with an office in it, and the app on it. */
type Side = { dialect: Dialect; app: App; buildMs: number; close: () => Promise<void> };

async function openSide(dialect: Dialect, tables: Table[]): Promise<Side> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'xinbao-bench-'));
    const file = path.join(dir, 'bench.db');
    await migrate(`file:${file}`);
    const started = performance.now();
    const sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    loadSqlite(sqlite, tables);
    sqlite.close();
    const buildMs = performance.now() - started;
    const app = await openOn(`file:${file}`);
    return {
      dialect,
      app,
      buildMs,
      close: async () => {
        await app.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = await newPostgresDatabase();
  const started = performance.now();
  await loadPostgres(url, tables);
  const buildMs = performance.now() - started;
  const app = await openOn(url);
  return {
    dialect,
    app,
    buildMs,
    close: async () => {
      await app.close();
      await dropPostgresDatabase(url);
    },
  };
}

/** The app on a database, as `npm start` opens it (migrations are current already). */
async function openOn(databaseUrl: string): Promise<App> {
  const parsed = parseConfig({ DATABASE_URL: databaseUrl });
  if (!parsed.ok) throw new Error(parsed.message);
  return openApp(parsed.config);
}

type Sweep = Awaited<ReturnType<typeof sweep>>;
type Sweeps = { firsts: Sweep[]; agains: Sweep[] };

/**
 * Builds an office of `units` units on each database and sweeps it in `runs` rounds, each
 * database in turn in each round (the ledger and outbox emptied before each sweep of 09:00).
 */
async function measure(units: number, runs: number) {
  const built = build(units);
  const sides: Side[] = [];
  try {
    for (const dialect of dialects) sides.push(await openSide(dialect, built.tables));
    const sweeps = new Map<Dialect, Sweeps>(sides.map((side) => [side.dialect, { firsts: [], agains: [] }]));
    for (let run = 0; run < runs; run++) {
      for (const { dialect, app } of sides) {
        await app.db.nudge.deleteMany();
        await app.db.outboxMessage.deleteMany();
        await app.db.circularRun.deleteMany();
        sweeps.get(dialect)!.firsts.push(await sweep(app, SWEEP));
        sweeps.get(dialect)!.agains.push(await sweep(app, NEXT_MINUTE));
      }
    }
    return { units, reporters: built.reporters, items: built.items, buildMs: new Map(sides.map((side) => [side.dialect, side.buildMs])), sweeps };
  } finally {
    for (const side of sides) await side.close();
  }
}

const reminderMs = (s: Sweep) => s.jobs.filter((j) => isReminder(j.job)).reduce((sum, j) => sum + j.ms, 0);
const jobMs = (name: string) => (s: Sweep) => s.jobs.find((j) => j.job === name)!.ms;
const sent = (s: Sweep, name: string) => s.jobs.find((j) => j.job === name)!.sent;

/** The figures reported, each taken from every round's sweep of 09:00 or of 09:01. */
const FIGURES = [
  { label: '09:00 reminder jobs', of: 'firsts', ms: reminderMs },
  { label: '09:00 quota.remind', of: 'firsts', ms: jobMs('quota.remind'), sent: 'quota.remind' },
  { label: '09:00 commission.chase', of: 'firsts', ms: jobMs('commission.chase'), sent: 'commission.chase' },
  { label: '09:00 circulars.send (timed apart)', of: 'firsts', ms: jobMs('circulars.send'), sent: 'circulars.send' },
  { label: '09:00 whole runJobs', of: 'firsts', ms: (s: Sweep) => s.total },
  { label: '09:01 (nothing new) reminder jobs', of: 'agains', ms: reminderMs },
  { label: '09:01 whole runJobs', of: 'agains', ms: (s: Sweep) => s.total },
] as const;

await withCleanup(async () => {
  await measure(20, 1); // warm-up: module loading and the JIT, not reported
  const both = dialects.length === 2;
  const summary: string[][] = [];
  for (const units of sizes.length > 0 ? sizes : [100, 200, 300]) {
    const m = await measure(units, 3);
    const runs = m.sweeps.get(dialects[0]!)!.firsts.length;
    // Both databases send the same messages, and nothing the next minute.
    const firstOf = (dialect: Dialect) => m.sweeps.get(dialect)!.firsts[0]!;
    for (const dialect of dialects) {
      for (const job of jobs) {
        if (sent(firstOf(dialect), job.name) !== sent(firstOf(dialects[0]!), job.name)) {
          throw new Error(
            `${job.name} sent ${sent(firstOf(dialect), job.name)} on ${dialectName[dialect]}, ${sent(firstOf(dialects[0]!), job.name)} on ${dialectName[dialects[0]!]}`,
          );
        }
      }
      if (m.sweeps.get(dialect)!.agains.some((s) => s.jobs.some((j) => isReminder(j.job) && j.sent > 0)))
        throw new Error(`${dialectName[dialect]}: 09:01 sent reminders again`);
    }
    const builtIn = dialects.map((dialect) => `${dialectName[dialect]} ${(m.buildMs.get(dialect)! / 1000).toFixed(1)} s`).join(', ');
    console.log(
      `\n${units} units, ${m.reporters} reporters, ${m.items} items (built: ${builtIn}); ${runs} rounds${both ? ', SQLite then PostgreSQL in each' : ''}`,
    );
    const figures = (figure: (typeof FIGURES)[number], dialect: Dialect) => m.sweeps.get(dialect)![figure.of].map(figure.ms);
    const rows = FIGURES.map((figure) => [
      'sent' in figure ? `${figure.label} (${sent(firstOf(dialects[0]!), figure.sent)} sent)` : figure.label,
      ...dialects.map((dialect) => showMs(spread(figures(figure, dialect)))),
      ...(both ? [showRatio(spread(perRoundRatios(figures(figure, 'postgresql'), figures(figure, 'sqlite'))))] : []),
    ]);
    console.log(
      markdownTable(['', ...dialects.map((dialect) => `${dialectName[dialect]} min / median / max`), ...(both ? ['PostgreSQL/SQLite per round'] : [])], rows),
    );
    const median = (figure: (typeof FIGURES)[number], dialect: Dialect) => `${spread(figures(figure, dialect)).median.toFixed(0)} ms`;
    const [reminders, quota, chase, , , nextMinute] = FIGURES;
    summary.push([
      String(units),
      String(m.reporters),
      String(m.items),
      ...dialects.map((dialect) => median(reminders, dialect)),
      ...(both ? [showRatio(spread(perRoundRatios(figures(reminders, 'postgresql'), figures(reminders, 'sqlite'))))] : []),
      ...dialects.map((dialect) => `${median(quota, dialect)} (${sent(firstOf(dialect), 'quota.remind')} sent)`),
      ...dialects.map((dialect) => `${median(chase, dialect)} (${sent(firstOf(dialect), 'commission.chase')} sent)`),
      ...dialects.map((dialect) => median(nextMinute, dialect)),
    ]);
  }
  const per = (figure: string) => dialects.map((dialect) => `${figure}, ${dialectName[dialect]}`);
  console.log(`\nMedians${both ? ' (and the PostgreSQL/SQLite ratio of the reminder sweep, min / median / max over the rounds)' : ''}:\n`);
  console.log(
    markdownTable(
      [
        'units',
        'reporters',
        'items',
        ...per('reminder jobs 09:00'),
        ...(both ? ['PostgreSQL/SQLite'] : []),
        ...per('quota.remind'),
        ...per('commission.chase'),
        ...per('09:01'),
      ],
      summary,
    ),
  );
});
