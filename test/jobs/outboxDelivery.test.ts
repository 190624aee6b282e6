/**
 * The outbox's delivery guarantees, with faults injected for real: a Bot API that is down or
 * refuses a chat (the fake Telegram server, through grammY), a dispatcher process that died
 * holding leases (a real process, gone), a second dispatcher alive on another host.
 */
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../src/bots/slack/createSlackApp.ts';
import { createTelegramSender } from '../../src/bots/telegram/sender.ts';
import type { ChatEngine } from '../../src/chat/engine.ts';
import { bindAccount } from '../../src/domain/accounts/bindAccount.ts';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import type { Sender } from '../../src/domain/notify/sender.ts';
import { recordFollowUp } from '../../src/domain/urgent/recordFollowUp.ts';
import { translate } from '../../src/i18n/catalog.ts';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, startFakeSlack, type FakeSlack } from '../fakes/slackServer.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegramServer.ts';
import { captureLogs, type CapturedLogs } from '../support/logs.ts';
import { declare, dispatcherFor, outboxApp, slack as slackId, T0, urgentDeps } from '../support/outboxOffice.ts';
import type { TestApp } from '../support/testApp.ts';

const TOKEN = '123456:outbox-delivery';
const MINUTE = 60_000;

let app: TestApp;
let telegram: FakeTelegram;
let slack: FakeSlack;
let senders: Sender[];
let logs: CapturedLogs;

const seededApp = outboxApp();

beforeEach(async () => {
  app = await seededApp();
  telegram = await startFakeTelegram();
  slack = await startFakeSlack();
  // grammY without the bot's in-call retries (which wait in real seconds): the outbox retries.
  const telegramSender = createTelegramSender(new Api(TOKEN, { apiRoot: telegram.apiRoot }));
  const slackSender = createSlackApp({
    engine: {} as ChatEngine,
    config: { mode: 'socket', botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: slack.apiUrl },
    botId: FAKE_BOT_ID,
    botUserId: FAKE_BOT_USER_ID,
  }).sender;
  senders = [telegramSender, slackSender];
  logs = captureLogs();
});

afterEach(async () => {
  await app?.dispose();
  await telegram?.close();
  await slack?.close();
});

const rows = () => app.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
const textsTo = (chatId: number) => telegram.sentMessages(chatId).map((message) => message.text ?? '');
const slackTexts = (channel: string) =>
  slack
    .callsTo('chat.postMessage')
    .filter((call) => call.params.channel === channel)
    .map((call) => String(call.params.text));
const alertTitle = (id: number) => translate('zh-CN', 'urgent.alert.title', { id, severity: '一般' });
const noticeTitle = (name: string) => translate('zh-CN', 'urgent.unreachable.title', { name });

/** Binds a second account for a person, as `xinbao invite` and /start do. */
async function bindSlack(personCode: string, userId: string) {
  const issued = await issueInvite(app, { personCode });
  if (!issued.ok) throw new Error(issued.error.code);
  const bound = await bindAccount(app, { code: issued.value.code, identity: slackId(userId) });
  if (!bound.ok) throw new Error(bound.error.code);
}

/** Runs the dispatcher every 30 s of the test's clock for `minutes`. */
async function runFor(dispatcher: ReturnType<typeof dispatcherFor>, minutes: number) {
  for (let t = 0; t < minutes * 2; t += 1) {
    await dispatcher.dispatchOnce();
    app.clock.advance(30_000);
  }
}

