/**
 * The WeCom adapter under test: WeCom's real SDK against the fake long connection, the real
 * engine, on a fresh database with SAMPLE_ORG imported.
 */
import { type ChatEngine, createChatEngine } from '../../../src/chat/engine.ts';
import { createWeComBot, type WeComBot } from '../../../src/bots/wecom/createWeComBot.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { FAKE_WECOM_BOT_ID, FAKE_WECOM_SECRET, startFakeWeCom, type FakeWeCom, type WeComFrame } from '../../fakes/wecomServer.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';

export type Harness = {
  wecom: FakeWeCom;
  testApp: TestApp;
  bot: WeComBot;
  engine: ChatEngine;
  invites: Record<string, string>;
  /** Sends `text` from `userid` and waits for the first message pushed to that chat after it. */
  say(userid: string, text: string): Promise<WeComFrame>;
  close(): Promise<void>;
};

export async function startHarness(org = SAMPLE_ORG): Promise<Harness> {
  const wecom = await startFakeWeCom();
  const testApp = await createTestApp();
  const imported = await importOrg(testApp, { text: org, actor: 'test' });
  if (!imported.ok) throw new Error('the org did not import');
  const invites = Object.fromEntries(imported.value.invites.map((entry) => [entry.person, entry.invite]));
  const engine = createChatEngine(testApp.chatDeps);
  const bot = createWeComBot({
    engine,
    config: { botId: FAKE_WECOM_BOT_ID, secret: FAKE_WECOM_SECRET, wsUrl: wecom.url },
    store: testApp.store,
    clock: testApp.clock,
    reconnectMs: 50,
  });
  await bot.connect();
  return {
    wecom,
    testApp,
    bot,
    engine,
    invites,
    async say(userid, text) {
      const from = wecom.frames.length;
      wecom.pushText(userid, text);
      return wecom.waitFor((frame) => frame.cmd === 'aibot_send_msg' && frame.body?.chatid === userid, from);
    },
    async close() {
      await bot.stop();
      await wecom.close();
      await testApp.dispose();
    },
  };
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
