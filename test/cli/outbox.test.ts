import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { text } from '../../src/domain/notify/message.ts';
import { xinbao } from '../support/run.ts';
import { createTestApp, type TestApp } from '../support/testApp.ts';

/** `xinbao outbox`: the messages not sent, and queuing dead ones again. */
describe('xinbao outbox', () => {
  let app: TestApp;
  let env: Record<string, string>;

  beforeEach(async () => {
    app = await createTestApp();
    env = { DATABASE_URL: app.config.databaseUrl };
  });

  afterEach(async () => {
    await app?.dispose();
  });

  const queue = async (title: string, lane: 'urgent' | 'bulk') => {
    await app.store.outbox.enqueue({
      personId: null,
      platform: 'telegram',
      chatId: '900',
      message: { title: text(title), lines: [] },
      at: app.clock.now(),
      lane,
    });
    return (await app.db.outboxMessage.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
  };

  it('lists what is not sent, as JSON too, and queues every dead message again with --dead', async () => {
    expect((await xinbao(['outbox', 'list'], { env })).stdout).toBe('Every message has been sent.\n');
    const waiting = await queue('一条紧急消息', 'urgent');
    const dead = [await queue('通报一', 'bulk'), await queue('通报二', 'bulk')];
    for (const id of dead) await app.store.outbox.markDead(id, 'telegram sendMessage: 400 Bad Request');

    const listed = await xinbao(['outbox', 'list', '--json'], { env });
    expect(listed.code).toBe(0);
    const { messages } = JSON.parse(listed.stdout) as { messages: { id: number; status: string; lane: string; what: string }[] };
    expect(messages.map((m) => [m.id, m.status, m.lane, m.what])).toEqual([
      [waiting, 'pending', 'urgent', '一条紧急消息'],
      [dead[0], 'dead', 'bulk', '通报一'],
      [dead[1], 'dead', 'bulk', '通报二'],
    ]);

    expect(await xinbao(['outbox', 'retry', '--dead'], { env })).toMatchObject({
      code: 0,
      stdout: '2 dead message(s) queued again; the running service sends them.\n',
    });
    expect(await app.store.outbox.counts()).toEqual({ pending: 3, sent: 0, dead: 0 });
    expect((await app.store.audit.list()).at(-1)).toMatchObject({ actor: 'cli', action: 'outbox.retry', subject: 'outbox:dead', after: { messages: 2 } });
  });

  it('answers a wrong argument with one sentence and changes nothing', async () => {
    const waiting = await queue('一条紧急消息', 'urgent');
    const notANumber = await xinbao(['outbox', 'retry', 'abc'], { env });
    expect(notANumber.code).toBe(2);
    expect(notANumber.stderr.split('\n')[0]).toBe('xinbao: write xinbao outbox retry ID (a number that outbox list shows) or xinbao outbox retry --dead');
    const unknown = await xinbao(['outbox', 'retry', '999'], { env });
    expect(unknown).toMatchObject({ code: 1, stderr: 'xinbao: there is no outbox message 999; xinbao outbox list shows their numbers.\n' });
    const pending = await xinbao(['outbox', 'retry', String(waiting)], { env });
    expect(pending).toMatchObject({
      code: 1,
      stderr: `xinbao: message ${waiting} is still waiting to be sent; only a dead or cancelled message can be queued again.\n`,
    });
    expect(await app.store.audit.list()).toEqual([]);
  });
});
