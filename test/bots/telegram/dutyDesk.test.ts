/**
 * The duty desk on Telegram (docs/urgent.md#the-duty-desk), against the local fake Bot API: a
 * reporter's urgent report reaches the duty officer with 确认收到 as an inline button; pressing it
 * goes through the engine and the reporter's chat gets the receipt. A phone report logged by the
 * duty officer reaches the unit's reporter.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramBot, type TelegramBot } from '../../../src/bots/telegram/createTelegramBot.ts';
import { createChatEngine } from '../../../src/chat/engine.ts';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { createDispatcher } from '../../../src/jobs/dispatcher.ts';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegramServer.ts';
import { createTestApp, SAMPLE_ORG, testClock, type TestApp } from '../../support/testApp.ts';
import { buttonsOf, say, sentTo, TOKEN } from './harness.ts';

const ORG = `${SAMPLE_ORG}  - { code: zhoujie, name: 周杰, roles: [duty] }
`;
const ZHANGWEI = 1001; // luoshan reporter
const CHENJING = 1004; // editor
const ZHOUJIE = 1007; // duty officer

let app: TestApp;
let fake: FakeTelegram;
let tg: TelegramBot;
let dispatch: () => Promise<{ sent: number; failed: number }>;

beforeEach(async () => {
  app = await createTestApp({}, testClock('2026-11-20T02:00:00Z')); // 10:00 in Shanghai
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  for (const [personCode, id] of [
    ['zhangwei', ZHANGWEI],
    ['chenjing', CHENJING],
    ['zhoujie', ZHOUJIE],
  ] as const) {
    const issued = await issueInvite(app, { personCode });
    if (!issued.ok) throw new Error(issued.error.code);
    const bound = await bindAccount(app, { code: issued.value.code, identity: { platform: 'telegram', platformUserId: String(id), chatId: String(id) } });
    if (!bound.ok) throw new Error(bound.error.code);
  }
  fake = await startFakeTelegram();
  tg = createTelegramBot({
    engine: createChatEngine(app.chatDeps),
    store: app.store,
    config: { mode: 'polling', token: TOKEN, apiRoot: fake.apiRoot },
    botInfo: fake.botInfo,
  });
  await tg.start();
  const dispatcher = createDispatcher({ store: app.store, clock: app.clock, senders: [tg.sender], defaultLocale: 'zh-CN' });
  dispatch = () => dispatcher.dispatchOnce();
});

afterEach(async () => {
  await tg?.stop();
  await fake?.close();
  await app?.dispose();
});

const messagesTo = (chatId: number, from = 0) => fake.calls.slice(from).filter(sentTo(chatId));

describe('the duty desk on Telegram', () => {
  it('the alert’s 确认收到 inline button, pressed, tells the reporter who received it and when', async () => {
    expect((await say(fake, ZHANGWEI, '/urgent [重大] 周党镇发生山体滑坡，两户民房受损')).params.text).toContain('#1');
    const beforeAlerts = fake.calls.length;
    expect(await dispatch()).toEqual({ sent: 2, failed: 0 });
    const [alert] = messagesTo(ZHOUJIE, beforeAlerts);
    expect(alert!.params.text).toContain('紧急信息 #1');
    expect(buttonsOf(alert!)).toEqual([
      { text: '确认收到', data: 'urgent:ack:1' },
      { text: '电话确认结束', data: 'urgent:close:1' },
    ]);
    expect(buttonsOf(messagesTo(CHENJING, beforeAlerts)[0]!)).toEqual([]);

    app.clock.set('2026-11-20T06:05:00Z'); // 14:05
    const beforePress = fake.calls.length;
    fake.pushCallback(ZHOUJIE, 'urgent:ack:1');
    await fake.waitFor('answerCallbackQuery', 5000, beforePress);
    const answered = await fake.waitFor(sentTo(ZHOUJIE), 5000, beforePress);
    expect(answered.params.text).toBe('已确认收到 #1，已告知报告人。');
    expect(await dispatch()).toEqual({ sent: 1, failed: 0 });
    expect(messagesTo(ZHANGWEI, beforePress).map((call) => call.params.text)).toEqual(['#1 已由 周杰 于 14:05 确认收到。']);

    // A second press: one sentence, nothing sent to anyone else.
    const beforeSecond = fake.calls.length;
    fake.pushCallback(ZHOUJIE, 'urgent:ack:1');
    expect((await fake.waitFor(sentTo(ZHOUJIE), 5000, beforeSecond)).params.text).toBe('紧急信息 #1 已由 周杰 于 2026-11-20 14:05 确认收到，无需重复确认。');
    expect(await dispatch()).toEqual({ sent: 0, failed: 0 });
    expect(fake.calls.slice(beforeSecond).filter((call) => call.method === 'sendMessage')).toHaveLength(1);
  });

  it('a forged press by the reporter is refused in one sentence', async () => {
    await say(fake, ZHANGWEI, '/urgent 周党镇发生山体滑坡');
    await dispatch();
    const before = fake.calls.length;
    fake.pushCallback(ZHANGWEI, 'urgent:ack:1');
    expect((await fake.waitFor(sentTo(ZHANGWEI), 5000, before)).params.text).toBe('只有值班室可以确认收到紧急信息。');
    expect(await app.store.urgent.byId(1)).toMatchObject({ acknowledgedAt: null });
  });

  it('a phone report logged one-shot reaches the unit’s reporter with its number', async () => {
    expect((await say(fake, ZHOUJIE, '/urgent for luoshan @09:40 [重大] 周党镇发生山体滑坡')).params.text).toContain('#1');
    const before = fake.calls.length;
    expect(await dispatch()).toEqual({ sent: 2, failed: 0 });
    expect(messagesTo(ZHANGWEI, before)[0]!.params.text).toContain('值班室已登记 罗山县政府办 的电话报告 #1');
    expect(messagesTo(CHENJING, before)[0]!.params.text).toContain('电话报告（2026-11-20 09:40 来电）');
  });
});
