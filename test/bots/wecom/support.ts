/**
 * The WeCom adapter under test: WeCom's real SDK against the fake long connection, the real
 * engine, on a fresh database with an org imported (SAMPLE_ORG unless given).
 *
 * The office records, for each update, how many messages the adapter pushes for each handling of
 * it (counted from what the engine returned; a failure is answered with one sentence). A reply
 * with buttons reaches WeCom as a markdown message and then one template card per six buttons, so
 * an exchange waits until the engine has handled the event and every message of that answer has
 * been pushed; the next exchange then cannot take a late card of this one for its own answer. A
 * frame WeCom delivers again is handled again by the adapter and answered with nothing by the
 * engine: the wait is for this handling, not an earlier one of the same msgid.
 */
import { createDispatcher } from '../../../src/jobs/dispatcher.ts';
import { createWeComBot, type WeComBot, type WeComBotOptions } from '../../../src/bots/wecom/createWeComBot.ts';
import { markdownMessages, replyCards } from '../../../src/bots/wecom/render.ts';
import { type ChatEngine, createChatEngine } from '../../../src/chat/engine.ts';
import type { Reply } from '../../../src/chat/types.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { FAKE_WECOM_BOT_ID, FAKE_WECOM_SECRET, type FakeWeCom, startFakeWeCom, type WeComFrame } from '../../fakes/wecomServer.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';
import { WAIT_MS } from '../../support/wait.ts';

export type Button = { text: string; key: string };

/** What a chat was pushed in answer to one event (or by one dispatch). */
export type Answer = {
  frames: WeComFrame[];
  /** The markdown messages' text, one after the other. */
  text: string;
  /** The template cards' buttons, in order, over every card. */
  buttons: Button[];
  cards: number;
};

/** What a bot of the office may be given besides the office's own: another engine, logger, secret, waits. */
export type BotOptions = Partial<Omit<WeComBotOptions, 'config' | 'store'>> & { secret?: string };

export type Office = {
  wecom: FakeWeCom;
  testApp: TestApp;
  /** The real engine on the test app. */
  engine: ChatEngine;
  invites: Record<string, string>;
  /** For each update id, how many messages each handling of it was answered with, in order. */
  answered: Map<string, number[]>;
  /** A bot on the fake and the test app, its engine (the real one unless given) recording what it answered. */
  newBot(options?: BotOptions): WeComBot;
  /** Sends `text` from `userid` and waits for the first message pushed to that chat after it. */
  say(userid: string, text: string): Promise<WeComFrame>;
  /**
   * Pushes a message from `userid` with `push` (which returns its msgid; `parts` is how many file
   * events it makes, a mixed message's images) and resolves with the whole answer to it.
   */
  send(userid: string, push: () => string, parts?: number): Promise<Answer>;
  /** Sends `text` from `userid` (a single chat), as `send` does. */
  exchange(userid: string, text: string, options?: { msgid?: string }): Promise<Answer>;
  /** Presses the template-card button with `key` as `userid`, as `send` does. */
  press(userid: string, key: string): Promise<Answer>;
  /** Each person (by code) binds their own WeCom single chat (their code as userid) with /start. */
  bind(codes: readonly string[]): Promise<void>;
  /** Stops every bot made, closes the fake and disposes of the test app. */
  close(): Promise<void>;
};

/** How many messages the bot pushes for these replies: each markdown message, each card, each file. */
export const framesFor = (replies: Reply[]) =>
  replies.reduce((sum, reply) => sum + markdownMessages(reply).length + replyCards(reply).length + (reply.file ? 1 : 0) + (reply.files?.length ?? 0), 0);

/** The update ids of a message's events (events.ts): one, or one per image of a mixed message. */
const updateIdsOf = (msgid: string, parts: number) => (parts > 1 ? Array.from({ length: parts }, (_, i) => `msg:${msgid}:${i}`) : [`msg:${msgid}`]);

