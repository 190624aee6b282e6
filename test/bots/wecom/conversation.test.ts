/**
 * Conversations with the WeCom adapter against the fake long connection, on the real engine and
 * store: guided and one-shot submission, the reply keyboard's labels typed as words, a frame
 * delivered twice, a form kept across a restart, one person on WeCom and the console, a stop with
 * a frame in hand, and chats handled at once yet each in order. The counterparts of the
 * conversation tests in test/bots/telegram/polling.test.ts and intake.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WeComBot } from '../../../src/bots/wecom/createWeComBot.ts';
import type { ChatEngine } from '../../../src/chat/engine.ts';
import type { InboundEvent } from '../../../src/chat/types.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import { isDatabaseBusy } from '../../../src/store/busy.ts';
import type { FakeWeCom } from '../../fakes/wecomServer.ts';
import { captureLogs } from '../../support/logs.ts';
import { SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';
import { until } from '../../support/wait.ts';
import { answerOf, type Office, pushedTo, startOffice } from './support.ts';

const TITLE = '罗山县多措并举推进秋冬种工作';
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';
const ONE_SHOT_TITLE = '罗山县开展冬季消防安全大检查';
const REPEATED_TITLE = '罗山县召开全县安全生产工作会议';
const RESTART_TITLE = '罗山县启动冬季农田水利建设';
/** The sample org with 李四, a second reporter of 罗山县政府办, as the Telegram tests have it. */
const ORG = `${SAMPLE_ORG}  - { code: lisi, name: 李四, unit: luoshan, roles: [reporter] }
`;

let office: Office;
let wecom: FakeWeCom;
let testApp: TestApp;
let engine: ChatEngine;
let logs: string[];
/** The bots made in this test, in order. */
const bots: WeComBot[] = [];
/** How many frames the adapter pushes for each handling of each update the engine answered. */
let answered: Map<string, number[]>;

/** A bot on the store of this test, its engine (the real one unless given) recording what it answered. */
function newBot(inner: ChatEngine = engine): WeComBot {
  const captured = captureLogs();
  logs = captured.lines;
  const bot = office.newBot({ engine: inner, logger: captured.logger, isTransient: isDatabaseBusy, retryBusyMs: 200 });
  bots.push(bot);
  return bot;
}

/** Sends `text` from `userid` (a single chat) and resolves with the whole answer. */
const exchange = (userid: string, text: string, options: { msgid?: string } = {}) => office.exchange(userid, text, options);

/** Presses the template-card button with `key` as `userid` and resolves with the whole answer. */
const press = (userid: string, key: string) => office.press(userid, key);

/** The person binds their WeCom single chat (their code as userid) with /start, then submits `titles` one-shot, in order. */
async function bound(code: string, ...titles: string[]) {
  expect((await exchange(code, `/start ${office.invites[code]}`)).text).toContain('您好');
  for (const title of titles) expect((await exchange(code, `/submit ${title}\n${BODY}`)).text).toContain(title);
}

const person = async (code: string) => {
  const found = await testApp.store.people.byCode(code);
  if (!found) throw new Error(`no person ${code}`);
  return found;
};
const itemsBy = async (code: string) => testApp.store.items.byAuthor((await person(code)).id, 100);

beforeEach(async () => {
  office = await startOffice({ org: ORG });
  ({ wecom, testApp, engine, answered } = office);
});

afterEach(async () => {
  bots.length = 0;
  await office?.close();
});

