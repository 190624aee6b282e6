/**
 * Two `npm start` processes on one PostgreSQL database, as an office runs them for availability
 * (docs/instances.md), against the fake Bot API:
 *
 * - webhook mode: urgent reports sent to both instances in turn; both dispatchers send from one
 *   outbox, and every alert arrives exactly once;
 * - long polling: exactly one instance polls (the fake answers a second poller with 409, as
 *   Telegram does, and none comes); the poller is killed with SIGKILL in the middle of a stream of
 *   updates, the other takes polling over within 60 s, every update is answered, and the
 *   survivor runs the scheduler's minutes.
 *
 * PostgreSQL only (vitest.config.ts, POSTGRESQL_ONLY): two instances share a PostgreSQL
 * database, not a SQLite file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindAccount } from '../../src/domain/accounts/bindAccount.ts';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegramServer.ts';
import { testDialect } from '../support/databases.ts';
import { killServices, startService } from '../support/service.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../support/testApp.ts';
import { until } from '../support/wait.ts';

const TOKEN = '123456:two-instances';
const SECRET = 'two-instances-secret';
/** Ten reporters in luoshan, Telegram chats 2001…2010; two duty officers, chats 701 and 702 (with the editor, 400, they are alerted). */
const REPORTERS = Array.from({ length: 10 }, (_, i) => ({ code: `rep${i + 1}`, chat: 2001 + i }));
const ORG = `${SAMPLE_ORG}${REPORTERS.map((r) => `  - { code: ${r.code}, name: 信息员${r.code.slice(3)}, unit: luoshan, roles: [reporter] }\n`).join('')}  - { code: duty1, name: 值班一, roles: [duty] }
  - { code: duty2, name: 值班二, roles: [duty] }
`;
const ALERTED = [400, 701, 702];
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';

let app: TestApp;
let telegram: FakeTelegram;

afterEach(async () => {
  await killServices();
  await app?.dispose();
  await telegram?.close();
});

/** The office, its reporters, the editor and the duty officers bound on Telegram; the app runs on the real clock. */
async function office(): Promise<void> {
  app = await createTestApp();
  app.clock.set(new Date());
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  const bindings: [string, number][] = [['chenjing', 400], ['duty1', 701], ['duty2', 702], ...REPORTERS.map((r): [string, number] => [r.code, r.chat])];
  for (const [personCode, chat] of bindings) {
    const issued = await issueInvite(app, { personCode });
    if (!issued.ok) throw new Error(issued.error.code);
    const identity = { platform: 'telegram', platformUserId: String(chat), chatId: String(chat) };
    const bound = await bindAccount(app, { code: issued.value.code, identity });
    if (!bound.ok) throw new Error(bound.error.code);
  }
}

/** The service on the test's database and the fake Bot API, until it listens. */
const startInstance = (env: Record<string, string> = {}) => startService(app, { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot, ...env });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A private text message from `chat` as Telegram sends it; a leading /command marked as one. */
function textUpdate(updateId: number, chat: number, text: string) {
  const command = /^\/\w+/.exec(text);
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: chat, is_bot: false, first_name: `User${chat}` },
      chat: { id: chat, type: 'private', first_name: `User${chat}` },
      date: Math.floor(Date.now() / 1000),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    },
  };
}

