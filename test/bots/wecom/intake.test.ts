/**
 * WeCom frames in, under pressure, against the fake long connection: a stranger's flood is cut
 * off without a write, a frame that may write is kept in the inbox before it is handled (WeCom
 * never sends it again), a locked database makes the person wait rather than lose what they
 * sent, what an earlier run left in the inbox is handled at the next connection, a reply a
 * failed push kept from the person goes out through the outbox, and a connection kicked from
 * outside is made again. The counterparts of test/bots/telegram/intake.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WeComBot } from '../../../src/bots/wecom/createWeComBot.ts';
import type { ChatEngine } from '../../../src/chat/engine.ts';
import { translate } from '../../../src/i18n/catalog.ts';
import { createDispatcher } from '../../../src/jobs/dispatcher.ts';
import { listenToStatements } from '../../../src/store/client.ts';
import { isDatabaseBusy } from '../../../src/store/busy.ts';
import { FAKE_WECOM_BOT_ID, type FakeWeCom } from '../../fakes/wecomServer.ts';
import { captureLogs } from '../../support/logs.ts';
import { lockDatabase } from '../../support/sqliteLock.ts';
import type { TestApp } from '../../support/testApp.ts';
import { until } from '../../support/wait.ts';
import { type Office, pushedTo, shownText, startOffice } from './support.ts';

/** Every SQL statement the apps of this file prepare, in order. */
const statements: string[] = [];
listenToStatements((sql) => statements.push(sql));
const writes = () => statements.filter((sql) => /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql));

const TITLE = '罗山县开展冬季消防安全大检查';
const BODY = '罗山县组织消防、应急等部门对全县人员密集场所开展冬季消防安全大检查。';
const STRANGER = 'stranger-1';

let office: Office;
let wecom: FakeWeCom;
let testApp: TestApp;
let invites: Record<string, string>;
let engine: ChatEngine;
let logs: string[];
/** The bots made in this test, in order. */
const bots: WeComBot[] = [];

function newBot(options: { engine?: ChatEngine; kickedRetryMs?: number; secret?: string } = {}): WeComBot {
  const captured = captureLogs();
  logs = captured.lines;
  const bot = office.newBot({ ...options, logger: captured.logger, isTransient: isDatabaseBusy, retryBusyMs: 200 });
  bots.push(bot);
  return bot;
}

const itemsTitled = (title: string) => testApp.db.item.count({ where: { title } });
const textsTo = (chatid: string, from = 0) => pushedTo(wecom, chatid, from).map(shownText);

const inboxEmpty = () => until(async () => (await testApp.db.inboundUpdate.count()) === 0, 'the inbox emptied');

/** Sends `text` from `userid` and waits for the first message pushed to that chat after it. */
const say = (userid: string, text: string) => office.say(userid, text);

beforeEach(async () => {
  office = await startOffice();
  ({ wecom, testApp, invites, engine } = office);
});

afterEach(async () => {
  bots.length = 0;
  await office?.close();
});

describe('WeCom frames through the intake', () => {
  beforeEach(async () => {
    await newBot().connect();
    await say('zhangwei', `/start ${invites.zhangwei}`);
    await inboxEmpty();
  });

  it('cuts off a stranger’s flood without a single write, says so once, and still answers a reporter', async () => {
    const from = wecom.frames.length;
    statements.length = 0;
    const processedBefore = await testApp.db.processedUpdate.count();
    for (let i = 0; i < 30; i++) wecom.pushText(STRANGER, `/status ${i}`);
    await until(() => textsTo(STRANGER, from).length >= 21);
    expect(writes()).toEqual([]);
    expect(await testApp.db.processedUpdate.count()).toBe(processedBefore);
    expect(await testApp.db.inboundUpdate.count()).toBe(0);
    const slowDown = translate('zh-CN', 'flood.slowDown');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const toStranger = textsTo(STRANGER, from);
    expect(toStranger.filter((text) => text === slowDown)).toHaveLength(1);
    expect(toStranger).toHaveLength(21);

    const receipt = await say('zhangwei', `/submit ${TITLE}\n${BODY}`);
    expect(shownText(receipt)).toContain(TITLE);
    expect(await itemsTitled(TITLE)).toBe(1);
  });

  it('keeps a submission in the inbox until it is handled, and writes nothing for a read-only command', async () => {
    statements.length = 0;
    await say('zhangwei', '/status');
    expect(writes()).toEqual([]);

    await say('zhangwei', `/submit ${TITLE}\n${BODY}`);
    expect(writes().some((sql) => sql.includes('INSERT INTO "InboundUpdate"'))).toBe(true);
    await inboxEmpty();
    expect(writes().some((sql) => /DELETE FROM .*InboundUpdate/.test(sql))).toBe(true);
    expect(await itemsTitled(TITLE)).toBe(1);
  });

  it('takes a submission that arrives while the database is locked once the lock is gone, exactly once', async () => {
    const release = lockDatabase(testApp.dir);
    const from = wecom.frames.length;
    wecom.pushText('zhangwei', `/submit ${TITLE}\n${BODY}`);
    // Longer than the 5 s busy timeout: keeping the frame fails, so it is held and offered again.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(pushedTo(wecom, 'zhangwei', from)).toEqual([]);
    expect(logs.join('\n')).toContain('could not keep the frames; trying again');
    release();
    await until(() => pushedTo(wecom, 'zhangwei', from).length > 0);
    expect(await itemsTitled(TITLE)).toBe(1);
    await inboxEmpty();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pushedTo(wecom, 'zhangwei', from)).toHaveLength(1);
    expect(shownText(pushedTo(wecom, 'zhangwei', from)[0]!)).toContain(TITLE);
  }, 30_000);

  it('pushes a reply the connection refused later, through the outbox, once', async () => {
    const from = wecom.frames.length;
    wecom.failNext('aibot_send_msg', 1);
    wecom.pushText('zhangwei', `/submit ${TITLE}\n${BODY}`);
    await until(async () => (await testApp.db.outboxMessage.count({ where: { platform: 'wecom', chatId: 'zhangwei', priority: 1 } })) === 1);
    expect(await itemsTitled(TITLE)).toBe(1);
    const tries = () => textsTo('zhangwei', from).filter((text) => text.includes(TITLE));
    expect(tries()).toHaveLength(1);

    const dispatcher = createDispatcher({ store: testApp.store, clock: testApp.clock, senders: [bots[0]!.sender], defaultLocale: 'zh-CN' });
    await dispatcher.dispatchOnce();
    // The refused push and the one from the outbox: the same words, pushed twice, delivered once.
    expect(tries()).toHaveLength(2);
    expect(tries()[1]).toBe(tries()[0]);
    expect(await testApp.db.outboxMessage.findFirst({ where: { platform: 'wecom', chatId: 'zhangwei' } })).toMatchObject({ status: 'sent' });
    await dispatcher.dispatchOnce();
    expect(tries()).toHaveLength(2);
  });
});

