/**
 * Benchmark (run by hand: `npx tsx bench/memory.ts [options]`; Linux, it reads /proc): the
 * service's memory, start time and idle cost, as an operator runs it. Each round starts the
 * production entry (`node dist/main.js`, built first with `npm run build`) or `npm start` as a
 * separate process, with Telegram in polling mode against the fake Bot API and a migrated SQLite
 * copy of an office whose reporters are bound, and measures:
 *
 * - the time from the process's spawn to the first answer of `/healthz`;
 * - its RSS then, and after 5 s to settle and `--idle` seconds of doing nothing, with the CPU it
 *   used in those seconds;
 * - its peak RSS (VmHWM) and its CPU per update under the chat load of bench/chatLoad.ts's status
 *   scenario: `--updates` `/status` from `--users` reporters offered at once, answered through
 *   Telegram's 30 messages a second (enforced by the fake).
 *
 * `--entry` names what to start, and may be given several times: rounds then alternate between
 * them (first, second, first, second …), so the machine's drift falls on each.
 *   dist            node dist/main.js in this checkout (the default)
 *   npm             npm start in this checkout (RSS is then the app's; "tree" adds npm's)
 *   PATH/main.js    node PATH/main.js (another checkout's build, to compare before and after)
 *   DIR             npm start in the checkout DIR
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openApp } from '../src/app.ts';
import { parseConfig } from '../src/config/config.ts';
import { importOrg } from '../src/domain/org/importOrg.ts';
import { type FakeTelegram, startFakeTelegram } from '../test/fakes/telegramServer.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = '123456:memory-bench';
const PLATFORM_RATE = 30;
const CLOCK_TICKS_PER_SECOND = 100;
/** After /healthz answers, what start-up set going (the scheduler's first minute, the first poll) settles first. */
const SETTLE_MS = 5000;

