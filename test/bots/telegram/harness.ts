/**
 * The Telegram adapter under test: a real SQLite store with the sample org, the real grammY
 * stack, and the local fake Bot API (real HTTP, real long polling).
 */
import { isDatabaseBusy } from '../../../src/store/busy.ts';
import { createChatEngine, type ChatEngine } from '../../../src/chat/engine.ts';
import type { TelegramConfig } from '../../../src/config/config.ts';
import type { Sender } from '../../../src/domain/notify/sender.ts';
import { createTelegramBot, type TelegramBot } from '../../../src/bots/telegram/createTelegramBot.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { startFakeTelegram, type FakeTelegram, type TelegramCall } from '../../fakes/telegramServer.ts';
import { captureLogs } from '../../support/logs.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';

export const TOKEN = '123456:TEST-telegram-token';
export const SECRET = 'webhook-secret_42';

/** The sample org with a second reporter in luoshan. */
export const ORG = `${SAMPLE_ORG}  - { code: lisi, name: 李四, unit: luoshan, roles: [reporter] }
`;

export type Harness = {
  app: TestApp;
  fake: FakeTelegram;
  engine: ChatEngine;
  invites: Record<string, string>;
  /** The bots' log, as JSON lines. */
  logs: string[];
  /** Creates (and remembers, for close()) a bot on the fake, on the real engine unless given another; does not start it. */
  newBot(mode?: 'polling' | 'webhook', engine?: ChatEngine): TelegramBot;
  close(): Promise<void>;
};

/** `env` adds settings to the app's configuration (e.g. XINBAO_RULES). */
export async function createHarness(env: Record<string, string> = {}): Promise<Harness> {
  const app = await createTestApp(env);
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  const invites = Object.fromEntries(imported.value.invites.map((entry) => [entry.person, entry.invite]));
  const fake = await startFakeTelegram();
  const engine = createChatEngine(app.chatDeps);
  const { logger, lines: logs } = captureLogs();
  const bots: TelegramBot[] = [];
  return {
    app,
    fake,
    engine,
    invites,
    logs,
    newBot(mode = 'polling', botEngine = engine) {
      const config: TelegramConfig =
        mode === 'polling'
          ? { mode, token: TOKEN, apiRoot: fake.apiRoot }
          : { mode, token: TOKEN, apiRoot: fake.apiRoot, webhookUrl: 'https://xinbao.example.org/telegram', secret: SECRET };
      const bot = createTelegramBot({
        engine: botEngine,
        store: app.store,
        config,
        botInfo: fake.botInfo,
        logger,
        isTransient: isDatabaseBusy,
      });
      bots.push(bot);
      return bot;
    },
    async close() {
      for (const bot of bots) await bot.stop();
      await fake.close();
      await app.dispose();
    },
  };
}

/** The real Telegram sender (grammY with its pacing and retries) of a polling bot on `app`, talking to `fake`. */
export function senderOn(app: TestApp, fake: FakeTelegram): Sender {
  return createTelegramBot({
    engine: createChatEngine(app.chatDeps),
    store: app.store,
    config: { mode: 'polling', token: TOKEN, apiRoot: fake.apiRoot },
    botInfo: fake.botInfo,
  }).sender;
}

export const sentTo = (chatId: number) => (call: TelegramCall) => call.method === 'sendMessage' && call.params.chat_id === chatId;

/** Pushes a private text message and resolves with the first message the bot sends back to that chat. */
export async function say(fake: FakeTelegram, userId: number, text: string): Promise<TelegramCall> {
  const from = fake.calls.length;
  fake.pushText(userId, text);
  return fake.waitFor(sentTo(userId), 5000, from);
}

/** Presses an inline button in a private chat and resolves, once it is answered, with the next message the bot sends that chat. */
export async function press(fake: FakeTelegram, userId: number, data: string): Promise<TelegramCall> {
  const from = fake.calls.length;
  fake.pushCallback(userId, data);
  await fake.waitFor('answerCallbackQuery', 5000, from);
  return fake.waitFor(sentTo(userId), 5000, from);
}

/** Each person (by code) sends /start with their invite from their private chat (by user id). */
export async function startChats(h: Harness, people: readonly (readonly [code: string, userId: number])[]): Promise<void> {
  for (const [code, id] of people) await say(h.fake, id, `/start ${h.invites[code]}`);
}

/** The callback_data of the inline buttons on a sendMessage call. */
export function buttonsOf(call: TelegramCall): { text: string; data: string }[] {
  const rows = (call.params.reply_markup?.inline_keyboard ?? []) as { text: string; callback_data: string }[][];
  return rows.flat().map((button) => ({ text: button.text, data: button.callback_data }));
}
