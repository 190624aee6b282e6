/**
 * Benchmark (run by hand: `npx tsx bench/urgentAlerts.ts [runs]`): the time from an `/urgent`
 * received to the last of 50 recipients' alerts sent over the fake Telegram Bot API, through
 * the real chat engine, SQLite store, outbox dispatcher and grammY sender. Goal: p95 < 1 s.
 * `npx tsx bench/urgentAlerts.ts RUNS PAUSE_MS`: with PAUSE_MS 0 the runs come back to back
 * and the sender's sustained rate (30 messages a second, Telegram's limit) sets the pace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openApp } from '../src/app.ts';
import { createTelegramBot } from '../src/bots/telegram/createTelegramBot.ts';
import { createChatEngine } from '../src/chat/engine.ts';
import { parseConfig } from '../src/config/config.ts';
import { bindAccount } from '../src/domain/accounts/bindAccount.ts';
import { importOrg } from '../src/domain/org/importOrg.ts';
import { createDispatcher } from '../src/jobs/dispatcher.ts';
import { silentLogger } from '../src/observability/logger.ts';
import { startFakeTelegram } from '../test/fakes/telegramServer.ts';

const RECIPIENTS = 50;
const runs = Number(process.argv[2] ?? 20);
/** Pause between urgent reports, so each meets the sender's full burst budget (Telegram allows ~30 msg/s sustained). */
const pauseMs = Number(process.argv[3] ?? 2500);
const dir = mkdtempSync(path.join(tmpdir(), 'xinbao-bench-'));
const fake = await startFakeTelegram();
const parsed = parseConfig({ DATABASE_URL: `file:${path.join(dir, 'bench.db')}`, TELEGRAM_BOT_TOKEN: '123:bench', TELEGRAM_API_ROOT: fake.apiRoot });
if (!parsed.ok) throw new Error(parsed.message);
const app = await openApp(parsed.config);

const staff = Array.from({ length: RECIPIENTS }, (_, i) => `  - { code: duty${i}, name: 值班员${i}, roles: [${['duty', 'editor', 'leader'][i % 3]}] }`);
const org = `office: 基准测试办公室
units:
  - { code: luoshan, name: 罗山县政府办, kind: county }
people:
  - { code: reporter, name: 信息员, unit: luoshan, roles: [reporter] }
${staff.join('\n')}
`;
const imported = await importOrg(app, { text: org, actor: 'bench' });
if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
for (const [index, invite] of imported.value.invites.entries()) {
  const userId = String(1000 + index);
  await bindAccount(app, { code: invite.invite, identity: { platform: 'telegram', platformUserId: userId, chatId: userId } });
}

const engine = createChatEngine(app.chatDeps);
const telegram = createTelegramBot({ engine, store: app.store, config: parsed.config.telegram!, botInfo: fake.botInfo as never, logger: silentLogger });
// Woken by this process's outbox writes and looking every 2 s besides, as in the service.
const dispatcher = createDispatcher({
  store: app.store,
  clock: app.clock,
  senders: [telegram.sender],
  defaultLocale: 'zh-CN',
  concurrency: 16,
  outboxWrites: app.outboxWrites,
});
dispatcher.start();

const reporterChat = String(1000 + imported.value.invites.findIndex((entry) => entry.person === 'reporter'));
const timings: number[] = [];
const handled: number[] = [];
for (let run = 0; run < runs; run += 1) {
  if (run > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  const before = fake.callsTo('sendMessage').length;
  const started = performance.now();
  const h0 = performance.now();
  await engine.handle({
    kind: 'text',
    platform: 'telegram',
    userId: reporterChat,
    chatId: reporterChat,
    text: `/urgent [重大] 基准测试第${run}次：某地发生交通事故`,
  });
  handled.push(performance.now() - h0);
  await fake.waitFor(() => fake.callsTo('sendMessage').length - before >= RECIPIENTS, 10_000);
  timings.push(performance.now() - started);
}
await dispatcher.stop();
await app.close();
await fake.close();
rmSync(dir, { recursive: true, force: true });

timings.sort((a, b) => a - b);
const pct = (p: number) => timings[Math.min(timings.length - 1, Math.ceil((p / 100) * timings.length) - 1)]!;
handled.sort((a, b) => a - b);
console.log(`/urgent handled (report + 50 outbox rows committed): p50 ${handled[Math.floor(handled.length / 2)]!.toFixed(0)} ms`);
console.log(
  `pause between reports ${pauseMs} ms; urgent → last of ${RECIPIENTS} alerts sent, ${runs} runs: p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, max ${timings.at(-1)!.toFixed(0)} ms`,
);
