/**
 * Telegram long polling that another caller of the same bot interrupts (409 Conflict) or that a
 * refusal stops (401), stopped and begun again as the polling lease comes and goes
 * (docs/instances.md), against the fake Bot API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TelegramBot } from '../../../src/bots/telegram/createTelegramBot.ts';
import { createHarness, say, type Harness } from './harness.ts';

const ZHANGWEI = 1001;
const CONFLICT = { error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' };

let h: Harness;
let tg: TelegramBot;

beforeEach(async () => {
  h = await createHarness();
  tg = h.newBot('polling');
});

afterEach(async () => {
  await h?.close();
});

describe('long polling and other pollers', () => {
  it('says a 409 Conflict once and stops polling without failing, and polls again when asked', async () => {
    await tg.start();
    await say(h.fake, ZHANGWEI, `/start ${h.invites.zhangwei}`);
    // The next two getUpdates calls are refused as Telegram refuses a second poller.
    h.fake.failNext('getUpdates', CONFLICT, 2);
    h.fake.pushText(ZHANGWEI, '/help');
    await h.fake.waitFor((call) => call.method === 'getUpdates' && h.fake.callsTo('getUpdates').indexOf(call) >= 2);
    await expect.poll(() => h.logs.filter((line) => line.includes('409 Conflict'))).toHaveLength(1);
    expect(JSON.parse(h.logs.find((line) => line.includes('409 Conflict'))!)).toMatchObject({
      level: 'error',
      component: 'telegram',
      msg: '409 Conflict: another process is polling Telegram with this bot token (only one may at a time); this one stops polling (docs/instances.md)',
    });
    // Stopped: what comes now waits at Telegram.
    const calls = h.fake.callsTo('getUpdates').length;
    const waiting = h.fake.pushText(ZHANGWEI, '/whoami');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.fake.callsTo('getUpdates')).toHaveLength(calls);
    expect(h.fake.pendingUpdates()).toContainEqual(waiting);

    // Begun again, as the lease's holder does at each renewal: refused once more (not said
    // again), then polling until everything waiting is taken and answered.
    await expect
      .poll(
        async () => {
          await tg.poll();
          return h.fake.pendingUpdates().length;
        },
        { timeout: 10_000 },
      )
      .toBe(0);
    expect(h.fake.callsTo('getUpdates').length).toBeGreaterThan(calls);
    await say(h.fake, ZHANGWEI, '/help');
    expect(h.logs.filter((line) => line.includes('409'))).toHaveLength(1);
    expect(h.logs.filter((line) => line.includes('long polling stopped'))).toEqual([]);
  });

  it('says once that polling stopped on another refusal (a revoked token), however often it is begun again', async () => {
    await tg.start();
    await say(h.fake, ZHANGWEI, `/start ${h.invites.zhangwei}`);
    h.fake.failNext('getUpdates', { error_code: 401, description: 'Unauthorized' }, 3);
    h.fake.pushText(ZHANGWEI, '/help');
    await expect
      .poll(
        async () => {
          await tg.poll();
          return h.fake.pendingUpdates().length;
        },
        { timeout: 10_000 },
      )
      .toBe(0);
    const stopped = h.logs.filter((line) => line.includes('long polling stopped')).map((line) => JSON.parse(line));
    expect(stopped).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'long polling stopped',
        err: expect.objectContaining({ message: "Call to 'getUpdates' failed! (401: Unauthorized)" }),
      }),
    ]);
  });

  it('stops polling when asked and leaves what comes after at Telegram, for the next poller', async () => {
    await tg.start({ poll: false });
    expect(h.fake.callsTo('getUpdates')).toEqual([]);
    await tg.poll();
    await say(h.fake, ZHANGWEI, `/start ${h.invites.zhangwei}`);
    await tg.stopPolling();
    const left = h.fake.pushText(ZHANGWEI, '/help');
    expect(h.fake.pendingUpdates()).toEqual([left]);
    // Another poller (here the same bot again) takes it.
    await tg.poll();
    await h.fake.waitFor((call) => call.method === 'sendMessage' && call.params.chat_id === ZHANGWEI && h.fake.pendingUpdates().length === 0);
  });
});
