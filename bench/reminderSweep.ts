/**
 * Benchmark (run by hand: `npx tsx bench/reminderSweep.ts [UNITS …]`, default 100 200 300): one
 * reminder sweep — `runJobs` at one instant, every job — for an office of UNITS units with the
 * province's proportions (docs/office-work.md, "Scale": 300 units, 5,000 reporters, 200,000 items and
 * 60,000 adoptions a year), on SQLite on this machine. Goal: under 2 s for 300 units, growing
 * linearly with units.
 *
 * The office: counties, departments and townships (the rules' default targets by kind), 16–17
 * reporters and a lead per unit, everyone bound on Telegram; a year of items up to Sunday
 * 22 November 2026, every other unit behind its month's pace; 2% of reporters on leave; one open
 * commission to every unit, due Monday 10:00. The sweep is Monday 23 November 2026 09:00: the
 * weekly quota nudge (reminders to the reporters of the units behind, summaries to their leads)
 * and the commission's reminder the day before its due time to every reporter — the heaviest
 * minute of the week. Then the next minute (09:01): everything is in the ledger, nothing to send.
 * The data is written with raw better-sqlite3 statements (fast); the sweep runs through the
 * app's own store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openApp, type App } from '../src/app.ts';
import { parseConfig } from '../src/config/config.ts';
import { jobs, runJobs, type Job, type JobDeps } from '../src/jobs/jobs.ts';

const PROVINCE = { units: 300, reporters: 5000, items: 200_000, adoptions: 60_000 };
const SWEEP = new Date('2026-11-23T09:00:00+08:00');
const NEXT_MINUTE = new Date('2026-11-23T09:01:00+08:00');
const YEAR_START = Date.parse('2026-01-01T00:00:00+08:00');
const NOVEMBER = Date.parse('2026-11-01T00:00:00+08:00');
const SUNDAY_NIGHT = Date.parse('2026-11-22T20:00:00+08:00');

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

/** Items in November 1–22 for a unit on pace or behind (the month's default target: county 20, department 8, township 4; by the 23rd 15/21 of it is expected). */
const NOVEMBER_ITEMS = { county: [20, 8], department: [8, 2], township: [4, 1] } as const;
const KINDS = ['county', 'department', 'department', 'township'] as const;

function build(file: string, units: number): { reporters: number; items: number } {
  const scale = units / PROVINCE.units;
  const reporters = Math.round(PROVINCE.reporters * scale);
  const itemCount = Math.round(PROVINCE.items * scale);
  const adoptionEvery = Math.round(PROVINCE.items / PROVINCE.adoptions);
  const perUnit = Math.floor(itemCount / units);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const now = iso(Date.parse('2026-01-01T00:00:00+08:00'));
  const unit = db.prepare('INSERT INTO Unit (id, code, name, kind, signOff, active, createdAt, updatedAt) VALUES (?, ?, ?, ?, 0, 1, ?, ?)');
  const person = db.prepare('INSERT INTO Person (id, code, name, unitId, active, createdAt, updatedAt) VALUES (?, ?, ?, ?, 1, ?, ?)');
  const role = db.prepare('INSERT INTO PersonRole (personId, role) VALUES (?, ?)');
  const identity = db.prepare("INSERT INTO ChatIdentity (personId, platform, platformUserId, chatId, createdAt) VALUES (?, 'telegram', ?, ?, ?)");
  const item = db.prepare(
    "INSERT INTO Item (id, title, body, category, status, authorId, unitId, createdAt, submittedAt, updatedAt) VALUES (?, ?, '正文', 'dynamic', ?, ?, ?, ?, ?, ?)",
  );
  const adoption = db.prepare(
    "INSERT INTO Adoption (itemId, publicationCode, level, points, rulesVersion, adoptedAt) VALUES (?, 'xinyang-zhengwu', 'city', 1, 0, ?)",
  );
  const leave = db.prepare("INSERT INTO Leave (personId, fromDate, toDate, setBy) VALUES (?, ?, ?, 'bench')");
  const commission = db.prepare("INSERT INTO Commission (id, topic, dueAt, status, createdAt) VALUES (1, '冬季安全生产工作情况', ?, 'open', ?)");
  const commissionUnit = db.prepare('INSERT INTO CommissionUnit (commissionId, unitId) VALUES (1, ?)');

  db.transaction(() => {
    let personId = 0;
    let itemId = 0;
    const membersOf: number[][] = [];
    for (let u = 1; u <= units; u++) {
      const kind = KINDS[u % KINDS.length]!;
      unit.run(u, `unit-${u}`, `第${u}单位`, kind, now, now);
      const lead = ++personId;
      person.run(lead, `lead-${u}`, `领导${u}`, u, now, now);
      role.run(lead, 'lead');
      identity.run(lead, String(100_000 + lead), String(100_000 + lead), now);
      membersOf[u] = [];
    }
    for (let r = 0; r < reporters; r++) {
      const u = (r % units) + 1;
      const id = ++personId;
      person.run(id, `reporter-${r}`, `信息员${r}`, u, now, now);
      role.run(id, 'reporter');
      identity.run(id, String(100_000 + id), String(100_000 + id), now);
      membersOf[u]!.push(id);
      if (r % 50 === 0) leave.run(id, iso(Date.parse('2026-11-16T00:00:00+08:00')), iso(Date.parse('2026-11-28T00:00:00+08:00')));
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
        item.run(id, `第${u}单位信息${i}`, adopted ? 'adopted' : 'submitted', members[i % members.length]!, u, iso(at), iso(at), iso(at));
        if (adopted) adoption.run(id, iso(at + 86_400_000));
      }
    }
    commission.run(iso(Date.parse('2026-11-23T10:00:00+08:00')), iso(Date.parse('2026-11-16T10:00:00+08:00')));
    for (let u = 1; u <= units; u++) commissionUnit.run(u);
  })();
  db.close();
  return { reporters, items: perUnit * units };
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

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** The reminder jobs; the circulars (their own job, due at the same Monday 09:00) are timed apart. */
const isReminder = (job: string) => job !== 'circulars.send';