describe('conversations with the WeCom adapter', () => {
  beforeEach(async () => {
    await newBot().connect();
  });

  it('submits guided: title, body, then the category pressed on a template card', async () => {
    await bound('zhangwei');
    expect((await exchange('zhangwei', '/submit')).text).toContain('请输入信息标题');
    expect((await exchange('zhangwei', TITLE)).text).toContain('请输入正文');
    const ask = await exchange('zhangwei', BODY);
    expect(ask.text).toContain('请选择类别');
    const experience = ask.buttons.find((button) => button.text === '经验做法')!;
    expect(experience.key).toBe('f:submit:category:experience');

    const filesStep = await press('zhangwei', experience.key);
    expect(filesStep.buttons.map((button) => button.key)).toContain('f:submit:files:done');
    const done = await press('zhangwei', 'f:submit:files:done');
    expect(done.text).toContain(`已报送 #1《${TITLE}》`);
    const item = await testApp.store.items.byId(1);
    expect(item).toMatchObject({ title: TITLE, body: BODY, category: 'experience', authorId: (await person('zhangwei')).id });
  });

  it('submits one-shot: /submit TITLE, newline, BODY', async () => {
    await bound('zhangwei', TITLE);
    const done = await exchange('zhangwei', `/submit ${ONE_SHOT_TITLE}\n${BODY}`);
    expect(done.text).toContain(`已报送 #2《${ONE_SHOT_TITLE}》`);
    expect(done.text).toContain('已报送 2 条，目标 10 条，还差 8 条');
    expect(await testApp.store.items.byId(2)).toMatchObject({ title: ONE_SHOT_TITLE, body: BODY, authorId: (await person('zhangwei')).id });
  });

  it('answers the reply keyboard’s labels, typed as words, like the commands behind them', async () => {
    await bound('zhangwei', TITLE, ONE_SHOT_TITLE);
    const status = await exchange('zhangwei', '📊 本单位情况');
    expect(status.text).toMatch(/^\*\*罗山县政府办 · .+\*\*\n/);
    expect(status.text).toContain('报送：2 条');
    expect(status.text).toBe((await exchange('zhangwei', '/status')).text);
    expect((await exchange('zhangwei', '📄 我的信息')).text).toBe((await exchange('zhangwei', '/mine')).text);
    expect((await exchange('zhangwei', '❓ 帮助')).text).toBe((await exchange('zhangwei', '/help')).text);
    expect((await exchange('zhangwei', '📝 报送信息')).text).toContain('请输入信息标题');
    expect((await exchange('zhangwei', REPEATED_TITLE)).text).toContain('请输入正文');
  });

  it('sends nothing for a frame delivered twice and stores nothing twice', async () => {
    await bound('zhangwei', TITLE, ONE_SHOT_TITLE);
    const receipt = await exchange('zhangwei', `/submit ${REPEATED_TITLE}\n${BODY}`, { msgid: 'twice-1' });
    expect(receipt.text).toContain(`#3《${REPEATED_TITLE}》`);

    const from = wecom.frames.length;
    wecom.pushText('zhangwei', `/submit ${REPEATED_TITLE}\n${BODY}`, { msgid: 'twice-1' });
    // Each chat's frames are handled in order: once /help is answered, the second delivery was dealt with.
    const marker = await exchange('zhangwei', '/help');
    expect(marker.text).toContain('信报 · 可用命令');
    expect(pushedTo(wecom, 'zhangwei', from)).toEqual(marker.frames);
    expect((await itemsBy('zhangwei')).filter((item) => item.title === REPEATED_TITLE)).toHaveLength(1);
    expect(await testApp.db.inboundUpdate.count()).toBe(0);
  });

  it('keeps a form across a restart: the title before, the body and category after', async () => {
    await bound('lisi');
    expect((await exchange('lisi', '/submit')).text).toContain('请输入信息标题');
    expect((await exchange('lisi', RESTART_TITLE)).text).toContain('请输入正文');
    await bots[0]!.stop();

    await newBot().connect();
    const ask = await exchange('lisi', BODY);
    expect(ask.text).toContain('请选择类别');
    await press('lisi', ask.buttons.find((button) => button.key.endsWith(':dynamic'))!.key);
    const done = await press('lisi', 'f:submit:files:done');
    expect(done.text).toMatch(new RegExp(`已报送 #\\d+《${RESTART_TITLE}》`));
    expect((await itemsBy('lisi')).map((item) => item.title)).toEqual([RESTART_TITLE]);
  });

  it('lets the same person use WeCom and the console at once', async () => {
    await bound('zhangwei', TITLE, ONE_SHOT_TITLE, REPEATED_TITLE);
    const invite = await issueInvite(testApp, { personCode: 'zhangwei' });
    if (!invite.ok) throw new Error('no invite');
    const onConsole = (text: string) => engine.handle({ kind: 'text', platform: 'console', userId: 'zhangwei-desk', chatId: 'zhangwei-desk', text });
    expect((await onConsole(`/start ${invite.value.code}`))[0]!.lines.join('\n')).toContain('张伟，您好');
    expect((await onConsole('/mine'))[0]!.lines.join('\n')).toContain(TITLE);

    const mine = await exchange('zhangwei', '/mine');
    expect(mine.text).toContain(REPEATED_TITLE);
    const identities = await testApp.store.identities.forPerson((await person('zhangwei')).id);
    expect(identities.map((identity) => identity.platform).sort()).toEqual(['console', 'wecom']);
  });
});