/** How many messages the fake accepted, per chat and what they are (matched by `marker`). */
function countDeliveries(marker: RegExp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const delivery of telegram.deliveries) {
    const found = marker.exec(delivery.text);
    if (!found) continue;
    const key = `${delivery.chatId} ${found[1]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

// Two instances share a PostgreSQL database only; vitest.config.ts runs this file in slow-pg alone.
describe.skipIf(testDialect !== 'postgresql')('two instances on one PostgreSQL database', () => {
  describe('with a Telegram webhook', () => {
    beforeEach(async () => {
      telegram = await startFakeTelegram();
      await office();
    }, 60_000);

    it('take urgent reports on both, and deliver every alert exactly once', async () => {
      const webhook = { TELEGRAM_WEBHOOK_URL: 'https://xinbao.example.org/telegram', TELEGRAM_WEBHOOK_SECRET: SECRET };
      const instances = await Promise.all([startInstance(webhook), startInstance(webhook)]);
      const [a, b] = await Promise.all(instances.map((instance) => instance.details()));
      expect(a!.instance).not.toBe(b!.instance);
      // A webhook needs no lease: every instance takes its updates.
      expect([a!.telegramPolling, b!.telegramPolling]).toEqual([undefined, undefined]);

      // 100 reports, 10 from each reporter, sent ten at a time to one instance and the other in turn.
      const REPORTS = 100;
      const statuses: number[] = [];
      for (let start = 0; start < REPORTS; start += 10) {
        await Promise.all(
          Array.from({ length: 10 }, async (_, k) => {
            const n = start + k + 1;
            const reporter = REPORTERS[k]!;
            const response = await fetch(`http://127.0.0.1:${instances[n % 2]!.port}/telegram`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
              body: JSON.stringify(textUpdate(n, reporter.chat, `/urgent [重大] 第${n}起：某乡镇发生山体滑坡，两户房屋受损，正在转移群众`)),
            });
            statuses.push(response.status);
          }),
        );
      }
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      const reportedAt = Date.now();
      // Each alerted chat has 100 alerts, paced as Telegram asks (bursts of 30, then about one a second),
      // one dispatcher at a time per chat (its order): a minute and a half.
      await until(async () => (await app.db.outboxMessage.count({ where: { status: { not: 'sent' } } })) === 0, 'the outbox sent', 200_000);
      const sentAfterMs = Date.now() - reportedAt;
      expect(await app.db.urgentReport.count()).toBe(REPORTS);
      expect(await app.db.outboxMessage.count()).toBe(REPORTS * ALERTED.length);

      // Each alert (chat, report number) arrived once; nothing else did.
      const ids = (await app.db.urgentReport.findMany({ select: { id: true } })).map((report) => report.id);
      const alerts = countDeliveries(/🚨 紧急信息 #(\d+)/);
      expect([...alerts.keys()].sort()).toEqual(ALERTED.flatMap((chat) => ids.map((id) => `${chat} ${id}`)).sort());
      expect([...alerts.values()].filter((count) => count !== 1)).toEqual([]);
      // Each reporter was answered once per report.
      const answers = countDeliveries(/已报告紧急信息 #(\d+)/);
      expect(answers.size).toBe(REPORTS);
      expect([...answers.values()].filter((count) => count !== 1)).toEqual([]);
      for (const instance of instances) expect(instance.stderr()).not.toMatch(/could not keep|failed/);
      expect(await app.db.lease.count()).toBe(0);
      process.stdout.write(
        `two instances (webhook): ${REPORTS} reports, ${alerts.size} alerts sent once each; the outbox empty ${sentAfterMs} ms after the last report\n`,
      );
    }, 300_000);
  });

  describe('with Telegram long polling', () => {
    beforeEach(async () => {
      telegram = await startFakeTelegram({ pollConflicts: true });
      await office();
    }, 60_000);

    it('poll on one at a time; when the poller is killed the other takes over within 60 s, answers every update, and runs the minutes', async () => {
      const instances = await Promise.all([startInstance(), startInstance()]);
      const roles = await Promise.all(instances.map(async (instance) => (await instance.details()).telegramPolling));
      expect([...roles].sort()).toEqual(['holder', 'standby']);
      const holder = instances[roles.indexOf('holder')]!;
      const survivor = instances[roles.indexOf('standby')]!;
      const survivorId = (await survivor.details()).instance;
      await until(() => telegram.polling(), 'someone polling', 30_000);

      // A stream of one-shot submissions, two from each reporter, then the poller dies, then more.
      let updateId = 0;
      const titles: string[] = [];
      const submit = () => {
        updateId += 1;
        const reporter = REPORTERS[updateId % REPORTERS.length]!;
        const title = `罗山县第${updateId}项重点工作进展情况`;
        titles.push(title);
        telegram.pushText(reporter.chat, `/submit ${title}\n${BODY}`);
      };
      const answered = () => {
        const answers = countDeliveries(/已报送 #\d+《(.+?)》/);
        return titles.filter((title) => [...answers.keys()].some((key) => key.endsWith(` ${title}`)));
      };
      for (let i = 0; i < 20; i += 1) {
        submit();
        await sleep(100);
      }
      await until(() => answered().length === 20, 'the first 20 answered', 30_000);
      expect(telegram.conflicts()).toEqual([]);

      holder.child.kill('SIGKILL');
      await holder.exited;
      const killedAt = Date.now();
      for (let i = 0; i < 20; i += 1) {
        submit();
        await sleep(200);
      }
      await until(async () => (await survivor.details()).telegramPolling === 'holder', 'the survivor to take polling over', 60_000 - (Date.now() - killedAt));
      const takeoverMs = Date.now() - killedAt;
      await until(() => answered().length === 40, 'every update answered', 30_000);

      // Every update answered, and each exactly once; each submission stored once.
      const answers = countDeliveries(/已报送 #\d+《(.+?)》/);
      expect([...answers.keys()].map((key) => key.split(' ')[1]).sort()).toEqual([...titles].sort());
      expect([...answers.values()].filter((count) => count !== 1)).toEqual([]);
      expect(await app.db.item.count()).toBe(40);
      // Never two pollers at once: Telegram would have answered one of them 409.
      expect(telegram.conflicts()).toEqual([]);
      expect(survivor.stderr()).toContain(`lease telegram.poll: taken by ${survivorId}`);

      // The survivor runs the scheduler's minutes now.
      await until(
        async () => (await app.db.schedulerMinute.count({ where: { holder: survivorId, startedAt: { gt: new Date(killedAt) } } })) > 0,
        'a minute run by the survivor',
        70_000,
      );
      process.stdout.write(`two instances (polling): polling taken over ${takeoverMs} ms after the kill; 40 updates answered once each\n`);

      // Stopped, the survivor gives the lease up at once.
      survivor.child.kill('SIGTERM');
      await survivor.exited;
      expect(await app.db.lease.findUnique({ where: { name: 'telegram.poll' } })).toBeNull();
    }, 240_000);
  });
});
