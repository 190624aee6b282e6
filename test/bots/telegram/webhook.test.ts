/**
 * The Telegram bot in webhook mode, mounted at /telegram on the project's HTTP server: the
 * secret token header is required, redeliveries send nothing, and a fault reaches the person as
 * the catalog's sentence only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TelegramBot } from '../../../src/bots/telegram/createTelegramBot.ts';
import { createHttpApp, listen } from '../../../src/server/httpServer.ts';
import type { Update } from 'grammy/types';
import { createHarness, SECRET, TOKEN, type Harness } from './harness.ts';

const USER = 2001;

let h: Harness;
let tg: TelegramBot;
let server: Awaited<ReturnType<typeof listen>>;

const post = (path: string, update: Update, secret?: string) =>
  fetch(`http://127.0.0.1:${server.port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: JSON.stringify(update),
  });

const bound = async (code: string) => h.app.store.people.isBound((await h.app.store.people.byCode(code))!.id);

beforeEach(async () => {
  h = await createHarness();
  tg = h.newBot('webhook');
  const fault = async (): Promise<never> => {
    throw new Error(`database is locked (token ${TOKEN})`);
  };
  const broken = h.newBot('webhook', { ...h.engine, handle: fault, serve: fault });
  await tg.start();
  await broken.start();
  const app = createHttpApp();
  app.use('/telegram', tg.webhook!);
  app.use('/telegram-broken', broken.webhook!);
  server = await listen(app, 0, '127.0.0.1');
});

afterEach(async () => {
  await server?.close();
  await h?.close();
});

describe('the Telegram bot behind a webhook', () => {
  it('registers the webhook with its secret and the updates it wants on start', () => {
    const [setWebhook] = h.fake.callsTo('setWebhook');
    expect(setWebhook?.params).toMatchObject({
      url: 'https://xinbao.example.org/telegram',
      secret_token: SECRET,
      allowed_updates: ['message', 'callback_query'],
    });
    expect(h.fake.callsTo('getUpdates')).toEqual([]);
  });

  it('answers 401 without the right secret header and handles nothing', async () => {
    const update = h.fake.pushText(USER, `/start ${h.invites.zhangwei}`);
    expect((await post('/telegram', update)).status).toBe(401);
    expect((await post('/telegram', update, 'not-the-secret')).status).toBe(401);
    expect(h.fake.callsTo('sendMessage')).toEqual([]);
    expect(await bound('zhangwei')).toBe(false);
  });

  it('handles an update with the secret header, and sends nothing for its redelivery', async () => {
    const update = h.fake.pushText(USER, `/start ${h.invites.zhangwei}`);
    const response = await post('/telegram', update, SECRET);
    expect(response.status).toBe(200);
    const [welcome] = h.fake.callsTo('sendMessage');
    expect(welcome?.params).toMatchObject({ chat_id: USER, parse_mode: 'HTML' });
    expect(welcome?.params.text).toContain('张伟，您好');
    expect(await bound('zhangwei')).toBe(true);

    const menu = h.fake.callsTo('setMyCommands').find((call) => call.params.scope?.type === 'chat');
    expect(menu?.params.scope).toEqual({ type: 'chat', chat_id: USER });

    expect((await post('/telegram', update, SECRET)).status).toBe(200);
    expect(h.fake.callsTo('sendMessage')).toHaveLength(1);
  });

  it('gives the person the catalog’s sentence for a fault, never the error or the token', async () => {
    const before = h.fake.calls.length;
    const response = await post('/telegram-broken', h.fake.pushText(USER, '/mine'), SECRET);
    expect(response.status).toBe(200);
    const sent = h.fake.calls.slice(before).filter((call) => call.method === 'sendMessage');
    expect(sent.map((call) => call.params.text)).toEqual(['系统暂时出错，您的操作没有保存，请稍后再试。']);
    expect(h.logs.join('\n')).toContain('database is locked (token <token>)');
    expect(h.logs.join('\n')).not.toContain(TOKEN);
  });

  it('refuses new requests once stopped, so Telegram delivers them to the next instance', async () => {
    await tg.stop();
    expect((await post('/telegram', h.fake.pushText(USER, '/help'), SECRET)).status).toBe(503);
  });
});
