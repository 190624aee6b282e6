import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramSender } from '../../src/bots/telegram/sender.ts';
import { text } from '../../src/domain/notify/message.ts';
import { translate } from '../../src/i18n/catalog.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegramServer.ts';
import { declare, dispatcherFor, outboxApp } from '../support/outboxOffice.ts';
import { xinbao } from '../support/run.ts';
import type { TestApp } from '../support/testApp.ts';

let app: TestApp;
let telegram: FakeTelegram;
const seededApp = outboxApp();

beforeEach(async () => {
  app = await seededApp();
  // The CLI runs on the real clock: the simulated hour starts now.
  app.clock.set(new Date());
  telegram = await startFakeTelegram();
});

afterEach(async () => {
  await app?.dispose();
  await telegram?.close();
});

const env = () => ({ DATABASE_URL: app.config.databaseUrl });

describe('an hour-long Bot API outage', () => {
  it('delivers every urgent alert afterwards, none dead; a non-urgent message dies, visible and re-sendable', async () => {
    // grammY without the bot's in-call retries (which wait in real seconds): the outbox retries.
    const dispatcher = dispatcherFor(app, [createTelegramSender(new Api('123456:outage', { apiRoot: telegram.apiRoot }))]);
    telegram.startOutage();
    const reports = [];
    for (let i = 1; i <= 3; i += 1) reports.push(await declare(app, `第${i}起紧急事件：某乡镇发生山体滑坡`));
    const reporter = (await app.store.people.byCode('zhangwei'))!;
    await app.store.outbox.enqueue({
      personId: reporter.id,
      platform: 'telegram',
      chatId: '100',
      message: { title: text('普通通知：本周信息报送情况'), lines: [] },
      at: app.clock.now(),
    });

    for (let t = 0; t < 120; t += 1) {
      await dispatcher.dispatchOnce();
      app.clock.advance(30_000);
    }
    // An hour of failures: the notice gave up after 10 attempts, the urgent ones are all still trying.
    const statuses = async () => (await app.db.outboxMessage.findMany({ orderBy: { id: 'asc' } })).map((row) => `${row.priority}:${row.status}`);
    expect(await app.store.outbox.deadByLane()).toEqual({ urgent: 0, reply: 0, normal: 1, bulk: 0 });
    expect((await statuses()).filter((status) => status.startsWith('0:')).every((status) => status === '0:pending')).toBe(true);
    const dead = await app.db.outboxMessage.findFirstOrThrow({ where: { status: 'dead' } });
    expect(dead).toMatchObject({ chatId: '100', attempts: 10, lastError: 'telegram sendMessage: 502 Bad Gateway' });

    telegram.endOutage();
    for (let t = 0; t < 12; t += 1) {
      await dispatcher.dispatchOnce();
      app.clock.advance(30_000);
    }
    for (const chat of [400, 700]) {
      const texts = telegram.sentMessages(chat).map((message) => message.text ?? '');
      for (const report of reports) {
        expect(texts.filter((sent) => sent.includes(translate('zh-CN', 'urgent.alert.title', { id: report.id, severity: '一般' })))).toHaveLength(1);
      }
    }
    // Each unreachable alert was reported to the office once: three about 陈静 to 周杰, three about 周杰 to 陈静.
    expect(telegram.sentMessages(700).filter((message) => message.text?.includes('紧急消息未送达：陈静'))).toHaveLength(3);
    expect(telegram.sentMessages(400).filter((message) => message.text?.includes('紧急消息未送达：周杰'))).toHaveLength(3);
    expect((await statuses()).filter((status) => status !== '2:dead').every((status) => status.endsWith(':sent'))).toBe(true);
    expect(telegram.sentMessages(100)).toEqual([]);

    // The operator sees the dead message and sends it again.
    const listed = await xinbao(['outbox', 'list', '--dead'], { env: env() });
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toBe('id\tstatus\tlane\tto\tperson\tattempts\tqueued\tnext try\twhat\tlast error');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        new RegExp(`^${dead.id}\\tdead\\tnormal\\ttelegram:100\\t张伟\\t10\\t.*\\t-\\t普通通知：本周信息报送情况\\ttelegram sendMessage: 502 Bad Gateway$`),
      ),
    ]);

    const retried = await xinbao(['outbox', 'retry', String(dead.id)], { env: env() });
    expect(retried).toMatchObject({ code: 0, stdout: `Message ${dead.id} queued again; the running service sends it.\n` });
    expect((await xinbao(['outbox', 'list', '--dead'], { env: env() })).stdout).toBe('No dead messages.\n');
    await dispatcher.dispatchOnce();
    expect(telegram.sentMessages(100).map((message) => message.text)).toEqual(['<b>普通通知：本周信息报送情况</b>']);
    expect(await app.store.outbox.counts()).toMatchObject({ pending: 0, dead: 0 });
    expect((await app.store.audit.list()).at(-1)).toMatchObject({ actor: 'cli', action: 'outbox.retry', subject: `outbox:${dead.id}` });

    // Asking again for a message that was sent is refused with one sentence, and changes nothing.
    const again = await xinbao(['outbox', 'retry', String(dead.id)], { env: env() });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`^xinbao: message ${dead.id} was sent at .*; only a dead or cancelled message can be queued again.\\n$`));
  }, 60_000);
});
