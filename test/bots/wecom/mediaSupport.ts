/**
 * The WeCom adapter for the attachment tests: as the desk harness (deskSupport.ts), but any
 * message pushed (an image, a file, a mixed or a voice message, a text, a button press) resolves
 * with the whole answer to it. A mixed message of several images is one file event per image, so
 * its answer is that of each event, in order. A frame WeCom delivers again is handled again by
 * the adapter and answered with nothing by the engine: the wait is for this handling, not an
 * earlier one of the same msgid.
 */
import { createWeComBot } from '../../../src/bots/wecom/createWeComBot.ts';
import { type ChatEngine, createChatEngine } from '../../../src/chat/engine.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { FAKE_WECOM_BOT_ID, FAKE_WECOM_SECRET, type FakeWeCom, startFakeWeCom } from '../../fakes/wecomServer.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';
import { type Answer, answerOf, framesFor } from './deskSupport.ts';
import { pushedTo } from './support.ts';

/** Generous: the suite runs on a loaded two-core machine. */
const WAIT_MS = 15_000;

export type MediaHarness = {
  wecom: FakeWeCom;
  testApp: TestApp;
  /**
   * Pushes a message from `userid` with `push` (which returns its msgid; `parts` is how many file
   * events it makes, a mixed message's images) and resolves with the whole answer to it.
   */
  send(userid: string, push: () => string, parts?: number): Promise<Answer>;
  /** Sends `text` from `userid`, as `send` does. */
  exchange(userid: string, text: string): Promise<Answer>;
  /** Presses the template-card button with `key` as `userid`, as `send` does. */
  press(userid: string, key: string): Promise<Answer>;
  /** Each person (by code) binds their own WeCom single chat (their code as userid) with /start. */
  bind(codes: readonly string[]): Promise<void>;
  close(): Promise<void>;
};

/** The update ids of a message's events (events.ts): one, or one per image of a mixed message. */
const updateIdsOf = (msgid: string, parts: number) => (parts > 1 ? Array.from({ length: parts }, (_, i) => `msg:${msgid}:${i}`) : [`msg:${msgid}`]);

export async function startMediaHarness(options: { env?: Record<string, string> } = {}): Promise<MediaHarness> {
  const wecom = await startFakeWeCom();
  const testApp = await createTestApp(options.env ?? {});
  const imported = await importOrg(testApp, { text: SAMPLE_ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  const invites = Object.fromEntries(imported.value.invites.map((entry) => [entry.person, entry.invite]));
  const engine = createChatEngine(testApp.chatDeps);
  // For each update id, the frames each handling of it was answered with (a failure: one sentence).
  const answered = new Map<string, number[]>();
  const note = (updateId: string | undefined, frames: number) => {
    if (updateId) answered.set(updateId, [...(answered.get(updateId) ?? []), frames]);
  };
  const recording: ChatEngine = {
    ...engine,
    async handle(event) {
      try {
        const replies = await engine.handle(event);
        note(event.updateId, framesFor(replies));
        return replies;
      } catch (error) {
        note(event.updateId, 1);
        throw error;
      }
    },
  };
  const bot = createWeComBot({
    engine: recording,
    config: { botId: FAKE_WECOM_BOT_ID, secret: FAKE_WECOM_SECRET, wsUrl: wecom.url },
    store: testApp.store,
    reconnectMs: 50,
  });
  await bot.connect();

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

  const h: MediaHarness = {
    wecom,
    testApp,
    send: (userid, push, parts = 1) => pushed(userid, push, (msgid) => updateIdsOf(msgid, parts)),
    exchange: (userid, text) => h.send(userid, () => wecom.pushText(userid, text)),
    press: (userid, key) =>
      pushed(
        userid,
        () => wecom.pushCardEvent(userid, key),
        (msgid) => [`event:${msgid}`],
      ),
    async bind(codes) {
      for (const code of codes) {
        const welcome = await h.exchange(code, `/start ${invites[code]}`);
        if (!welcome.text.includes('您好')) throw new Error(`${code} did not bind: ${welcome.text}`);
      }
    },
    async close() {
      await bot.stop();
      await wecom.close();
      await testApp.dispose();
    },
  };
  return h;
}
