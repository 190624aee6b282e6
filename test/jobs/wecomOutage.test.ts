/**
 * The outbox through WeCom's one long connection when it is down or refuses (docs/wecom.md,
 * docs/urgent.md): the real WeCom bot and its sender (WeCom's SDK against the fake long
 * connection), Telegram's sender against the fake Bot API, the dispatcher on the test's clock.
 * While this instance holds no connection nothing is sent and no attempt is counted, yet an
 * urgent recipient silent for 10 minutes is escalated as on any platform; pushes WeCom refuses
 * are counted and retried, a non-urgent message giving up after its last attempt.
 */
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramSender } from '../../src/bots/telegram/sender.ts';
import { createWeComBot, type WeComBot } from '../../src/bots/wecom/createWeComBot.ts';
import { createChatEngine } from '../../src/chat/engine.ts';
import { bindAccount } from '../../src/domain/accounts/bindAccount.ts';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import type { Identity } from '../../src/domain/accounts/port.ts';
import { text } from '../../src/domain/notify/message.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { translate } from '../../src/i18n/catalog.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { pushedTo, shownText } from '../bots/wecom/support.ts';
import { FAKE_WECOM_BOT_ID, FAKE_WECOM_SECRET, startFakeWeCom, type FakeWeCom } from '../fakes/wecomServer.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegramServer.ts';
import { declare, dispatcherFor, ORG, T0, telegram as telegramId } from '../support/outboxOffice.ts';
import { seededApps, type TestApp } from '../support/testApp.ts';

const MINUTE = 60_000;
const wecomId = (userid: string): Identity => ({ platform: 'wecom', platformUserId: userid, chatId: userid });

async function bind(app: TestApp, personCode: string, identity: Identity) {
  const issued = await issueInvite(app, { personCode });
  if (!issued.ok) throw new Error(issued.error.code);
  const bound = await bindAccount(app, { code: issued.value.code, identity });
  if (!bound.ok) throw new Error(bound.error.code);
}

/**
 * ORG at T0: 张伟 (the reporter) on Telegram (100) and WeCom; 陈静 (the editor) on WeCom only;
 * 周杰 (the duty officer) on Telegram (700) and WeCom. A WeCom chat's id is the person's userid.
 */