const { values: options } = parseArgs({
  options: {
    entry: { type: 'string', multiple: true },
    rounds: { type: 'string', short: 'r', default: '2' },
    idle: { type: 'string', default: '30' },
    updates: { type: 'string', short: 'n', default: '2000' },
    users: { type: 'string', short: 'u', default: '200' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const USAGE = `npx tsx bench/memory.ts [options]
  --entry E        dist (node dist/main.js, default), npm (npm start), PATH/main.js, or DIR (npm start there); repeat to alternate
  -r, --rounds R   rounds per entry (default 2)
  --idle S         seconds of idle before the idle figures (default 30)
  -n, --updates N  /status updates of the chat load (default 2000; 0 skips it)
  -u, --users U    bound reporters sending them (default 200)`;

if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const whole = (name: 'rounds' | 'idle' | 'updates' | 'users', min: number) => {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be a whole number of at least ${min}\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
};
const rounds = whole('rounds', 1);
const idleSeconds = whole('idle', 1);
const updates = whole('updates', 0);
const users = whole('users', 1);

type Entry = { label: string; command: string; args: string[]; cwd: string };

function entryOf(given: string): Entry {
  if (given === 'dist') return { label: 'node dist/main.js', command: process.execPath, args: [path.join(root, 'dist/main.js')], cwd: root };
  if (given === 'npm') return { label: 'npm start', command: 'npm', args: ['start'], cwd: root };
  const full = path.resolve(given);
  if (statSync(full).isDirectory()) return { label: `npm start in ${full}`, command: 'npm', args: ['start'], cwd: full };
  return { label: `node ${full}`, command: process.execPath, args: [full], cwd: path.dirname(full) };
}
const entries = (options.entry ?? ['dist']).map(entryOf);

// ---------------------------------------------------------------------------------------------
// /proc

/** A process's resident memory now and at its peak, in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** CPU a process has used (user + system), in ms. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** The pids of a process's descendants. */
function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      (children.get(parent) ?? children.set(parent, []).get(parent)!).push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const visit = (id: number) => {
    for (const child of children.get(id) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** The process running Xinbao itself: the node process whose command line names main.js. */
function appPid(started: ChildProcess): number {
  const pids = [started.pid!, ...descendantsOf(started.pid!)];
  const app = pids.find((pid) => {
    try {
      return /main\.(js|ts)/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      return false;
    }
  });
  if (app === undefined) throw new Error('no process runs main.js');
  return app;
}

// ---------------------------------------------------------------------------------------------
// The office: 20 units of reporters, all bound on Telegram.

const reporterChat = (index: number) => 200_000 + index;

async function buildOffice(dir: string): Promise<string> {
  const parsed = parseConfig({ DATABASE_URL: `file:${path.join(dir, 'build.db')}` });
  if (!parsed.ok) throw new Error(parsed.message);
  const app = await openApp(parsed.config);
  const units = 20;
  const lines = [
    'office: 内存测试办公室',
    'units:',
    ...Array.from({ length: units }, (_, u) => `  - { code: u${u}, name: 第${u + 1}县政府办, kind: county }`),
    'people:',
    ...Array.from({ length: users }, (_, i) => `  - { code: r${i}, name: 信息员${i}, unit: u${i % units}, roles: [reporter] }`),
  ];
  const imported = await importOrg(app, { text: `${lines.join('\n')}\n`, actor: 'bench' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  const people = await app.db.person.findMany({ select: { id: true, code: true } });
  await app.db.chatIdentity.createMany({
    data: people.map((person) => {
      const chat = String(reporterChat(Number(person.code.slice(1))));
      return { personId: person.id, platform: 'telegram', platformUserId: chat, chatId: chat };
    }),
  });
  const file = path.join(dir, 'office.db');
  await app.db.$executeRawUnsafe(`VACUUM INTO '${file.replaceAll("'", "''")}'`);
  await app.close();
  return file;
}

// ---------------------------------------------------------------------------------------------
// One round

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

type RoundResult = {
  startMs: number;
  rssAtStart: number;
  rssIdle: number;
  treeRssIdle: number;
  idleCpuMsPerSecond: number;
  peakUnderLoad: number;
  loadSeconds: number;
  loadCpuMsPerUpdate: number;
};

async function round(entry: Entry, office: string): Promise<RoundResult> {
  const fake: FakeTelegram = await startFakeTelegram({ sendRate: { perSecond: PLATFORM_RATE, burst: PLATFORM_RATE } });
  const dir = mkdtempSync(path.join(tmpdir(), 'xinbao-memory-'));
  copyFileSync(office, path.join(dir, 'round.db'));
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: `file:${path.join(dir, 'round.db')}`,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    PORT: String(port),
    HOST: '127.0.0.1',
    npm_config_update_notifier: 'false',
  };
  const started = performance.now();
  const child = spawn(entry.command, entry.args, { cwd: entry.cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await until(
      '/healthz',
      async () => {
        if (child.exitCode !== null) throw new Error(`${entry.label} exited:\n${stderr}`);
        try {
          return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
        } catch {
          return false;
        }
      },
      60_000,
    );
    const startMs = performance.now() - started;
    const pid = appPid(child);
    const rssAtStart = memoryOf(pid).rss;
    await sleep(SETTLE_MS);
    const cpuBefore = cpuMsOf(pid);
    const idleFrom = performance.now();
    await sleep(idleSeconds * 1000);
    const idleCpuMsPerSecond = (cpuMsOf(pid) - cpuBefore) / ((performance.now() - idleFrom) / 1000);
    const rssIdle = memoryOf(pid).rss;
    const treeRssIdle = [child.pid!, ...descendantsOf(child.pid!)].reduce((sum, id) => sum + memoryOf(id).rss, 0);
    let loadSeconds = 0;
    let loadCpuMsPerUpdate = 0;
    if (updates > 0) {
      const loadFrom = performance.now();
      const cpuFrom = cpuMsOf(pid);
      for (let i = 0; i < updates; i += 1) fake.pushText(reporterChat(i % users), '/status');
      await until(`${updates} replies`, () => fake.deliveries.length >= updates, 60_000 + (updates / PLATFORM_RATE) * 3000, 100);
      loadSeconds = (performance.now() - loadFrom) / 1000;
      loadCpuMsPerUpdate = (cpuMsOf(pid) - cpuFrom) / updates;
    }
    const peakUnderLoad = memoryOf(pid).peak;
    child.kill('SIGTERM');
    await exited;
    if (child.exitCode !== 0) throw new Error(`${entry.label} did not stop cleanly (${child.exitCode ?? child.signalCode}):\n${stderr}`);
    return { startMs, rssAtStart, rssIdle, treeRssIdle, idleCpuMsPerSecond, peakUnderLoad, loadSeconds, loadCpuMsPerUpdate };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const range = (values: number[], show: (value: number) => string) => `${show(median(values))} (${show(Math.min(...values))}–${show(Math.max(...values))})`;

const work = mkdtempSync(path.join(tmpdir(), 'xinbao-memory-office-'));
try {
  const office = await buildOffice(work);
  console.log(
    `${rounds} round(s) per entry, alternating; idle ${idleSeconds} s; chat load ${updates} /status from ${users} reporters at ${PLATFORM_RATE} messages a second`,
  );
  const results = new Map<Entry, RoundResult[]>(entries.map((entry) => [entry, []]));
  for (let r = 0; r < rounds; r += 1) {
    for (const entry of entries) {
      const result = await round(entry, office);
      results.get(entry)!.push(result);
      console.log(
        `round ${r + 1} ${entry.label}: /healthz after ${result.startMs.toFixed(0)} ms, RSS ${mb(result.rssAtStart)}; after ${idleSeconds} s idle ${mb(result.rssIdle)} (tree ${mb(result.treeRssIdle)}), CPU ${result.idleCpuMsPerSecond.toFixed(1)} ms/s; peak ${mb(result.peakUnderLoad)}${updates > 0 ? ` (the load took ${result.loadSeconds.toFixed(0)} s, CPU ${result.loadCpuMsPerUpdate.toFixed(2)} ms/update)` : ''}`,
      );
    }
  }
  console.log('\nmedian (min–max):');
  for (const [entry, list] of results) {
    const of = (pick: (result: RoundResult) => number) => list.map(pick);
    console.log(`  ${entry.label}`);
    console.log(
      `    start → /healthz   ${range(
        of((result) => result.startMs),
        (value) => `${value.toFixed(0)} ms`,
      )}`,
    );
    console.log(
      `    RSS idle           ${range(
        of((result) => result.rssIdle),
        mb,
      )}; the process tree ${range(
        of((result) => result.treeRssIdle),
        mb,
      )}`,
    );
    console.log(
      `    CPU idle           ${range(
        of((result) => result.idleCpuMsPerSecond),
        (value) => `${value.toFixed(1)} ms/s`,
      )}`,
    );
    if (updates > 0) {
      console.log(
        `    peak RSS, load     ${range(
          of((result) => result.peakUnderLoad),
          mb,
        )}`,
      );
      console.log(
        `    CPU under load     ${range(
          of((result) => result.loadCpuMsPerUpdate),
          (value) => `${value.toFixed(2)} ms/update`,
        )}`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
