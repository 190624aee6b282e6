/**
 * Updates in, under pressure, over real long polling and a real webhook against the fake Bot API:
 * chats are handled at once and each in order, a stranger's flood is cut off without a write, an
 * update that may write is kept before Telegram is told it arrived, and a locked database makes
 * the person wait rather than lose what they sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TelegramBot } from '../../../src/bots/telegram/createTelegramBot.ts';
import { createHttpApp, listen } from '../../../src/server/httpServer.ts';
import { listenToStatements } from '../../../src/store/client.ts';
import { lockDatabase } from '../../support/sqliteLock.ts';
import { until } from '../../support/wait.ts';
import { createHarness, SECRET, say, sentTo, type Harness } from './harness.ts';

/** Every SQL statement the apps of this file prepare, in order. */
const statements: string[] = [];
listenToStatements((sql) => statements.push(sql));
const writes = () => statements.filter((sql) => /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql));

const ZHANGWEI = 1001;
const LISI = 1002;
const STRANGER = 3003;
const TITLE = '罗山县开展冬季消防安全大检查';
const BODY = '罗山县组织消防、应急等部门对全县人员密集场所开展冬季消防安全大检查。';

let h: Harness;
let tg: TelegramBot;

const itemsTitled = async (title: string) => h.app.db.item.count({ where: { title } });
const textsTo = (chatId: number) =>
  h.fake
    .callsTo('sendMessage')
    .filter(sentTo(chatId))
    .map((call) => String(call.params.text));

/** Every update taken so far is handled and out of the inbox. */
const inboxEmpty = () => until(async () => (await h.app.db.inboundUpdate.count()) === 0, 'the inbox emptied');

beforeEach(async () => {
  h = await createHarness();
});

afterEach(async () => {
  await h?.close();
});

describe('updates over long polling', () => {
  beforeEach(async () => {
    tg = h.newBot('polling');
    await tg.start();
    await say(h.fake, ZHANGWEI, `/start ${h.invites.zhangwei}`);
    await say(h.fake, LISI, `/start ${h.invites.lisi}`);
    await inboxEmpty();
  });

  it('answers another chat while one chat waits, and keeps each chat’s replies in order', async () => {
    const release = h.fake.holdChat(ZHANGWEI);
    const from = h.fake.calls.length;
    for (const text of ['/help', '/status', '/mine']) h.fake.pushText(ZHANGWEI, text);
    h.fake.pushText(LISI, '/status');
    await h.fake.waitFor(sentTo(LISI), 5000, from);
    // 张伟's first reply is held at the fake; his next updates wait behind it, in his chat only.
    expect(h.fake.calls.slice(from).filter(sentTo(ZHANGWEI))).toHaveLength(1);
    release();
    await h.fake.waitFor(() => h.fake.calls.slice(from).filter(sentTo(ZHANGWEI)).length === 3);
    const replies = h.fake.calls
      .slice(from)
      .filter(sentTo(ZHANGWEI))
      .map((call) => String(call.params.text));
    expect(replies[0]).toContain('/submit');
    expect(replies[1]).toContain('罗山县政府办');
    expect(replies[2]).toMatch(/报送|信息/);
  });

  it('cuts off a stranger’s flood without a single write, says so once, and still answers a reporter', async () => {
    statements.length = 0;
    const processedBefore = await h.app.db.processedUpdate.count();
    for (let n = 0; n < 60; n += 1) h.fake.pushText(STRANGER, `你好 ${n}`);
    const from = h.fake.calls.length;
    h.fake.pushText(ZHANGWEI, '/status');
    await h.fake.waitFor(sentTo(ZHANGWEI), 5000, from);
    // The replies to the stranger are paced (one chat, one at a time): wait for all of them.
    await h.fake.waitFor(() => textsTo(STRANGER).length >= 21, 10_000);
    await until(async () => h.fake.pendingUpdates().length === 0);
    expect(writes()).toEqual([]);
    expect(await h.app.db.processedUpdate.count()).toBe(processedBefore);
    expect(await h.app.db.inboundUpdate.count()).toBe(0);
    const toStranger = textsTo(STRANGER);
    expect(toStranger.filter((text) => text.includes('太快'))).toHaveLength(1);
    // The first 20 in the window are answered (with how to bind); the other 40 are dropped unread.
    expect(toStranger).toHaveLength(21);
  });

  it('writes nothing for a read-only command, and keeps a submission only until it is handled', async () => {
    statements.length = 0;
    await say(h.fake, ZHANGWEI, '/status');
    expect(writes()).toEqual([]);

    statements.length = 0;
    await say(h.fake, ZHANGWEI, `/submit ${TITLE}\n${BODY}`);
    expect(writes().some((sql) => sql.includes('INSERT INTO "InboundUpdate"'))).toBe(true);
    await inboxEmpty();
    expect(writes().some((sql) => /DELETE FROM .*InboundUpdate/.test(sql))).toBe(true);
    expect(await itemsTitled(TITLE)).toBe(1);
  });

  it('takes a submission that arrives while the database is locked once the lock is gone, exactly once', async () => {
    const release = lockDatabase(h.app.dir);
    const from = h.fake.calls.length;
    h.fake.pushText(ZHANGWEI, `/submit ${TITLE}\n${BODY}`);
    // Longer than the 5 s busy timeout: keeping the update fails, so it is not confirmed and is fetched again.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(h.fake.calls.slice(from).filter(sentTo(ZHANGWEI))).toEqual([]);
    expect(h.fake.pendingUpdates()).toHaveLength(1);
    release();
    await h.fake.waitFor(sentTo(ZHANGWEI), 10_000, from);
    expect(await itemsTitled(TITLE)).toBe(1);
    expect(h.logs.join('\n')).toContain('asking for them again');
    await until(async () => h.fake.pendingUpdates().length === 0);
    expect(h.fake.calls.slice(from).filter(sentTo(ZHANGWEI))).toHaveLength(1);
  }, 30_000);
});