/** Builds an office of `units` units and sweeps it `runs` times (the ledger and outbox emptied between runs). */
async function measure(units: number, runs: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'xinbao-bench-'));
  try {
    const parsed = parseConfig({ DATABASE_URL: `file:${path.join(dir, 'bench.db')}` });
    if (!parsed.ok) throw new Error(parsed.message);
    await (await openApp(parsed.config)).close(); // migrates
    const built0 = performance.now();
    const built = build(path.join(dir, 'bench.db'), units);
    const buildMs = performance.now() - built0;
    const app = await openApp(parsed.config);
    try {
      const firsts = [];
      const agains = [];
      for (let run = 0; run < runs; run++) {
        await app.db.nudge.deleteMany();
        await app.db.outboxMessage.deleteMany();
        await app.db.circularRun.deleteMany();
        firsts.push(await sweep(app, SWEEP));
        agains.push(await sweep(app, NEXT_MINUTE));
      }
      return { units, ...built, buildMs, firsts, agains };
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Sweep = Awaited<ReturnType<typeof sweep>>;
const reminderMs = (s: Sweep) => s.jobs.filter((j) => isReminder(j.job)).reduce((sum, j) => sum + j.ms, 0);
const jobMs = (list: Sweep[], name: string) => median(list.map((s) => s.jobs.find((j) => j.job === name)!.ms));
const sent = (s: Sweep, name: string) => s.jobs.find((j) => j.job === name)!.sent;

await measure(20, 1); // warm-up: module loading and the JIT, not reported
const rows: string[] = [];
for (const units of sizes.length > 0 ? sizes : [100, 200, 300]) {
  const m = await measure(units, 3);
  const [first] = m.firsts;
  console.log(`${units} units, ${m.reporters} reporters, ${m.items} items (built in ${(m.buildMs / 1000).toFixed(1)} s); median of ${m.firsts.length} runs`);
  console.log(
    `  Monday 09:00: reminder jobs ${median(m.firsts.map(reminderMs)).toFixed(0)} ms — quota.remind ${sent(first!, 'quota.remind')} sent in ${jobMs(m.firsts, 'quota.remind').toFixed(0)} ms, commission.chase ${sent(first!, 'commission.chase')} sent in ${jobMs(m.firsts, 'commission.chase').toFixed(0)} ms; circulars.send ${sent(first!, 'circulars.send')} sent in ${jobMs(m.firsts, 'circulars.send').toFixed(0)} ms; whole runJobs ${median(m.firsts.map((s) => s.total)).toFixed(0)} ms`,
  );
  console.log(
    `  09:01 (nothing new): reminder jobs ${median(m.agains.map(reminderMs)).toFixed(0)} ms; whole runJobs ${median(m.agains.map((s) => s.total)).toFixed(0)} ms`,
  );
  rows.push(
    `| ${units} | ${m.reporters} | ${m.items} | ${median(m.firsts.map(reminderMs)).toFixed(0)} ms | ${jobMs(m.firsts, 'quota.remind').toFixed(0)} ms (${sent(first!, 'quota.remind')} sent) | ${jobMs(m.firsts, 'commission.chase').toFixed(0)} ms (${sent(first!, 'commission.chase')} sent) | ${median(m.agains.map(reminderMs)).toFixed(0)} ms |`,
  );
}
console.log(
  '\n| units | reporters | items | reminder sweep, Monday 09:00 | quota.remind | commission.chase | next minute |\n| --- | --- | --- | --- | --- | --- | --- |',
);
for (const row of rows) console.log(row);
