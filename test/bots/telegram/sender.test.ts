/**
 * The Telegram Sender (messages outside a conversation) against the fake Bot API: replies as
 * HTML, files as documents, and Telegram's refusals as SendError the outbox can act on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sender } from '../../../src/domain/notify/sender.ts';
import { SendError } from '../../../src/domain/notify/sender.ts';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegramServer.ts';
import { createTestApp, type TestApp } from '../../support/testApp.ts';
import { senderOn, TOKEN } from './harness.ts';

let fake: FakeTelegram;
let app: TestApp;
let sender: Sender;

beforeEach(async () => {
  fake = await startFakeTelegram();
  app = await createTestApp();
  sender = senderOn(app, fake);
});

afterEach(async () => {
  await fake?.close();
  await app?.dispose();
});

const refusal = (error: unknown) => {
  expect(error).toBeInstanceOf(SendError);
  const e = error as SendError;
  return { retryAfterMs: e.retryAfterMs, permanent: e.permanent };
};

describe('the Telegram sender', () => {
  it('sends a reply to a stored chat id as HTML', async () => {
    expect(sender.platform).toBe('telegram');
    await sender.send('3001', { title: '紧急 <通知>', lines: ['请于今日 17:00 前报送。'] });
    const [call] = fake.callsTo('sendMessage');
    expect(call?.params).toMatchObject({ chat_id: 3001, parse_mode: 'HTML', text: '<b>紧急 &lt;通知&gt;</b>\n请于今日 17:00 前报送。' });
  });

  it('sends a file as a document with its name', async () => {
    await sender.send('3001', { lines: ['2026年11月报表'], file: { name: 'report.xlsx', mime: 'application/octet-stream', data: new Uint8Array(10) } });
    const [call] = fake.callsTo('sendDocument');
    expect(call?.files).toMatchObject([{ field: 'document', filename: 'report.xlsx', size: 10 }]);
    expect(call?.params.caption).toBe('2026年11月报表');
  });

  it('gives up for good on a chat that blocked the bot or does not exist', async () => {
    fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(refusal(await sender.send('3002', { lines: ['x'] }).catch((e: unknown) => e))).toEqual({ retryAfterMs: undefined, permanent: true });
    fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    expect(refusal(await sender.send('3003', { lines: ['x'] }).catch((e: unknown) => e))).toEqual({ retryAfterMs: undefined, permanent: true });
  });

  it('asks the outbox to wait out a long flood wait instead of waiting itself', async () => {
    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 40', parameters: { retry_after: 40 } });
    const started = Date.now();
    const error = await sender.send('3004', { lines: ['x'] }).catch((e: unknown) => e);
    expect(refusal(error)).toEqual({ retryAfterMs: 40_000, permanent: false });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('retries a network failure and the message arrives', async () => {
    fake.failNextNetwork('sendMessage');
    await sender.send('3005', { lines: ['网络恢复后送达'] });
    expect(fake.sentMessages(3005).map((message) => message.text)).toEqual(['网络恢复后送达']);
  });

  it('paces messages to one chat: one at a time, in order', async () => {
    const texts = ['一', '二', '三', '四', '五'];
    const toChat = () => fake.callsTo('sendMessage').filter((call) => call.params.chat_id === 3007);
    // While the first is unanswered, the others wait in the bot: the fake sees one call only.
    const release = fake.holdChat(3007);
    const sending = Promise.all(texts.map((text) => sender.send('3007', { lines: [text] })));
    await fake.waitFor((call) => call.method === 'sendMessage' && call.params.chat_id === 3007);
    await sender.send('3008', { lines: ['另一个聊天不受影响'] });
    expect(toChat()).toHaveLength(1);
    release();
    await sending;
    expect(toChat().map((call) => call.params.text)).toEqual(texts);
  });

  it('reports other refusals as a SendError that may be retried', async () => {
    fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: message is too long' });
    expect(refusal(await sender.send('3006', { lines: ['x'] }).catch((e: unknown) => e))).toEqual({ retryAfterMs: undefined, permanent: false });
  });
});