describe('updates kept across a restart', () => {
  it('handles what an earlier run kept but did not finish, once, before anything new', async () => {
    const first = h.newBot('polling');
    await first.start();
    await say(h.fake, ZHANGWEI, `/start ${h.invites.zhangwei}`);
    await first.stop();
    // An update kept in the inbox and confirmed to Telegram, by a run that died before handling it.
    const update = h.fake.pushText(ZHANGWEI, `/submit ${TITLE}\n${BODY}`);
    h.fake.reset();
    await h.app.db.inboundUpdate.create({
      data: { platform: 'telegram', updateId: String(update.update_id), chatId: String(ZHANGWEI), payload: JSON.stringify(update) },
    });

    const second = h.newBot('polling');
    await second.start();
    const receipt = await h.fake.waitFor(sentTo(ZHANGWEI));
    expect(String(receipt.params.text)).toContain(TITLE);
    expect(await itemsTitled(TITLE)).toBe(1);
    await inboxEmpty();
  });

  it('hands an update that met a busy database to the engine again, without telling the person it failed', async () => {
    let busy = 1;
    const engine = {
      ...h.engine,
      serve: (event: Parameters<typeof h.engine.serve>[0]) => (busy-- > 0 ? Promise.reject(new Error('Operation has timed out')) : h.engine.serve(event)),
    };
    const bot = h.newBot('polling', engine);
    await bot.start();
    await say(h.fake, ZHANGWEI, `/start ${h.invites.zhangwei}`);
    expect(await h.app.store.people.isBound((await h.app.store.people.byCode('zhangwei'))!.id)).toBe(true);
    expect(textsTo(ZHANGWEI).some((text) => text.includes('系统暂时出错'))).toBe(false);
    expect(h.logs.join('\n')).toContain('handled again shortly');
  });
});

describe('updates through the webhook', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`http://127.0.0.1:${server.port}/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  beforeEach(async () => {
    tg = h.newBot('webhook');
    await tg.start();
    const app = createHttpApp();
    app.use('/telegram', tg.webhook!);
    server = await listen(app, 0, '127.0.0.1');
  });

  afterEach(async () => {
    await server?.close();
  });

  it.each([
    ['malformed JSON without the secret', '{"update_id": 1,', {}, 401],
    ['malformed JSON with the secret', '{"update_id": 1,', { 'x-telegram-bot-api-secret-token': SECRET }, 400],
    ['an oversize body', JSON.stringify({ update_id: 1, message: { text: 'x'.repeat(2_000_000) } }), { 'x-telegram-bot-api-secret-token': SECRET }, 413],
    ['the wrong content type', '{"update_id": 1}', { 'x-telegram-bot-api-secret-token': SECRET, 'content-type': 'text/plain' }, 415],
    ['no update id', '{"message": {}}', { 'x-telegram-bot-api-secret-token': SECRET }, 400],
  ])('refuses %s with a bare status, storing nothing', async (_name, body, headers, status) => {
    const response = await post(body, headers);
    expect(response.status).toBe(status);
    expect(await response.text()).toBe('');
    expect(await h.app.db.inboundUpdate.count()).toBe(0);
    expect(h.logs.join('\n')).not.toContain('x'.repeat(100));
  });

  it('answers 503 while the database is locked, and takes the redelivered update once', async () => {
    const update = h.fake.pushText(ZHANGWEI, `/start ${h.invites.zhangwei}`);
    const release = lockDatabase(h.app.dir);
    const refused = await post(JSON.stringify(update), { 'x-telegram-bot-api-secret-token': SECRET });
    expect(refused.status).toBe(503);
    expect(await refused.text()).toBe('');
    release();
    // Telegram delivers it again, twice even: bound once, welcomed once.
    expect((await post(JSON.stringify(update), { 'x-telegram-bot-api-secret-token': SECRET })).status).toBe(200);
    expect((await post(JSON.stringify(update), { 'x-telegram-bot-api-secret-token': SECRET })).status).toBe(200);
    expect(await h.app.store.people.isBound((await h.app.store.people.byCode('zhangwei'))!.id)).toBe(true);
    expect(textsTo(ZHANGWEI)).toHaveLength(1);
  }, 20_000);
});