/** A fake WeCom and a test app with `org` imported (and `env` for its config), bots made on demand. */
export async function startOffice(options: { org?: string; env?: Record<string, string> } = {}): Promise<Office> {
  const wecom = await startFakeWeCom();
  const testApp = await createTestApp(options.env ?? {});
  const imported = await importOrg(testApp, { text: options.org ?? SAMPLE_ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  const invites = Object.fromEntries(imported.value.invites.map((entry) => [entry.person, entry.invite]));
  const engine = createChatEngine(testApp.chatDeps);
  const bots: WeComBot[] = [];

  const answered = new Map<string, number[]>();
  const note = (updateId: string | undefined, frames: number) => {
    if (updateId) answered.set(updateId, [...(answered.get(updateId) ?? []), frames]);
  };
  const recording = (inner: ChatEngine): ChatEngine => ({
    ...inner,
    async handle(event) {
      try {
        const replies = await inner.handle(event);
        note(event.updateId, framesFor(replies));
        return replies;
      } catch (error) {
        note(event.updateId, 1);
        throw error;
      }
    },
  });
  const handlings = (updateId: string) => answered.get(updateId)?.length ?? 0;

  /** Waits for the next handling of each of `updateIds` and for every frame they were answered with. */
  const whole = async (chatid: string, updateIds: string[], seen: number[], from: number): Promise<Answer> => {
    await wecom.waitUntil(() => updateIds.every((id, i) => handlings(id) > (seen[i] as number)), WAIT_MS);
    const count = updateIds.reduce((sum, id, i) => sum + (answered.get(id)?.[seen[i] as number] as number), 0);
    await wecom.waitUntil(() => pushedTo(wecom, chatid, from).length >= count, WAIT_MS);
    return answerOf(pushedTo(wecom, chatid, from).slice(0, count));
  };
  const pushed = async (chatid: string, push: () => string, idsOf: (msgid: string) => string[]) => {
    const from = wecom.frames.length;
    // The ids are known only once pushed; what was handled of them before is read at once, before any await.
    const msgid = push();
    const updateIds = idsOf(msgid);
    return whole(chatid, updateIds, updateIds.map(handlings), from);
  };

  const office: Office = {
    wecom,
    testApp,
    engine,
    invites,
    answered,
    newBot({ engine: inner = engine, secret = FAKE_WECOM_SECRET, ...rest } = {}) {
      const bot = createWeComBot({
        engine: recording(inner),
        config: { botId: FAKE_WECOM_BOT_ID, secret, wsUrl: wecom.url },
        store: testApp.store,
        clock: testApp.clock,
        reconnectMs: 50,
        ...rest,
      });
      bots.push(bot);
      return bot;
    },
    say: (userid, text) => say(wecom, userid, text),
    send: (userid, push, parts = 1) => pushed(userid, push, (msgid) => updateIdsOf(msgid, parts)),
    exchange: (userid, text, pushOptions) => office.send(userid, () => wecom.pushText(userid, text, pushOptions)),
    press: (userid, key) =>
      pushed(
        userid,
        () => wecom.pushCardEvent(userid, key),
        (msgid) => [`event:${msgid}`],
      ),
    async bind(codes) {
      for (const code of codes) {
        const welcome = await office.exchange(code, `/start ${invites[code]}`);
        if (!welcome.text.includes('您好')) throw new Error(`${code} did not bind: ${welcome.text}`);
      }
    },
    async close() {
      for (const bot of bots.splice(0)) await bot.stop();
      await wecom.close();
      await testApp.dispose();
    },
  };
  return office;
}

export type Harness = Office & {
  bot: WeComBot;
  /** Sends what the outbox holds through the bot's WeCom sender. */
  dispatch(): Promise<{ sent: number; failed: number }>;
};

/** An office with one bot connected, and a dispatcher pushing the outbox through it. */
export async function startHarness(options: { org?: string; env?: Record<string, string> } = {}): Promise<Harness> {
  const office = await startOffice(options);
  const bot = office.newBot();
  await bot.connect();
  const dispatcher = createDispatcher({ store: office.testApp.store, clock: office.testApp.clock, senders: [bot.sender], defaultLocale: 'zh-CN' });
  return { ...office, bot, dispatch: () => dispatcher.dispatchOnce() };
}

/** Sends `text` from `userid` and waits for the first message pushed to that chat after it. */
export async function say(wecom: FakeWeCom, userid: string, text: string): Promise<WeComFrame> {
  const from = wecom.frames.length;
  wecom.pushText(userid, text);
  return wecom.waitFor((frame) => frame.cmd === 'aibot_send_msg' && frame.body?.chatid === userid, from, WAIT_MS);
}

/** The text a pushed message shows: its markdown, or its card's title and buttons. */
export function shownText(frame: WeComFrame): string {
  const body = frame.body as { markdown?: { content?: string }; template_card?: { main_title?: { title?: string }; button_list?: { text: string }[] } };
  if (body.markdown) return body.markdown.content ?? '';
  const card = body.template_card;
  return [card?.main_title?.title ?? '', ...(card?.button_list ?? []).map((button) => button.text)].join('\n');
}

/** Messages pushed to `chatid` from frame `from` on. */
export const pushedTo = (wecom: FakeWeCom, chatid: string, from = 0) => wecom.sent('aibot_send_msg', from).filter((frame) => frame.body?.chatid === chatid);

const cardOf = (frame: WeComFrame) => (frame.body as { template_card?: { button_list?: { text: string; key: string }[] } }).template_card;

/** The answer the frames make: their markdown text, their cards' buttons. */
export function answerOf(frames: WeComFrame[]): Answer {
  const markdown = frames.filter((frame) => frame.body?.msgtype === 'markdown');
  const cards = frames.filter((frame) => frame.body?.msgtype === 'template_card');
  return {
    frames,
    text: markdown.map(shownText).join('\n'),
    buttons: cards.flatMap((frame) => (cardOf(frame)?.button_list ?? []).map((button) => ({ text: button.text, key: button.key }))),
    cards: cards.length,
  };
}

/** What the outbox (or anything else) pushed to `chatid` from frame `from` on. */
export const answerTo = (wecom: FakeWeCom, chatid: string, from = 0) => answerOf(pushedTo(wecom, chatid, from));
