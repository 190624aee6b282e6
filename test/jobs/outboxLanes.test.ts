import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestApp, type TestApp } from '../support/testApp.ts';
import { declare, dispatcherFor, outboxApp, setUpOrg, T0 } from '../support/outboxOffice.ts';
import { openApp, type App } from '../../src/app.ts';
import type { Sender } from '../../src/domain/notify/sender.ts';
import { text } from '../../src/domain/notify/message.ts';
import type { Lane } from '../../src/domain/notify/port.ts';

/** What reached the platform, in the order the sends started: `chatId title`. */
function recordingSender(sent: string[], delayMs = 0): Sender {
  return {
    platform: 'telegram',
    async send(chatId, reply) {
      sent.push(`${chatId} ${reply.title ?? reply.lines[0]}`);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    },
  };
}

/** Queues one message titled `title` to `chatId` in `lane`, as a use case would. */
const queue = (app: App, chatId: string, title: string, lane: Lane) =>
  app.store.outbox.enqueue({ personId: null, platform: 'telegram', chatId, message: { title: text(title), lines: [] }, at: new Date(T0), lane });

/** A circular's worth of bulk messages, one per chat (chats 10000, 10001 …), in the statements a circular uses. */
const queueBulk = (app: App, count: number, label = 'circular') =>
  app.store.outbox.enqueueAll(
    Array.from({ length: count }, (_, i) => ({
      personId: null,
      platform: 'telegram',
      chatId: String(10000 + i),
      message: { title: text(label), lines: [] },
      at: new Date(T0),
      lane: 'bulk' as const,
    })),
  );

const isUrgent = (line: string) => line.includes('🚨');
const isBulk = (line: string) => /^1\d{4} /.test(line);

let app: TestApp;

const seededApp = outboxApp();

beforeEach(async () => {
  app = await seededApp();
});

afterEach(async () => {
  await app?.dispose();
});