describe('WeCom frames kept across a restart', () => {
  it('handles what an earlier run kept but did not finish, once, before anything new', async () => {
    const first = newBot();
    await first.connect();
    await say('zhangwei', `/start ${invites.zhangwei}`);
    await first.stop();
    // A frame kept in the inbox by a run that died before handling it.
    const body = {
      msgid: 'left-over-1',
      aibotid: FAKE_WECOM_BOT_ID,
      chattype: 'single',
      from: { userid: 'zhangwei' },
      msgtype: 'text',
      text: { content: `/submit ${TITLE}\n${BODY}` },
    };
    await testApp.db.inboundUpdate.create({ data: { platform: 'wecom', updateId: body.msgid, chatId: 'zhangwei', payload: JSON.stringify(body) } });

    const from = wecom.frames.length;
    await newBot().connect();
    const receipt = await wecom.waitFor((frame) => frame.cmd === 'aibot_send_msg' && frame.body?.chatid === 'zhangwei', from, 10_000);
    expect(shownText(receipt)).toContain(TITLE);
    expect(await itemsTitled(TITLE)).toBe(1);
    await inboxEmpty();
  });

  it('hands a frame that met a busy database to the engine again, without telling the person it failed', async () => {
    let busy = 1;
    const flaky = {
      ...engine,
      handle: (event: Parameters<ChatEngine['handle']>[0]) =>
        event.kind === 'text' && event.text.startsWith('/start') && busy-- > 0 ? Promise.reject(new Error('Operation has timed out')) : engine.handle(event),
    } as ChatEngine;
    await newBot({ engine: flaky }).connect();
    await say('zhangwei', `/start ${invites.zhangwei}`);
    expect(await testApp.store.people.isBound((await testApp.store.people.byCode('zhangwei'))!.id)).toBe(true);
    expect(textsTo('zhangwei').some((text) => text === translate('zh-CN', 'fault.generic'))).toBe(false);
    expect(logs.join('\n')).toContain('handled again shortly');
    await inboxEmpty();
  });
});

describe('a WeCom connection kicked from outside', () => {
  it('is made again after the wait, and the bot answers again', async () => {
    const bot = newBot({ kickedRetryMs: 300 });
    await bot.connect();
    await say('zhangwei', `/start ${invites.zhangwei}`);
    const outsider = wecom.kickFromOutside();
    await until(() => !bot.connected());
    expect(logs.join('\n')).toContain('another connection took this WeCom bot over');
    const opened = wecom.connectionsOpened();
    await until(() => bot.connected());
    expect(wecom.connectionsOpened()).toBeGreaterThan(opened);
    outsider.release();
    const answer = await say('zhangwei', '/status');
    expect(shownText(answer)).not.toBe('');
  });
});

describe('a WeCom bot whose secret WeCom refuses', () => {
  it('is told at once in one sentence, said once however often the SDK tries again, and never logs the secret', async () => {
    const secret = 'the-wrong-secret-9f3a';
    const bot = newBot({ secret });
    const started = Date.now();
    const refusal = (await bot.connect().catch((error: unknown) => error)) as Error;
    expect(refusal).toBeInstanceOf(Error);
    expect(refusal.message).toContain('WeCom refused the bot id or secret: check WECOM_BOT_ID and WECOM_SECRET');
    expect(Date.now() - started).toBeLessThan(10_000);
    await until(() => wecom.sent('aibot_subscribe').length >= 4);
    expect(logs.filter((line) => line.includes('WeCom refused the bot id or secret'))).toHaveLength(1);
    expect(logs.join('\n')).not.toContain(secret);
    expect(bot.connected()).toBe(false);
  });
});
