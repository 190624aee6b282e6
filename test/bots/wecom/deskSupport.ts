/**
 * The WeCom adapter for the desk tests: the harness of support.ts, on an org and settings of the
 * test's choosing, whose exchanges resolve with a whole answer. A reply with buttons reaches
 * WeCom as a markdown message and then one template card per six buttons, so an exchange waits
 * until the engine has answered the event and every message of that answer has been pushed
 * (counted from what the engine returned); the next exchange then cannot take a late card of
 * this one for its own answer. The outbox's messages are pushed once `dispatchOnce` resolves.
 */
import { createWeComBot } from '../../../src/bots/wecom/createWeComBot.ts';
import { replyCards, markdownMessages } from '../../../src/bots/wecom/render.ts';
import { type ChatEngine, createChatEngine } from '../../../src/chat/engine.ts';
import type { Reply } from '../../../src/chat/types.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { createDispatcher } from '../../../src/jobs/dispatcher.ts';
import { FAKE_WECOM_BOT_ID, FAKE_WECOM_SECRET, type FakeWeCom, startFakeWeCom, type WeComFrame } from '../../fakes/wecomServer.ts';
import { createTestApp, SAMPLE_ORG } from '../../support/testApp.ts';
import { type Harness, pushedTo, shownText } from './support.ts';

/** Generous: the suite runs on a loaded two-core machine. */
const WAIT_MS = 15_000;

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

export type DeskHarness = Harness & {
  /** Sends `text` from `userid` and resolves with the whole answer pushed to that chat. */
  exchange(userid: string, text: string): Promise<Answer>;
  /** Presses the template-card button with `key` as `userid` and resolves with the whole answer. */
  press(userid: string, key: string): Promise<Answer>;
  /** Each person (by code) binds their own WeCom single chat (their code as userid) with /start. */
  bind(codes: readonly string[]): Promise<void>;
  /** Sends what the outbox holds through the bot's WeCom sender. */
  dispatch(): Promise<{ sent: number; failed: number }>;
};

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

/** How many `aibot_send_msg` frames the adapter pushes for these replies: markdown, cards, one per file. */
/** How many messages the bot pushes for these replies: each markdown message, each card, each file. */
export const framesFor = (replies: Reply[]) =>
  replies.reduce((sum, reply) => sum + markdownMessages(reply).length + replyCards(reply).length + (reply.file ? 1 : 0) + (reply.files?.length ?? 0), 0);

export async function startDeskHarness(options: { org?: string; env?: Record<string, string> } = {}): Promise<DeskHarness> {
  const wecom = await startFakeWeCom();
  const testApp = await createTestApp(options.env ?? {});
  const imported = await importOrg(testApp, { text: options.org ?? SAMPLE_ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  const invites = Object.fromEntries(imported.value.invites.map((entry) => [entry.person, entry.invite]));
  const engine = createChatEngine(testApp.chatDeps);
  // The replies the engine returned for each update (a failure is answered with one sentence).
  const answered = new Map<string, number>();
  const recording: ChatEngine = {
    ...engine,
    async handle(event) {
      try {
        const replies = await engine.handle(event);
        if (event.updateId) answered.set(event.updateId, framesFor(replies));
        return replies;
      } catch (error) {
        if (event.updateId) answered.set(event.updateId, 1);
        throw error;
      }
    },
  };
  const bot = createWeComBot({
    engine: recording,
    config: { botId: FAKE_WECOM_BOT_ID, secret: FAKE_WECOM_SECRET, wsUrl: wecom.url },
    store: testApp.store,
    clock: testApp.clock,
    reconnectMs: 50,
  });
  await bot.connect();
  const dispatcher = createDispatcher({ store: testApp.store, clock: testApp.clock, senders: [bot.sender], defaultLocale: 'zh-CN' });

  const whole = async (chatid: string, updateId: string, from: number): Promise<Answer> => {
    await wecom.waitUntil(() => answered.has(updateId), WAIT_MS);
    const count = answered.get(updateId) as number;
    await wecom.waitUntil(() => pushedTo(wecom, chatid, from).length >= count, WAIT_MS);
    return answerOf(pushedTo(wecom, chatid, from).slice(0, count));
  };

  const h: DeskHarness = {
    wecom,
    testApp,
    bot,
    engine,
    invites,
    async say(userid, text) {
      const from = wecom.frames.length;
      wecom.pushText(userid, text);
      return wecom.waitFor((frame) => frame.cmd === 'aibot_send_msg' && frame.body?.chatid === userid, from, WAIT_MS);
    },
    async exchange(userid, text) {
      const from = wecom.frames.length;
      const msgid = wecom.pushText(userid, text);
      return whole(userid, `msg:${msgid}`, from);
    },
    async press(userid, key) {
      const from = wecom.frames.length;
      const msgid = wecom.pushCardEvent(userid, key);
      return whole(userid, `event:${msgid}`, from);
    },
    async bind(codes) {
      for (const code of codes) {
        const welcome = await h.exchange(code, `/start ${invites[code]}`);
        if (!welcome.text.includes('您好')) throw new Error(`${code} did not bind: ${welcome.text}`);
      }
    },
    dispatch: () => dispatcher.dispatchOnce(),
    async close() {
      await bot.stop();
      await wecom.close();
      await testApp.dispose();
    },
  };
  return h;
}
