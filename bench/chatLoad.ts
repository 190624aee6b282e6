/**
 * Benchmark (run by hand: `npx tsx bench/chatLoad.ts [--scenario status|flood|circular] [options]`):
 * Xinbao's Telegram bot under load, over the fake Telegram Bot API, with Telegram's 30 messages a
 * second enforced by the fake (429 beyond it).
 *
 * Xinbao is the whole service as `npm start` runs it (`startServices`: the real grammY bot in
 * polling mode, chat engine, outbox dispatcher and scheduler) on a fresh copy of a migrated SQLite
 * file with the office bound. Each round runs the bot in a child process of its own, so its
 * `process.cpuUsage()`, RSS and SQL statements are the bot's alone: the fake Bot API and this
 * driver run in the parent process and are not counted.
 *
 * --scenario status (default): N `/status` updates from U bound reporters, offered at once (or at
 *   --rate a second), to Xinbao and to a bare grammY bot with the same pacing (installTransformers)
 *   that answers `/status` with a fixed text; rounds alternate (Xinbao, bare, Xinbao, bare …).
 * --scenario flood: an unbound stranger sends 120 messages; halfway through, one reporter sends
 *   `/status` and another `/urgent [重大] …` (the one-line form: no guided steps). Targets: the
 *   `/status` reply < 1 s, the duty officer's alert < 2 s.
 * --scenario circular: an editor sends `/circulate` to R bound recipients (--recipients, default
 *   5,000); when a quarter have it, one reporter sends `/status` and another `/urgent`. Targets as
 *   above, and the circular's total time ≤ 1.1 × the platform floor (R messages / 30 a second).
 *
 * Every run counts each message at the fake against what was expected: none lost, none twice.
 */
import { FLOOD_LIMIT } from '../src/bots/intake/floodGate.ts';
import { type ChildProcess, fork } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Delivery, FakeTelegram } from '../test/fakes/telegramServer.ts';

const TOKEN = '123456:chat-load-bench';
const BARE_REPLY = '本单位本月：报送 0 条，采用 0 条，积分 0。';
/** Telegram's sustained rate for messages to many users. */
const PLATFORM_RATE = 30;

const { values: options } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'status' },
    updates: { type: 'string', short: 'n', default: '2000' },
    users: { type: 'string', short: 'u', default: '200' },
    rounds: { type: 'string', short: 'r' },
    rate: { type: 'string', default: '0' },
    recipients: { type: 'string', default: '5000' },
    units: { type: 'string', default: '20' },
    flood: { type: 'string', default: '120' },
    'tg-rate': { type: 'string', default: String(PLATFORM_RATE) },
    'tg-burst': { type: 'string', default: String(PLATFORM_RATE) },
    child: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