describe('the WeCom adapter stopping and sharing its time', () => {
  it('stops without hanging and answers what it had in hand', async () => {
    let taken = false;
    let finished = false;
    const slow: ChatEngine = {
      ...engine,
      async handle(event: InboundEvent) {
        if (!(event.kind === 'text' && event.text.startsWith('/submit'))) return engine.handle(event);
        taken = true;
        await new Promise((resolve) => setTimeout(resolve, 500));
        const replies = await engine.handle(event);
        finished = true;
        return replies;
      },
    };
    const bot = newBot(slow);
    await bot.connect();
    await bound('zhangwei');
    const from = wecom.frames.length;
    wecom.pushText('zhangwei', `/submit ${TITLE}\n${BODY}`);
    await until(() => taken);
    await bot.stop();

    expect(finished).toBe(true);
    expect((await itemsBy('zhangwei')).map((item) => item.title)).toEqual([TITLE]);
    expect(await testApp.db.inboundUpdate.count()).toBe(0);
    // Answered on the connection before it closed: nothing waits in the outbox.
    expect(answerOf(pushedTo(wecom, 'zhangwei', from)).text).toContain(`已报送 #1《${TITLE}》`);
    expect(await testApp.db.outboxMessage.count({ where: { platform: 'wecom', chatId: 'zhangwei' } })).toBe(0);
    expect(logs.join('\n')).not.toContain('the frame failed');
  });

  it('keeps a frame that arrives while it stops in the inbox, and the next connection handles it', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let taken = false;
    const holding: ChatEngine = {
      ...engine,
      async handle(event: InboundEvent) {
        if (event.kind === 'text' && event.text === '/mine' && !taken) {
          taken = true;
          await gate;
        }
        return engine.handle(event);
      },
    };
    const bot = newBot(holding);
    await bot.connect();
    await bound('zhangwei');
    wecom.pushText('zhangwei', '/mine');
    await until(() => taken);
    const stopping = bot.stop();
    const from = wecom.frames.length;
    wecom.pushText('zhangwei', `/submit ${TITLE}\n${BODY}`);
    await until(async () => (await testApp.db.inboundUpdate.count()) === 1);
    release();
    await stopping;
    expect(await itemsBy('zhangwei')).toEqual([]);
    expect(await testApp.db.inboundUpdate.count()).toBe(1);

    await newBot().connect();
    await until(async () => (await itemsBy('zhangwei')).length === 1);
    await until(async () => (await testApp.db.inboundUpdate.count()) === 0);
    expect(answerOf(pushedTo(wecom, 'zhangwei', from)).text).toContain(`已报送 #1《${TITLE}》`);
  });

  it('answers another chat while one chat waits, and keeps each chat’s replies in order', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = false;
    let waiting = false;
    const holding: ChatEngine = {
      ...engine,
      async handle(event: InboundEvent) {
        if (held && !waiting && event.chatId === 'zhangwei') {
          waiting = true;
          await gate;
        }
        return engine.handle(event);
      },
    };
    await newBot(holding).connect();
    await bound('zhangwei');
    await bound('lisi');

    held = true;
    const from = wecom.frames.length;
    const ids = ['/help', '/status', '/mine'].map((text) => `msg:${wecom.pushText('zhangwei', text)}`);
    await until(() => waiting);
    // 张伟's first frame is held at the engine; his next ones wait behind it, in his chat only.
    expect((await exchange('lisi', '/status')).text).toContain('罗山县政府办');
    expect(pushedTo(wecom, 'zhangwei', from)).toEqual([]);
    expect(ids.filter((id) => answered.has(id))).toEqual([]);
    release();

    await until(() => ids.every((id) => answered.has(id)));
    const counts = ids.map((id) => answered.get(id)![0] as number);
    await until(() => pushedTo(wecom, 'zhangwei', from).length >= counts.reduce((sum, count) => sum + count, 0));
    const frames = pushedTo(wecom, 'zhangwei', from);
    const [help, status, mine] = [
      answerOf(frames.slice(0, counts[0])),
      answerOf(frames.slice(counts[0], counts[0]! + counts[1]!)),
      answerOf(frames.slice(counts[0]! + counts[1]!)),
    ];
    expect(help.text).toContain('信报 · 可用命令');
    expect(status.text).toMatch(/^\*\*罗山县政府办 · .+\*\*\n/);
    expect(mine.text).toContain('您还没有报送过信息');
  });
});