/** The pid of a process that ran on this machine and is gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('an unreachable recipient of an urgent message', () => {
  it('after 10 minutes gets a copy on their other platform, and the duty officer is told once', async () => {
    // 陈静 (editor) is bound on Telegram only when the alert is queued; 周杰 (duty) binds Slack too.
    await bindSlack('zhoujie', 'U700');
    telegram.startOutage();
    const report = await declare(app);
    app.clock.advance(MINUTE);
    await bindSlack('chenjing', 'U400');
    const dispatcher = dispatcherFor(app, senders, { logger: logs.logger });

    await runFor(dispatcher, 9);
    // Nine minutes: only 周杰's Slack has the alert; nobody has been told anything.
    expect(slackTexts('DU700')).toEqual([expect.stringContaining(alertTitle(report.id))]);
    expect(slackTexts('DU400')).toEqual([]);

    await runFor(dispatcher, 40);
    // 陈静's alert went to her Slack too; 周杰 (reached on Slack) was no one to worry about.
    expect(slackTexts('DU400')).toEqual([expect.stringContaining(alertTitle(report.id))]);
    const notices = slackTexts('DU700').filter((text) => text.includes(noticeTitle('陈静')));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('陈静 的 Telegram 已超过 10 分钟收不到紧急消息');
    expect(notices[0]).toContain(`涉及紧急信息 #${report.id}：罗山县政府办`);
    expect(notices[0]).toContain('已同时改发到其 Slack');
    expect(slackTexts('DU700').some((text) => text.includes(noticeTitle('周杰')))).toBe(false);
    // One notice per message: to 周杰's two accounts, the Telegram one still waiting.
    const noticeRows = (await rows()).filter((row) => row.payload.includes('urgent.unreachable.title'));
    expect(noticeRows.map((row) => `${row.platform}:${row.chatId}:${row.status}`)).toEqual(['telegram:700:pending', 'slack:DU700:sent']);

    // Telegram comes back: everything still pending arrives, once.
    telegram.endOutage();
    await runFor(dispatcher, 6);
    expect(textsTo(400).filter((text) => text.includes(alertTitle(report.id)))).toHaveLength(1);
    expect(textsTo(700).filter((text) => text.includes(alertTitle(report.id)))).toHaveLength(1);
    expect(textsTo(700).filter((text) => text.includes(noticeTitle('陈静')))).toHaveLength(1);
    expect((await rows()).every((row) => row.status === 'sent')).toBe(true);
    expect(await app.store.outbox.deadByLane()).toEqual({ urgent: 0, reply: 0, normal: 0, bulk: 0 });
  });

  it('tells the office at once when a chat refuses the urgent message for good, and keeps it visible as dead', async () => {
    telegram.startOutage({ error_code: 403, description: 'Forbidden: bot was blocked by the user' }, ['sendMessage']);
    const report = await declare(app);
    const dispatcher = dispatcherFor(app, senders);
    await dispatcher.dispatchOnce();
    telegram.endOutage();
    app.clock.advance(30_000);
    await dispatcher.dispatchOnce();
    const texts = [...textsTo(400), ...textsTo(700)];
    // Both refused: each is told about the other, once, and nothing else was sent.
    expect(texts.filter((text) => text.includes(noticeTitle('陈静')))).toHaveLength(1);
    expect(texts.filter((text) => text.includes(noticeTitle('周杰')))).toHaveLength(1);
    expect(texts.find((text) => text.includes(noticeTitle('陈静')))).toContain('拒收消息');
    expect(texts.find((text) => text.includes(noticeTitle('陈静')))).toContain('其未绑定其他平台，请电话联系。');
    expect(texts.some((text) => text.includes(alertTitle(report.id)))).toBe(false);
    expect(await app.store.outbox.deadByLane()).toEqual({ urgent: 2, reply: 0, normal: 0, bulk: 0 });
  });
});

describe('urgent retries', () => {
  it('retry at least every 5 minutes, and stop once the report is closed — the final report still goes', async () => {
    telegram.startOutage();
    const report = await declare(app);
    const dispatcher = dispatcherFor(app, senders);
    await runFor(dispatcher, 30);
    const [alert] = await rows();
    // 5 s, 10 s … 160 s, then every 5 minutes (the dispatcher runs every 30 s here): 11 tries in 30 minutes.
    expect(alert!.attempts).toBe(11);
    expect(alert!.nextAttemptAt.getTime() - app.clock.now().getTime()).toBeLessThanOrEqual(5 * MINUTE);

    const reporter = (await app.store.people.byCode('zhangwei'))!;
    expect((await recordFollowUp(urgentDeps(app), { author: reporter, reportId: report.id, text: '现场处置完毕，道路恢复通行', final: true })).ok).toBe(true);
    await runFor(dispatcher, 6);
    telegram.endOutage();
    await runFor(dispatcher, 6);
    const byTitle = (await rows()).map((row) => `${JSON.parse(row.payload).title.key}:${row.status}`);
    // The alerts and the notices about them were cancelled with the report; the final report arrived.
    expect(byTitle.filter((entry) => entry.startsWith('urgent.final.title'))).toEqual(['urgent.final.title:sent', 'urgent.final.title:sent']);
    expect(byTitle.filter((entry) => entry.startsWith('urgent.alert.title'))).toEqual(['urgent.alert.title:cancelled', 'urgent.alert.title:cancelled']);
    expect(textsTo(400).some((text) => text.includes(alertTitle(report.id)))).toBe(false);
    expect(textsTo(400).filter((text) => text.includes(`紧急信息 #${report.id} 终报`))).toHaveLength(1);
  });
});

describe('leases of a dispatcher that is gone', () => {
  it('are taken back when the next dispatcher starts: urgent alerts go out on its first pass, before the lease ends', async () => {
    await declare(app);
    // A dispatcher in a process on this machine leased all three and was sending one when it died.
    const pid = await deadPid();
    await app.store.dispatchers.beat({ id: 'crashed', host: hostname(), pid, startedAt: new Date(T0), beatAt: new Date(T0) });
    const leased = await app.store.outbox.claimDue(new Date(T0), new Date(Date.parse(T0) + MINUTE), 100, 100, 'crashed');
    expect(leased).toHaveLength(2);
    expect(await app.store.outbox.markSending(leased[0]!.id, 'crashed', new Date(T0))).toBe(true);

    // The restart, a second later: the crashed one's heartbeat is fresh, but its process is gone.
    app.clock.advance(1000);
    const dispatcher = dispatcherFor(app, senders, { logger: logs.logger });
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 2, failed: 0 });
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ level: 'warn', component: 'outbox', released: 2, msg: 'took back 2 message(s) leased by 1 stopped dispatcher(s)' }),
    );
    // Said by the message's own logger: its id, lane and platform.
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        outboxId: leased[0]!.id,
        lane: 'urgent',
        platform: leased[0]!.platform,
        msg: 'the message was in flight when its dispatcher stopped; sending it again (it may arrive twice)',
      }),
    );
    expect(await app.store.dispatchers.all()).toEqual([expect.objectContaining({ host: hostname(), pid: process.pid })]);
  });

  it('of a dispatcher alive on another host are left alone until its heartbeat is stale', async () => {
    await declare(app);
    await app.store.dispatchers.beat({ id: 'elsewhere', host: 'another-host', pid: 4242, startedAt: new Date(T0), beatAt: new Date(T0) });
    expect(await app.store.outbox.claimDue(new Date(T0), new Date(Date.parse(T0) + MINUTE), 100, 100, 'elsewhere')).toHaveLength(2);
    const dispatcher = dispatcherFor(app, senders, { beatMs: 2000 });
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
    app.clock.advance(6000);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
    // No heartbeat for more than three intervals: it is gone, 52 s before its lease would have ended.
    app.clock.advance(2000);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 2, failed: 0 });
    expect((await app.store.dispatchers.all()).map((beat) => beat.host)).toEqual([hostname()]);
  });

  it('stop() forgets its own heartbeat', async () => {
    const dispatcher = dispatcherFor(app, senders);
    await dispatcher.dispatchOnce();
    expect(await app.store.dispatchers.all()).toHaveLength(1);
    await dispatcher.stop();
    expect(await app.store.dispatchers.all()).toEqual([]);
  });
});