const seededApp = seededApps(async (seeded) => {
  seeded.clock.set(T0);
  const imported = await importOrg(seeded, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  const bindings: [string, Identity][] = [
    ['zhangwei', telegramId('100')],
    ['zhangwei', wecomId('zhangwei')],
    ['chenjing', wecomId('chenjing')],
    ['zhoujie', telegramId('700')],
    ['zhoujie', wecomId('zhoujie')],
  ];
  for (const [personCode, identity] of bindings) await bind(seeded, personCode, identity);
});

let app: TestApp;
let wecom: FakeWeCom;
let telegram: FakeTelegram;
let bot: WeComBot;

beforeEach(async () => {
  app = await seededApp();
  wecom = await startFakeWeCom();
  telegram = await startFakeTelegram();
  bot = createWeComBot({
    engine: createChatEngine(app.chatDeps),
    config: { botId: FAKE_WECOM_BOT_ID, secret: FAKE_WECOM_SECRET, wsUrl: wecom.url },
    store: app.store,
    clock: app.clock,
    logger: silentLogger,
    reconnectMs: 50,
    // Kicked from outside, it waits for the test to connect it again, not for a timer.
    kickedRetryMs: 3600_000,
  });
  await bot.connect();
});

afterEach(async () => {
  await bot?.stop();
  await wecom?.close();
  await telegram?.close();
  await app?.dispose();
});

/** The dispatcher with the real Telegram sender (grammY without in-call retries) and the WeCom bot's. */
const dispatcher = (extra: Parameters<typeof dispatcherFor>[2] = {}) =>
  dispatcherFor(app, [createTelegramSender(new Api('123456:wecom-outage', { apiRoot: telegram.apiRoot })), bot.sender], extra);

/** Runs the dispatcher every 30 s of the test's clock for `minutes`. */
async function runFor(outbox: ReturnType<typeof dispatcherFor>, minutes: number) {
  for (let t = 0; t < minutes * 2; t += 1) {
    await outbox.dispatchOnce();
    app.clock.advance(30_000);
  }
}

const rows = () => app.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
const titleKey = (payload: string) => (JSON.parse(payload) as { title?: { key: string } }).title?.key;
const alertTitle = (id: number) => translate('zh-CN', 'urgent.alert.title', { id, severity: '一般' });
const noticeTitle = (name: string) => translate('zh-CN', 'urgent.unreachable.title', { name });
const telegramTexts = (chatId: number) => telegram.sentMessages(chatId).map((message) => message.text ?? '');
/** The markdown messages pushed to a WeCom chat from frame `from` on (a duty officer's alert has its card besides). */
const markdownTo = (userid: string, from = 0) =>
  pushedTo(wecom, userid, from)
    .filter((frame) => frame.body?.msgtype === 'markdown')
    .map(shownText);

/** 张伟 is sent an ordinary notice on WeCom. */
async function notice(title = '普通通知：本周信息报送情况') {
  const reporter = (await app.store.people.byCode('zhangwei'))!;
  await app.store.outbox.enqueue({
    personId: reporter.id,
    platform: 'wecom',
    chatId: 'zhangwei',
    message: { title: text(title), lines: [] },
    at: app.clock.now(),
  });
}

/** Two ways this instance holds no connection, and how it gets it back. */
const outages: { name: string; start(): () => Promise<void> }[] = [
  {
    name: 'this instance gave the connection up (standby)',
    start() {
      bot.disconnect();
      return () => bot.connect();
    },
  },
  {
    name: 'another connection took the bot over',
    start() {
      const outsider = wecom.kickFromOutside();
      return async () => {
        outsider.release();
        await bot.connect();
      };
    },
  },
];

describe.each(outages)('WeCom not connected on this instance: $name', (outage) => {
  it('keeps urgent alerts pending uncounted, escalates a silent editor after 10 minutes once, and delivers everything once on reconnecting', async () => {
    const reconnect = outage.start();
    await wecom.waitUntil(() => !bot.connected() && wecom.authenticated() <= 1);
    expect(bot.sender.ready?.()).toBe(false);
    const pushedBefore = wecom.sent('aibot_send_msg').length;

    const reports: Awaited<ReturnType<typeof declare>>[] = [];
    for (let i = 1; i <= 3; i += 1) reports.push(await declare(app, `第${i}起紧急事件：某乡镇发生山体滑坡`));
    await notice();
    app.clock.advance(MINUTE);
    // 陈静 binds Telegram after the alerts were queued: her other platform for the copies.
    await bind(app, 'chenjing', telegramId('400'));
    const outbox = dispatcher();

    await runFor(outbox, 9);
    // Nine minutes: 周杰 has the alerts on Telegram; nothing went to WeCom, and no WeCom message counted an attempt.
    for (const report of reports) expect(telegramTexts(700).filter((sent) => sent.includes(alertTitle(report.id)))).toHaveLength(1);
    expect(wecom.sent('aibot_send_msg').length).toBe(pushedBefore);
    // The first message waiting in each WeCom chat was tried every 5 s and counted nothing; those behind it wait.
    const onWeCom = async () => (await rows()).filter((row) => row.platform === 'wecom');
    const firstIn = async (chatId: string, priority: number) =>
      (await onWeCom()).find((row) => row.chatId === chatId && row.priority === priority && row.status === 'pending');
    expect((await onWeCom()).map((row) => `${row.chatId}:${row.priority}:${row.status}`).sort()).toEqual([
      'chenjing:0:pending',
      'chenjing:0:pending',
      'chenjing:0:pending',
      'zhangwei:2:pending',
      'zhoujie:0:pending',
      'zhoujie:0:pending',
      'zhoujie:0:pending',
    ]);
    for (const [chatId, priority] of [
      ['chenjing', 0],
      ['zhoujie', 0],
      ['zhangwei', 2],
    ] as const) {
      expect(await firstIn(chatId, priority)).toMatchObject({ attempts: 0, lastError: 'wecom is not connected on this instance' });
    }
    expect(telegramTexts(400)).toEqual([]);
    expect(telegramTexts(700).some((sent) => sent.includes(noticeTitle('陈静')))).toBe(false);

    await runFor(outbox, 40);
    // 陈静's alerts went to her Telegram; 周杰 was told once about each, on Telegram (his WeCom copy waits).
    for (const report of reports) {
      expect(telegramTexts(400).filter((sent) => sent.includes(alertTitle(report.id)))).toHaveLength(1);
      const told = telegramTexts(700).filter((sent) => sent.includes(noticeTitle('陈静')) && sent.includes(`涉及紧急信息 #${report.id}：`));
      expect(told).toHaveLength(1);
      expect(told[0]).toContain('已超过 10 分钟收不到紧急消息');
      expect(told[0]).toContain('已同时改发到其 Telegram');
    }
    expect(telegramTexts(700).filter((sent) => sent.includes(noticeTitle('陈静')))).toHaveLength(3);
    // No one is told about 周杰: his alerts reached him on Telegram.
    expect([...telegramTexts(400), ...telegramTexts(700)].some((sent) => sent.includes(noticeTitle('周杰')))).toBe(false);
    // Fifty minutes not connected: the first in each WeCom chat counted no attempt, the ordinary notice included, and nothing died.
    expect((await onWeCom()).every((row) => row.status === 'pending')).toBe(true);
    for (const [chatId, priority] of [
      ['chenjing', 0],
      ['zhoujie', 0],
      ['zhangwei', 2],
    ] as const) {
      expect(await firstIn(chatId, priority)).toMatchObject({ attempts: 0 });
    }
    expect(await app.store.outbox.deadByLane()).toEqual({ urgent: 0, reply: 0, normal: 0, bulk: 0 });
    expect(wecom.sent('aibot_send_msg').length).toBe(pushedBefore);

    await reconnect();
    expect(bot.sender.ready?.()).toBe(true);
    await runFor(outbox, 3);
    // Connected again: every urgent alert reached each WeCom chat once, the notices to 周杰 and 张伟's notice too.
    for (const report of reports) {
      expect(markdownTo('chenjing').filter((sent) => sent.includes(alertTitle(report.id)))).toHaveLength(1);
      expect(markdownTo('zhoujie').filter((sent) => sent.includes(alertTitle(report.id)))).toHaveLength(1);
      expect(markdownTo('zhoujie').filter((sent) => sent.includes(noticeTitle('陈静')) && sent.includes(`涉及紧急信息 #${report.id}：`))).toHaveLength(1);
      expect(telegramTexts(400).filter((sent) => sent.includes(alertTitle(report.id)))).toHaveLength(1);
    }
    expect(markdownTo('chenjing')).toHaveLength(3);
    expect(markdownTo('zhoujie')).toHaveLength(6);
    expect(markdownTo('zhangwei')).toEqual([expect.stringContaining('普通通知：本周信息报送情况')]);
    expect((await rows()).every((row) => row.status === 'sent')).toBe(true);
    expect(await app.store.outbox.deadByLane()).toEqual({ urgent: 0, reply: 0, normal: 0, bulk: 0 });
  }, 60_000);
});

describe('WeCom refusing every push while connected', () => {
  it('gives up a non-urgent message after its last attempt, visible as dead; urgent alerts are retried, counted, and go once the refusals stop', async () => {
    const MAX_ATTEMPTS = 5;
    const reports: Awaited<ReturnType<typeof declare>>[] = [];
    for (let i = 1; i <= 3; i += 1) reports.push(await declare(app, `第${i}起紧急事件：某乡镇发生山体滑坡`));
    await notice();
    // Each pass tries the first waiting message of each WeCom chat (陈静, 周杰, 张伟), on the same
    // backoff: refusing this many pushes refuses every one until the notice's last attempt.
    wecom.failNext('aibot_send_msg', 3 * MAX_ATTEMPTS);
    const outbox = dispatcher({ maxAttempts: MAX_ATTEMPTS });

    // 5 s, 10 s, 20 s, 40 s: the fifth attempt, 150 s in, is the notice's last.
    await runFor(outbox, 3);
    expect(await app.store.outbox.deadByLane()).toEqual({ urgent: 0, reply: 0, normal: 1, bulk: 0 });
    const dead = await app.db.outboxMessage.findFirstOrThrow({ where: { status: 'dead' } });
    expect(dead).toMatchObject({ platform: 'wecom', chatId: 'zhangwei', attempts: MAX_ATTEMPTS, lastError: 'wecom: errcode 600001' });
    expect((await app.store.outbox.list(['dead'])).map((listed) => listed.id)).toEqual([dead.id]);
    // The urgent alerts on WeCom are still trying: the first in each chat counted every refusal.
    const urgentOnWeCom = (await rows()).filter((row) => row.platform === 'wecom' && row.priority === 0);
    expect(urgentOnWeCom.map((row) => `${row.chatId}:${row.status}`).sort()).toEqual([
      'chenjing:pending',
      'chenjing:pending',
      'chenjing:pending',
      'zhoujie:pending',
      'zhoujie:pending',
      'zhoujie:pending',
    ]);
    for (const chatId of ['chenjing', 'zhoujie']) {
      const [first] = urgentOnWeCom.filter((row) => row.chatId === chatId);
      expect(first).toMatchObject({ attempts: MAX_ATTEMPTS, lastError: 'wecom: errcode 600001' });
    }
    // Every push so far was refused: five tries in each chat, each of its first message.
    expect(wecom.sent('aibot_send_msg')).toHaveLength(3 * MAX_ATTEMPTS);
    for (const chatId of ['chenjing', 'zhoujie'])
      expect(markdownTo(chatId)).toEqual(Array.from({ length: MAX_ATTEMPTS }, () => expect.stringContaining(alertTitle(reports[0]!.id))));
    const accepted = wecom.frames.length;

    await runFor(outbox, 6);
    // The refusals are over: each alert reached each WeCom chat once, within 10 minutes, so no one was escalated.
    for (const report of reports) {
      expect(markdownTo('chenjing', accepted).filter((sent) => sent.includes(alertTitle(report.id)))).toHaveLength(1);
      expect(markdownTo('zhoujie', accepted).filter((sent) => sent.includes(alertTitle(report.id)))).toHaveLength(1);
    }
    expect(markdownTo('chenjing', accepted)).toHaveLength(3);
    expect(markdownTo('zhoujie', accepted)).toHaveLength(3);
    expect(markdownTo('zhangwei', accepted)).toEqual([]);
    expect((await rows()).filter((row) => row.id !== dead.id).map((row) => `${titleKey(row.payload)}:${row.status}`)).toEqual(
      Array.from({ length: 9 }, () => 'urgent.alert.title:sent'),
    );
    expect(await app.store.outbox.deadByLane()).toEqual({ urgent: 0, reply: 0, normal: 1, bulk: 0 });

    // Sent again (as `xinbao outbox retry` does), the dead notice goes.
    expect(await app.store.outbox.requeue([dead.id], app.clock.now())).toBe(1);
    await outbox.dispatchOnce();
    expect(markdownTo('zhangwei', accepted)).toEqual([expect.stringContaining('普通通知：本周信息报送情况')]);
    expect(await app.store.outbox.counts()).toMatchObject({ pending: 0, dead: 0 });
  }, 60_000);
});

describe('the notice about a person unreachable on WeCom', () => {
  it('names WeCom, as it names Telegram and Slack', async () => {
    bot.disconnect();
    const report = await declare(app);
    await runFor(dispatcher(), 11);
    const told = telegramTexts(700).find((sent) => sent.includes(noticeTitle('陈静')));
    expect(told).toContain(`涉及紧急信息 #${report.id}：`);
    expect(told).toContain('陈静 的 企业微信 已超过 10 分钟收不到紧急消息');
  });
});

describe('a message queued behind another in a WeCom chat while not connected', () => {
  it('counts no attempt while it waits, so it is not given up at its first refusal once connected', async () => {
    bot.disconnect();
    await notice('第一条通知');
    await notice('第二条通知');
    // Ten passes not connected: neither notice was pushed, so neither may have used up an attempt.
    await runFor(dispatcher(), 5);
    const [first, second] = await rows();
    expect(first).toMatchObject({ status: 'pending', attempts: 0 });
    expect.soft(second).toMatchObject({ status: 'pending', attempts: 0 });

    await bot.connect();
    // One message a pass: the first goes, then WeCom refuses the second once.
    const onePerPass = dispatcher({ batch: 1 });
    expect(await onePerPass.dispatchOnce()).toEqual({ sent: 1, failed: 0 });
    wecom.failNext('aibot_send_msg', 1);
    expect(await onePerPass.dispatchOnce()).toEqual({ sent: 0, failed: 1 });
    expect(await app.db.outboxMessage.findUniqueOrThrow({ where: { id: second!.id } })).toMatchObject({
      status: 'pending',
      lastError: 'wecom: errcode 600001',
    });
    app.clock.advance(30_000);
    await onePerPass.dispatchOnce();
    expect(markdownTo('zhangwei').filter((sent) => sent.includes('第二条通知'))).toHaveLength(2);
  });
});