/** A whole number option, at least `min`; anything else stops with the usage. */
function numberOption(name: keyof typeof options, min: number): number {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be a whole number of at least ${min}, not ${String(options[name])}\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

const USAGE = `npx tsx bench/chatLoad.ts [options]
  --scenario status|flood|circular   what to run (default status)
  -n, --updates N      status: /status updates per round (default 2000)
  -u, --users U        status and flood: bound reporters sending them (default 200)
  -r, --rounds R       rounds per side (default 5 for status, 1 for flood and circular)
  --rate R             status: offer R updates a second (default 0: all at once)
  --recipients R       circular: bound recipients (default 5000)
  --units K            units the reporters belong to (default 20)
  --flood F            flood: the stranger's messages (default 120)
  --tg-rate, --tg-burst  the fake's limit on messages: R a second, bursts of B (default 30 and 30)`;

// ---------------------------------------------------------------------------------------------
// The bot under test, in its own process: `--child xinbao|bare`.

type Usage = {
  cpuMs: number;
  statements: number;
  rss: number;
  maxRss: number;
  /** Date.now() when taken. */
  at: number;
};
type ToParent = { ready: true } | { usage: Usage } | { stopped: true };
type ToChild = 'usage' | 'stop';

async function runChild(side: string): Promise<void> {
  const apiRoot = process.env.BENCH_API_ROOT!;
  let statements = 0;
  let stop: () => Promise<void>;
  if (side === 'xinbao') {
    const { listenToStatements } = await import('../src/store/client.ts');
    const { parseConfig } = await import('../src/config/config.ts');
    const { openApp } = await import('../src/app.ts');
    const { startServices } = await import('../src/services.ts');
    const { createLogger } = await import('../src/observability/logger.ts');
    // Before the client is opened: only clients opened while someone listens are counted.
    listenToStatements(() => {
      statements += 1;
    });
    const parsed = parseConfig({
      DATABASE_URL: process.env.BENCH_DATABASE_URL,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    if (!parsed.ok) throw new Error(parsed.message);
    const app = await openApp(parsed.config);
    const services = await startServices(app, { logger: createLogger({ level: 'warn' }) });
    stop = async () => {
      await services.stop();
      await app.close();
    };
  } else {
    const { Bot } = await import('grammy');
    const { installTransformers } = await import('../src/bots/telegram/transformers.ts');
    const bot = new Bot(TOKEN, { client: { apiRoot } });
    installTransformers(bot.api);
    bot.command('status', (ctx) => ctx.reply(BARE_REPLY));
    bot.catch((error) => void process.stderr.write(`[bare] ${String(error.error)}\n`));
    let polling: Promise<void> | undefined;
    await new Promise<void>((resolve, reject) => {
      polling = bot.start({ drop_pending_updates: false, allowed_updates: ['message', 'callback_query'], onStart: () => resolve() });
      polling.catch(reject);
    });
    stop = async () => {
      await bot.stop();
      await polling;
    };
  }
  const send = (message: ToParent) => process.send!(message);
  process.on('message', async (message: ToChild) => {
    if (message === 'usage') {
      const cpu = process.cpuUsage();
      send({
        usage: {
          cpuMs: (cpu.user + cpu.system) / 1000,
          statements,
          rss: process.memoryUsage().rss,
          maxRss: process.resourceUsage().maxRSS * 1024,
          at: Date.now(),
        },
      });
    } else if (message === 'stop') {
      await stop();
      send({ stopped: true });
      process.disconnect();
    }
  });
  send({ ready: true });
}

/** A bot process: asks it for its usage, stops it. */
type BotProcess = { usage(): Promise<Usage>; stop(): Promise<void> };

async function startBot(side: 'xinbao' | 'bare', env: Record<string, string>): Promise<BotProcess> {
  // XINBAO_BENCH_CPU_PROF=DIR writes each bot process's V8 CPU profile there (open in Chrome's DevTools).
  const profile = process.env.XINBAO_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.XINBAO_BENCH_CPU_PROF}`] : [];
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child', side], {
    env: { ...process.env, ...env },
    execArgv: [...process.execArgv, ...profile],
  });
  const next = <T>(pick: (message: ToParent) => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: ToParent) => {
        const value = pick(message);
        if (value === undefined) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(value);
      };
      const onExit = (code: number | null) => reject(new Error(`the ${side} bot exited (${code}) before answering`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  await next((message) => ('ready' in message ? true : undefined));
  return {
    usage() {
      const answer = next((message) => ('usage' in message ? message.usage : undefined));
      child.send('usage' satisfies ToChild);
      return answer;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const stopped = next((message) => ('stopped' in message ? true : undefined));
      child.send('stop' satisfies ToChild);
      await stopped;
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The office: K units of reporters, a duty officer and an editor, everyone bound on Telegram.

const DUTY_CHAT = 100_001;
const EDITOR_CHAT = 100_002;
const STRANGER_CHAT = 900_001;
const reporterChat = (index: number) => 200_000 + index;

/** A migrated database with the office, to copy for each round. */
async function buildOffice(reporters: number, units: number): Promise<{ dir: string; file: string }> {
  const { parseConfig } = await import('../src/config/config.ts');
  const { openApp } = await import('../src/app.ts');
  const { importOrg } = await import('../src/domain/org/importOrg.ts');
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'xinbao-chatload-'));
  const parsed = parseConfig({ DATABASE_URL: `file:${path.join(dir, 'build.db')}` });
  if (!parsed.ok) throw new Error(parsed.message);
  const app = await openApp(parsed.config);
  const lines = [
    'office: 负载测试办公室',
    'units:',
    ...Array.from({ length: units }, (_, u) => `  - { code: u${u}, name: 第${u + 1}县政府办, kind: county }`),
    'people:',
    '  - { code: duty, name: 值班员, roles: [duty] }',
    '  - { code: editor, name: 编辑, roles: [editor] }',
    ...Array.from({ length: reporters }, (_, i) => `  - { code: r${i}, name: 信息员${i}, unit: u${i % units}, roles: [reporter] }`),
  ];
  const imported = await importOrg(app, { text: `${lines.join('\n')}\n`, actor: 'bench' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  // Bound as /start CODE would leave them: one chat identity each (written at once, as bench/ranking.ts does).
  const people = await app.db.person.findMany({ select: { id: true, code: true } });
  const chatOf = (code: string) => (code === 'duty' ? DUTY_CHAT : code === 'editor' ? EDITOR_CHAT : reporterChat(Number(code.slice(1))));
  const now = new Date();
  await app.db.chatIdentity.createMany({
    data: people.map((person) => ({
      personId: person.id,
      platform: 'telegram',
      platformUserId: String(chatOf(person.code)),
      chatId: String(chatOf(person.code)),
      createdAt: now,
    })),
  });
  const file = path.join(dir, 'office.db');
  await app.db.$executeRawUnsafe(`VACUUM INTO '${file.replaceAll("'", "''")}'`);
  await app.close();
  console.log(`the office (${units} units, ${reporters} reporters, a duty officer and an editor, all bound) built in ${seconds(performance.now() - started)}`);
  return { dir, file };
}

// ---------------------------------------------------------------------------------------------
// One round: a fake Bot API here, the bot in a child process on its own copy of the office.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(5);
  }
}