describe('outbox lanes', () => {
  it('the domain queues an urgent alert in the urgent lane', async () => {
    await declare(app);
    const rows = await app.db.outboxMessage.findMany();
    expect(rows.map((row) => row.priority)).toEqual([0, 0]);
  });

  it('an urgent alert queued after 500 bulk messages is sent before them', async () => {
    await queueBulk(app, 500);
    await declare(app);
    const sent: string[] = [];
    const dispatcher = dispatcherFor(app, [recordingSender(sent)]);
    for (let pass = 0; pass < 200 && sent.length < 502; pass += 1) await dispatcher.dispatchOnce();
    expect(sent).toHaveLength(502);
    expect(new Set(sent).size).toBe(502);
    // The two alerts (editor and duty officer) go first; by id they would have been last.
    expect(sent.slice(0, 2).every(isUrgent)).toBe(true);
    expect(sent.slice(2).every(isBulk)).toBe(true);
  });

  it('an urgent alert queued while a circular is going out waits for at most one short pass', async () => {
    await queueBulk(app, 500);
    const sent: string[] = [];
    const dispatcher = dispatcherFor(app, [recordingSender(sent, 1)], { bulkBatch: 16 });
    dispatcher.start(5);
    try {
      for (let i = 0; i < 500 && sent.length < 50; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
      await declare(app);
      // Counted once the alert is queued: how long declaring takes is not the dispatcher's doing.
      const before = sent.length;
      for (let i = 0; i < 2000 && sent.length < 502; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(sent).toHaveLength(502);
      const alerts = sent.flatMap((line, index) => (isUrgent(line) ? [index] : []));
      expect(alerts).toHaveLength(2);
      // At most the rest of the pass in flight (16 bulk) and the next pass's 16 bulk started first.
      for (const index of alerts) expect(index).toBeLessThan(before + 2 * 16 + 2);
      expect(sent.slice(Math.max(...alerts)).filter(isBulk).length).toBeGreaterThan(400);
    } finally {
      await dispatcher.stop();
    }
  });

  it('a claim takes the most urgent lane first and at most its bulk limit of bulk messages', async () => {
    await queueBulk(app, 50);
    await queue(app, '900', 'normal A', 'normal');
    await declare(app);
    const claimed = await app.store.outbox.claimDue(new Date(T0), new Date(Date.parse(T0) + 60_000), 100, 5);
    expect(claimed.map((row) => row.lane)).toEqual(['urgent', 'urgent', 'normal', 'bulk', 'bulk', 'bulk', 'bulk', 'bulk']);
    expect(claimed.filter((row) => row.lane === 'bulk').map((row) => row.chatId)).toEqual(['10000', '10001', '10002', '10003', '10004']);
  });

  it('keeps a chat’s order within a lane, and the most urgent lane goes first', async () => {
    await queue(app, '900', 'bulk A', 'bulk');
    await queue(app, '900', 'normal A', 'normal');
    await queue(app, '900', 'bulk B', 'bulk');
    await queue(app, '900', 'urgent A', 'urgent');
    await queue(app, '900', 'reply A', 'reply');
    await queue(app, '900', 'normal B', 'normal');
    await queue(app, '900', 'urgent B', 'urgent');
    await queue(app, '900', 'bulk C', 'bulk');
    const sent: string[] = [];
    const dispatcher = dispatcherFor(app, [recordingSender(sent)], { bulkBatch: 1 });
    for (let pass = 0; pass < 10; pass += 1) await dispatcher.dispatchOnce();
    expect(sent).toEqual(['urgent A', 'urgent B', 'reply A', 'normal A', 'normal B', 'bulk A', 'bulk B', 'bulk C'].map((title) => `900 ${title}`));
  });

  it('an urgent message to a chat is not held back by an earlier bulk message to it that is leased or waiting for a retry', async () => {
    await queue(app, '900', 'bulk A', 'bulk');
    await queue(app, '900', 'bulk B', 'bulk');
    // Another dispatcher, alive on another host, holds the lease on bulk A (sending it).
    await app.store.dispatchers.beat({ id: 'other', host: 'other-host', pid: 1, startedAt: new Date(T0), beatAt: new Date(T0) });
    expect((await app.store.outbox.claimDue(new Date(T0), new Date(Date.parse(T0) + 60_000), 1, 1, 'other')).map((row) => row.lane)).toEqual(['bulk']);
    await queue(app, '900', 'urgent A', 'urgent');
    await queue(app, '900', 'bulk C', 'bulk');
    const sent: string[] = [];
    const dispatcher = dispatcherFor(app, [recordingSender(sent)]);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 1, failed: 0 });
    // Bulk B and C wait for bulk A, in order.
    expect(sent).toEqual(['900 urgent A']);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
    app.clock.advance(60_000);
    await dispatcher.dispatchOnce();
    expect(sent).toEqual(['900 urgent A', '900 bulk A', '900 bulk B', '900 bulk C']);
  });

  it('two dispatchers on one database send each message once, by lane', async () => {
    const first = await createTestApp();
    first.clock.set(T0);
    await setUpOrg(first);
    await queueBulk(first, 200);
    for (let i = 0; i < 20; i += 1) await queue(first, String(10000 + (i % 5)), `normal ${i}`, 'normal');
    await declare(first);
    const second = await openApp(first.config, first.clock);
    try {
      const sent: string[] = [];
      const jitter = () => Math.floor(Math.random() * 3);
      const sender = (): Sender => ({
        platform: 'telegram',
        async send(chatId, reply) {
          sent.push(`${chatId} ${reply.title ?? ''}`);
          await new Promise((resolve) => setTimeout(resolve, jitter()));
        },
      });
      const a = dispatcherFor(first, [sender()], { batch: 10, bulkBatch: 4 });
      const b = dispatcherFor(second, [sender()], { batch: 10, bulkBatch: 4 });
      for (let round = 0; round < 100 && sent.length < 222; round += 1) await Promise.all([a.dispatchOnce(), b.dispatchOnce()]);
      expect(sent).toHaveLength(222);
      expect(new Set(sent).size).toBe(222);
      expect(await first.store.outbox.counts()).toEqual({ pending: 0, sent: 222, dead: 0 });
      // Within the normal lane each chat's messages went in order.
      for (let chat = 0; chat < 5; chat += 1) {
        const titles = sent.filter((line) => line.startsWith(`${10000 + chat} normal`)).map((line) => Number(line.split(' ')[2]));
        expect(titles).toEqual([...titles].sort((x, y) => x - y));
      }
    } finally {
      await second.close();
      await first.dispose();
    }
  });
});
