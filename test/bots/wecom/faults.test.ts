/** The WeCom adapter when the engine fails: the person gets the catalog's one sentence, never the error. */
import { afterEach, describe, expect, it } from 'vitest';
import { createWeComBot, type WeComBot } from '../../../src/bots/wecom/createWeComBot.ts';
import type { ChatEngine } from '../../../src/chat/engine.ts';
import { translate } from '../../../src/i18n/catalog.ts';
import { silentLogger } from '../../../src/observability/logger.ts';
import { FAKE_WECOM_BOT_ID, FAKE_WECOM_SECRET, type FakeWeCom, startFakeWeCom } from '../../fakes/wecomServer.ts';
import { createTestApp, type TestApp } from '../../support/testApp.ts';

let wecom: FakeWeCom;
let bot: WeComBot;
let testApp: TestApp;

afterEach(async () => {
  await bot?.stop();
  await wecom?.close();
  await testApp?.dispose();
});

describe('the WeCom adapter when the engine fails', () => {
  it('answers with the fault sentence in the office language and goes on', async () => {
    wecom = await startFakeWeCom();
    testApp = await createTestApp();
    const failing = {
      handle: async () => {
        throw new Error('database is down: secret detail');
      },
      contextFor: async () => {
        throw new Error('database is down');
      },
    } as unknown as ChatEngine;
    bot = createWeComBot({
      engine: failing,
      config: { botId: FAKE_WECOM_BOT_ID, secret: FAKE_WECOM_SECRET, wsUrl: wecom.url },
      store: testApp.store,
      logger: silentLogger,
    });
    await bot.connect();
    wecom.pushText('u1', '/status');
    const answer = await wecom.waitFor((frame) => frame.cmd === 'aibot_send_msg');
    expect(answer.body).toEqual({ chatid: 'u1', msgtype: 'markdown', markdown: { content: translate('zh-CN', 'fault.generic') } });
    expect(bot.connected()).toBe(true);
  });
});
