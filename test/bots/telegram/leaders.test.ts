/**
 * Leaders' notices through Telegram against the fake Bot API: a unit's feedback reaches the
 * leader's chat through the outbox with its two buttons; the read button shows the instruction
 * with its feedback; the stop button turns the notices off, so the next feedback sends nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TelegramBot } from '../../../src/bots/telegram/createTelegramBot.ts';
import { createDispatcher } from '../../../src/jobs/dispatcher.ts';
import { buttonsOf, createHarness, say, sentTo, type Harness, press as pressButton, startChats } from './harness.ts';

const ZHANGWEI = 1001;
const CHENJING = 1004;
const HUANGMIN = 1005;
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';

let h: Harness;
let tg: TelegramBot;

/** Sends what the outbox holds, through the bot's sender. */
const dispatch = () => createDispatcher({ store: h.app.store, clock: h.app.clock, senders: [tg.sender], defaultLocale: 'zh-CN' }).dispatchOnce();

const press = (userId: number, data: string) => pressButton(h.fake, userId, data);

beforeEach(async () => {
  h = await createHarness();
  tg = h.newBot('polling');
  await tg.start();
  await startChats(h, [
    ['zhangwei', ZHANGWEI],
    ['chenjing', CHENJING],
    ['huangmin', HUANGMIN],
  ]);
});

afterEach(async () => {
  await h?.close();
});

describe('a leader’s feedback notices on Telegram', () => {
  it('the feedback arrives in the leader’s chat with its buttons; read shows the feedback; stop ends the notices', async () => {
    const submitted = await say(h.fake, ZHANGWEI, `/submit 罗山县推进秋冬种\n${BODY}`);
    const itemId = Number(/#(\d+)/.exec(String(submitted.params.text))?.[1]);
    const recorded = await say(h.fake, CHENJING, `/instruct #${itemId} 黄敏: 经验很好，请总结推广。`);
    const id = Number(/的批示 #(\d+)/.exec(String(recorded.params.text))?.[1]);
    expect(id).toBeGreaterThan(0);
    await dispatch();
    await say(h.fake, ZHANGWEI, `/feedback #${id} 已召开专题会议部署。`);
    const from = h.fake.calls.length;
    await dispatch();
    const notices = h.fake.calls.slice(from).filter(sentTo(HUANGMIN));
    expect(notices).toHaveLength(1);
    const notice = notices[0]!;
    expect(notice.params.text).toContain('<b>💬 您的批示有新反馈：罗山县政府办</b>');
    expect(notice.params.text).toContain('反馈内容：已召开专题会议部署。');
    expect(buttonsOf(notice)).toEqual([
      { text: '查看批示和全部反馈', data: `instruction:read:${id}` },
      { text: '不再接收反馈通知', data: 'notices:feedback:off' },
    ]);

    const detail = await press(HUANGMIN, `instruction:read:${id}`);
    expect(detail.params.text).toContain('张伟：已召开专题会议部署。');

    const stopped = await press(HUANGMIN, 'notices:feedback:off');
    expect(stopped.params.text).toContain('不再向您发送批示反馈通知');
    expect(buttonsOf(stopped)).toEqual([{ text: '恢复接收', data: 'notices:feedback:on' }]);

    await say(h.fake, ZHANGWEI, `/feedback #${id} 已全部落实。`);
    const later = h.fake.calls.length;
    await dispatch();
    expect(h.fake.calls.slice(later).filter(sentTo(HUANGMIN))).toEqual([]);
    expect(h.fake.calls.slice(later).filter(sentTo(CHENJING))).toHaveLength(1);
  });
});