type Round = {
  fake: FakeTelegram;
  bot: BotProcess;
  /** When each update was offered, by chat, in order. */
  offered: Map<number, number[]>;
  offer(chat: number, text: string): number;
  /** Messages accepted by the fake for a chat, in order. */
  to(chat: number): Delivery[];
  finish(): Promise<void>;
};

async function openRound(side: 'xinbao' | 'bare', office: string): Promise<Round> {
  const { startFakeTelegram } = await import('../test/fakes/telegramServer.ts');
  const fake = await startFakeTelegram({ sendRate: { perSecond: numberOption('tg-rate', 1), burst: numberOption('tg-burst', 1) } });
  const dir = mkdtempSync(path.join(tmpdir(), 'xinbao-chatload-round-'));
  copyFileSync(office, path.join(dir, 'round.db'));
  const bot = await startBot(side, { BENCH_API_ROOT: fake.apiRoot, BENCH_DATABASE_URL: `file:${path.join(dir, 'round.db')}` });
  const offered = new Map<number, number[]>();
  const byChat = new Map<number, Delivery[]>();
  fake.onDelivery((delivery) => (byChat.get(delivery.chatId) ?? byChat.set(delivery.chatId, []).get(delivery.chatId)!).push(delivery));
  return {
    fake,
    bot,
    offered,
    offer(chat, text) {
      const at = Date.now();
      fake.pushText(chat, text);
      (offered.get(chat) ?? offered.set(chat, []).get(chat)!).push(at);
      return at;
    },
    to: (chat) => byChat.get(chat) ?? [],
    async finish() {
      await bot.stop();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every message at the fake against what each chat should have had: none lost, none twice. */
function countCheck(round: Round, expected: Map<number, number>): { ok: boolean; line: string } {
  let lost = 0;
  let twice = 0;
  let want = 0;
  for (const [chat, count] of expected) {
    const got = round.to(chat).length;
    want += count;
    lost += Math.max(0, count - got);
    twice += Math.max(0, got - count);
  }
  const unexpected = round.fake.deliveries.filter((delivery) => !expected.has(delivery.chatId)).length;
  const ok = lost === 0 && twice === 0 && unexpected === 0;
  const wrong = [...expected].filter(([chat, count]) => round.to(chat).length !== count).slice(0, 5);
  const detail = wrong.map(
    ([chat, count]) =>
      `\n    chat ${chat}: expected ${count}, got ${round
        .to(chat)
        .map((d) => `${d.method} "${d.text.slice(0, 40)}"`)
        .join(', ')}`,
  );
  return {
    ok,
    line: `messages at the fake: ${round.fake.deliveries.length} to ${new Set(round.fake.deliveries.map((d) => d.chatId)).size} chats, expected ${want}: lost ${lost}, twice ${twice}, to an unexpected chat ${unexpected} ${ok ? '— OK' : '— MISMATCH'}; refused for rate (429) ${round.fake.rateRefusals()}${detail.join('')}`,
  };
}

/** The first message to `chat` accepted at or after `from`: the reply to what was offered then. */
function firstAfter(round: Round, chat: number, from: number): Delivery | undefined {
  return round.to(chat).find((delivery) => delivery.at >= from);
}

/** Warms the bot up (JIT, first queries) on a few reporters' `/status`, then lets it settle. */
async function warmUp(round: Round, chats: number[]): Promise<void> {
  for (const chat of chats) round.offer(chat, '/status');
  await until('the warm-up replies', () => chats.every((chat) => round.to(chat).length >= (round.offered.get(chat)?.length ?? 0)), 60_000);
  await sleep(1500); // the pacing's reservoirs refill
}

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;
const verdict = (value: number, target: number) => (value <= target ? 'OK' : 'MISSED');

// ---------------------------------------------------------------------------------------------
// --scenario status

type StatusResult = {
  cpuPerUpdate: number;
  repliesPerSecond: number;
  p50: number;
  p95: number;
  rss: number;
  maxRss: number;
  statementsPerUpdate: number;
  idleStatementsPerSecond: number;
  ok: boolean;
};

async function statusRound(side: 'xinbao' | 'bare', office: string, updates: number, users: number, rate: number): Promise<StatusResult> {
  const round = await openRound(side, office);
  try {
    await warmUp(
      round,
      Array.from({ length: Math.min(20, users) }, (_, i) => reporterChat(i)),
    );
    const idleFrom = await round.bot.usage();
    const idleStarted = Date.now();
    await sleep(1000);
    const before = await round.bot.usage();
    const idleSeconds = (Date.now() - idleStarted) / 1000;
    const expected = new Map([...round.offered].map(([chat, times]) => [chat, times.length]));
    const measured: { chat: number; index: number; at: number }[] = [];
    const started = Date.now();
    for (let i = 0; i < updates; i += 1) {
      if (rate > 0) {
        const due = started + (i * 1000) / rate;
        if (due > Date.now()) await sleep(due - Date.now());
      }
      const chat = reporterChat(i % users);
      const index = round.offered.get(chat)?.length ?? 0;
      measured.push({ chat, index, at: round.offer(chat, '/status') });
      expected.set(chat, index + 1);
    }
    const total = [...expected.values()].reduce((sum, count) => sum + count, 0);
    await until(`${updates} replies`, () => round.fake.deliveries.length >= total, 60_000 + (updates / PLATFORM_RATE) * 3000);
    const after = await round.bot.usage();
    const lastReply = round.fake.deliveries.at(-1)!.at;
    await sleep(1000); // anything sent twice would come now
    const latencies = measured.map(({ chat, index, at }) => (round.to(chat)[index]?.at ?? Number.NaN) - at).sort((a, b) => a - b);
    const check = countCheck(round, expected);
    console.log(`  ${side.padEnd(6)} ${check.line}`);
    const byMethod = new Map<string, number>();
    for (const call of round.fake.calls) byMethod.set(call.method, (byMethod.get(call.method) ?? 0) + 1);
    console.log(`  ${side.padEnd(6)} Bot API calls: ${[...byMethod].map(([method, count]) => `${method} ${count}`).join(', ')}`);
    return {
      cpuPerUpdate: (after.cpuMs - before.cpuMs) / updates,
      repliesPerSecond: updates / ((lastReply - started) / 1000),
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      rss: after.rss,
      maxRss: after.maxRss,
      statementsPerUpdate: (after.statements - before.statements) / updates,
      idleStatementsPerSecond: (before.statements - idleFrom.statements) / idleSeconds,
      ok: check.ok,
    };
  } finally {
    await round.finish();
  }
}

async function statusScenario(): Promise<boolean> {
  const updates = numberOption('updates', 1);
  const users = numberOption('users', 1);
  const rounds = options.rounds === undefined ? 5 : numberOption('rounds', 1);
  const rate = numberOption('rate', 0);
  console.log(
    `status: ${updates} /status from ${users} bound reporters in ${options.units} units, ${rate > 0 ? `offered at ${rate}/s` : 'offered at once'}; ${rounds} rounds a side, alternating; the fake takes ${options['tg-rate']} messages/s (bursts of ${options['tg-burst']})`,
  );
  const office = await buildOffice(users, numberOption('units', 1));
  const results: Record<'xinbao' | 'bare', StatusResult[]> = { xinbao: [], bare: [] };
  let ok = true;
  try {
    for (let r = 0; r < rounds; r += 1) {
      console.log(`round ${r + 1}/${rounds}`);
      for (const side of ['xinbao', 'bare'] as const) {
        const result = await statusRound(side, office.file, updates, users, rate);
        ok &&= result.ok;
        results[side].push(result);
        console.log(
          `  ${side.padEnd(6)} CPU ${result.cpuPerUpdate.toFixed(2)} ms/update, ${result.repliesPerSecond.toFixed(1)} replies/s, latency p50 ${ms(result.p50)} p95 ${ms(result.p95)}, RSS ${mb(result.rss)} (peak ${mb(result.maxRss)})${side === 'xinbao' ? `, SQL ${result.statementsPerUpdate.toFixed(1)}/update (idle: ${result.idleStatementsPerSecond.toFixed(1)}/s)` : ''}`,
        );
      }
    }
  } finally {
    rmSync(office.dir, { recursive: true, force: true });
  }
  const figures: [string, (result: StatusResult) => number, (value: number) => string][] = [
    ['CPU ms/update', (result) => result.cpuPerUpdate, (value) => value.toFixed(2)],
    ['replies/s', (result) => result.repliesPerSecond, (value) => value.toFixed(1)],
    ['latency p50', (result) => result.p50, ms],
    ['latency p95', (result) => result.p95, ms],
    ['RSS at the end', (result) => result.rss, mb],
  ];
  console.log(`\nmedians over ${rounds} rounds; ratio Xinbao/bare per pair of rounds, min / median / max:`);
  for (const [name, of, show] of figures) {
    const ratios = results.xinbao.map((result, i) => of(result) / of(results.bare[i]!)).sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(15)} Xinbao ${show(median(results.xinbao.map(of))).padStart(7)}   bare ${show(median(results.bare.map(of))).padStart(7)}   ratio ${ratios[0]!.toFixed(2)} / ${median(ratios).toFixed(2)} / ${ratios.at(-1)!.toFixed(2)}`,
    );
  }
  console.log(
    `  Xinbao SQL statements per update: median ${median(results.xinbao.map((result) => result.statementsPerUpdate)).toFixed(1)} (the dispatcher's and scheduler's idle polling: ${median(results.xinbao.map((result) => result.idleStatementsPerSecond)).toFixed(1)}/s)`,
  );
  return ok;
}

// ---------------------------------------------------------------------------------------------
// --scenario flood and --scenario circular (Xinbao only)

const URGENT_TEXT = '/urgent [重大] 负载测试：某乡镇发生山体滑坡，两户民房受损';

async function floodRound(office: string, flood: number): Promise<boolean> {
  const round = await openRound('xinbao', office);
  try {
    const statusChat = reporterChat(0);
    const urgentChat = reporterChat(1);
    await warmUp(round, [reporterChat(2), reporterChat(3), reporterChat(4)]);
    const before = await round.bot.usage();
    const started = Date.now();
    let statusAt = 0;
    let urgentAt = 0;
    for (let i = 0; i < flood; i += 1) {
      round.offer(STRANGER_CHAT, `你好，请问这个怎么用？（${i + 1}）`);
      if (i === Math.floor(flood / 2)) {
        statusAt = round.offer(statusChat, '/status');
        urgentAt = round.offer(urgentChat, URGENT_TEXT);
      }
      await sleep(10);
    }
    const expected = new Map([...round.offered].map(([chat, times]) => [chat, times.length]));
    // The flood gate answers the first FLOOD_LIMIT in its window and says once that the rest were dropped.
    expected.set(STRANGER_CHAT, Math.min(flood, FLOOD_LIMIT) + (flood > FLOOD_LIMIT ? 1 : 0));
    expected.set(DUTY_CHAT, 1);
    expected.set(EDITOR_CHAT, 1);
    const total = [...expected.values()].reduce((sum, count) => sum + count, 0);
    await until('every reply and alert', () => round.fake.deliveries.length >= total, 120_000 + flood * 2000);
    const after = await round.bot.usage();
    await sleep(2000); // anything sent twice would come now
    const status = firstAfter(round, statusChat, statusAt);
    const alert = firstAfter(round, DUTY_CHAT, urgentAt);
    const recorded = firstAfter(round, urgentChat, urgentAt);
    const stranger = round.to(STRANGER_CHAT);
    const check = countCheck(round, expected);
    const statusLatency = (status?.at ?? Number.NaN) - statusAt;
    const alertLatency = (alert?.at ?? Number.NaN) - urgentAt;
    const busyMs = after.at - started;
    console.log(`  ${check.line}`);
    console.log(`  /status reply ${seconds(statusLatency)} after it was sent (target < 1 s: ${verdict(statusLatency, 1000)})`);
    console.log(
      `  the duty officer's alert ${seconds(alertLatency)} after /urgent (target < 2 s: ${verdict(alertLatency, 2000)}); the reporter's receipt ${seconds((recorded?.at ?? Number.NaN) - urgentAt)}`,
    );
    console.log(
      `  the stranger's ${stranger.length} replies to ${flood} messages: first ${seconds((stranger[0]?.at ?? Number.NaN) - started)}, last ${seconds((stranger.at(-1)?.at ?? Number.NaN) - started)} after the flood began`,
    );
    console.log(
      `  Xinbao CPU ${seconds(after.cpuMs - before.cpuMs)} and ${after.statements - before.statements} SQL statements in all over the ${seconds(busyMs)} until the last message (${flood + 2} updates; the outbox's idle polling included), RSS ${mb(after.rss)} (peak ${mb(after.maxRss)})`,
    );
    return check.ok;
  } finally {
    await round.finish();
  }
}

async function circularRound(office: string, recipients: number, units: number): Promise<boolean> {
  const round = await openRound('xinbao', office);
  try {
    const statusChat = reporterChat(0);
    const urgentChat = reporterChat(1);
    await warmUp(round, [reporterChat(2), reporterChat(3), reporterChat(4)]);
    const before = await round.bot.usage();
    // Each recipient's circular ends with its chart, a document: its text comes first, as the
    // caption or, when longer than a caption may be, as messages of its own.
    const isChart = (delivery: Delivery) => delivery.method === 'sendDocument' && delivery.chatId !== EDITOR_CHAT;
    let charts = 0;
    round.fake.onDelivery((delivery) => {
      if (isChart(delivery)) charts += 1;
    });
    const started = round.offer(EDITOR_CHAT, '/circulate');
    await until('a quarter of the circular', () => charts >= Math.ceil(recipients / 4), 60_000 + (recipients / PLATFORM_RATE) * 2000);
    const statusAt = round.offer(statusChat, '/status');
    const urgentAt = round.offer(urgentChat, URGENT_TEXT);
    const floorMs = (recipients / PLATFORM_RATE) * 1000;
    await until(
      'the whole circular, the reply and the alert',
      () =>
        charts >= recipients && round.to(statusChat).some((d) => d.at >= statusAt && d.method === 'sendMessage') && !!firstAfter(round, DUTY_CHAT, urgentAt),
      120_000 + floorMs * 3,
    );
    const after = await round.bot.usage();
    await sleep(2000); // anything sent twice would come now

    // What a unit's members got is the unit's circular: a member who sent nothing (the talkers
    // are reporters 0–4) shows its messages; the talkers got those and one reply per update.
    const silent = (unit: number) => reporterChat(unit < 5 ? unit + units : unit);
    const circularOf = (unit: number) => round.to(silent(unit));
    const circularTexts = (unit: number) => new Set(circularOf(unit).map((delivery) => `${delivery.method}:${delivery.text}`));
    const isCircular = (delivery: Delivery) =>
      delivery.chatId !== EDITOR_CHAT &&
      delivery.chatId !== DUTY_CHAT &&
      circularTexts((delivery.chatId - reporterChat(0)) % units).has(`${delivery.method}:${delivery.text}`);
    const circular = round.fake.deliveries.filter(isCircular);
    const status = round.to(statusChat).find((delivery) => delivery.at >= statusAt && !isCircular(delivery));
    const alert = firstAfter(round, DUTY_CHAT, urgentAt);
    // Each recipient: its unit's circular once, and one reply per update it sent; the editor
    // the confirmation and the circular as leaders get it (ending with the chart), then the
    // alert; the duty officer the alert.
    const expected = new Map<number, number>(Array.from({ length: recipients }, (_, i) => [reporterChat(i), circularOf(i % units).length]));
    for (const [chat, times] of round.offered) expected.set(chat, (expected.get(chat) ?? 0) + times.length);
    const editorCircular = round.to(EDITOR_CHAT).findIndex((delivery) => delivery.method === 'sendDocument') + 1;
    expected.set(EDITOR_CHAT, editorCircular + 1);
    expected.set(DUTY_CHAT, 1);
    const check = countCheck(round, expected);
    const chartsEach = [...expected.keys()].filter((chat) => round.to(chat).filter((delivery) => delivery.method === 'sendDocument').length !== 1);
    const oneChartEach = chartsEach.length === 1 && chartsEach[0] === DUTY_CHAT;
    const statusLatency = (status?.at ?? Number.NaN) - statusAt;
    const alertLatency = (alert?.at ?? Number.NaN) - urgentAt;
    const total = circular.at(-1)!.at - started;
    const messageFloorMs = (circular.length / PLATFORM_RATE) * 1000;
    console.log(`  ${check.line}`);
    console.log(
      `  one chart (the circular's document) to each recipient and the editor: ${oneChartEach ? 'OK' : `MISMATCH in ${chartsEach.length - 1} chats`}`,
    );
    console.log(`  /status reply ${seconds(statusLatency)} after it was sent (target < 1 s: ${verdict(statusLatency, 1000)})`);
    console.log(`  the duty officer's alert ${seconds(alertLatency)} after /urgent (target < 2 s: ${verdict(alertLatency, 2000)})`);
    console.log(
      `  the circular: ${circular.length} messages to ${new Set(circular.map((delivery) => delivery.chatId)).size} recipients, the first ${seconds(circular[0]!.at - started)} and the last ${seconds(total)} after /circulate`,
    );
    console.log(
      `  the floor at ${PLATFORM_RATE} messages a second: ${recipients} recipients ${seconds(floorMs)}, ${circular.length} messages ${seconds(messageFloorMs)}; the circular took ${(total / messageFloorMs).toFixed(2)}× the messages' floor (target ≤ 1.1: ${verdict(total / messageFloorMs, 1.1)}), ${(total / floorMs).toFixed(2)}× the recipients'`,
    );
    console.log(
      `  Xinbao CPU ${seconds(after.cpuMs - before.cpuMs)} in all, SQL ${after.statements - before.statements} statements, RSS ${mb(after.rss)} (peak ${mb(after.maxRss)})`,
    );
    return check.ok && oneChartEach;
  } finally {
    await round.finish();
  }
}

async function floodScenario(): Promise<boolean> {
  const users = numberOption('users', 5);
  const flood = numberOption('flood', 1);
  const rounds = options.rounds === undefined ? 1 : numberOption('rounds', 1);
  console.log(
    `flood: an unbound stranger sends ${flood} messages (one each 10 ms); after half of them a reporter sends /status and another /urgent; ${users} bound reporters in ${options.units} units; ${rounds} round(s)`,
  );
  const office = await buildOffice(users, numberOption('units', 1));
  let ok = true;
  try {
    for (let r = 0; r < rounds; r += 1) {
      console.log(`round ${r + 1}/${rounds}`);
      ok = (await floodRound(office.file, flood)) && ok;
    }
  } finally {
    rmSync(office.dir, { recursive: true, force: true });
  }
  return ok;
}

async function circularScenario(): Promise<boolean> {
  const recipients = numberOption('recipients', 6);
  const rounds = options.rounds === undefined ? 1 : numberOption('rounds', 1);
  console.log(
    `circular: an editor sends /circulate to ${recipients} bound reporters in ${options.units} units; when a quarter have it, one sends /status and another /urgent; ${rounds} round(s)`,
  );
  const units = numberOption('units', 1);
  if (recipients < units + 5) throw new Error('--recipients must be at least --units + 5: each unit needs a member who sends nothing');
  const office = await buildOffice(recipients, units);
  let ok = true;
  try {
    for (let r = 0; r < rounds; r += 1) {
      console.log(`round ${r + 1}/${rounds}`);
      ok = (await circularRound(office.file, recipients, units)) && ok;
    }
  } finally {
    rmSync(office.dir, { recursive: true, force: true });
  }
  return ok;
}

// ---------------------------------------------------------------------------------------------

if (options.child) {
  await runChild(options.child);
} else if (options.help) {
  console.log(USAGE);
} else {
  const scenarios: Record<string, () => Promise<boolean>> = { status: statusScenario, flood: floodScenario, circular: circularScenario };
  const scenario = scenarios[options.scenario];
  if (!scenario) {
    console.error(USAGE);
    process.exit(2);
  }
  const ok = await scenario();
  if (!ok) console.log('\nSOME MESSAGES WERE LOST OR SENT TWICE (see the counts above)');
  process.exit(ok ? 0 : 1);
}
