/**
 * The Telegram adapter: a grammY bot that only translates. Updates from private chats become
 * the engine's events (features/), replies are rendered for Telegram (render.ts), every API call
 * is paced per chat and retried on 429 and network failures (transformers.ts), and one error
 * boundary gives the person the catalog's sentence for any fault (faults.ts).
 *
 * Long polling or a webhook, as configured: in webhook mode `webhook` is the Express handler to
 * mount at `/telegram`; it refuses (401) any request without the secret token header.
 */
import express, { type Router } from 'express';
import { Bot, webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { ChatEngine } from '../../chat/engine.ts';
import type { Sender } from '../../domain/notify/sender.ts';
import type { TelegramConfig } from '../../config/config.ts';
import type { Locale } from '../../domain/vocabulary.ts';
import { createCommandMenus } from './commandMenu.ts';
import { buttonPresses } from './features/buttons.ts';
import { textMessages } from './features/messages.ts';
import { otherChats } from './features/otherChats.ts';
import { unhandledInput } from './features/unhandled.ts';
import { createFaultHandler } from './faults.ts';
import { createTelegramSender } from './sender.ts';
import { installTransformers } from './transformers.ts';

export type TelegramBotDeps = {
  engine: ChatEngine;
  config: TelegramConfig;
  /** What getMe would return; given, the bot never calls getMe. */
  botInfo?: UserFromGetMe;
  /** The language of the fault sentence when the person's own cannot be looked up (default zh-CN). */
  defaultLocale?: Locale;
  /** Where faults are logged for the operator (default stderr); the token is masked. */
  log?: (line: string) => void;
};

export type TelegramBot = {
  bot: Bot;
  /** Polling: resolves once polling has begun. Webhook: registers the webhook with its secret. Both set the default command menus. */
  start(): Promise<void>;
  /** Stops taking updates and waits for the ones being handled to finish. */
  stop(): Promise<void>;
  /** Webhook mode: the Express handler for POST `/telegram` (mount with `app.use('/telegram', webhook)`). */
  webhook: Router | undefined;
  /** Sends messages outside a conversation (the outbox), with the bot's pacing and retries. */
  sender: Sender;
};

/** The only updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** How long a webhook request waits for its update to be handled before answering 200 anyway. */
const WEBHOOK_TIMEOUT_MS = 10_000;

export function createTelegramBot(deps: TelegramBotDeps): TelegramBot {
  const { engine, config } = deps;
  const log = deps.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const bot = new Bot(config.token, {
    client: { apiRoot: config.apiRoot.replace(/\/+$/, '') },
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
  });
  installTransformers(bot.api);

  const menus = createCommandMenus(engine, log);
  const features = { engine, menus };
  const onFault = createFaultHandler({ engine, defaultLocale: deps.defaultLocale ?? 'zh-CN', token: config.token, log });
  bot.errorBoundary(onFault, otherChats(), textMessages(features), buttonPresses(features), unhandledInput(features));
  // Long polling reports errors outside the boundary here; there are none, but if there were,
  // they would get the same treatment.
  bot.catch(onFault);

  let polling: Promise<void> | undefined;
  let accepting = true;
  const inFlight = new Set<Promise<unknown>>();

  function webhookRouter(secret: string): Router {
    const handle = webhookCallback(bot, 'express', { secretToken: secret, onTimeout: 'return', timeoutMilliseconds: WEBHOOK_TIMEOUT_MS });
    const router = express.Router();
    router.post('/', express.json({ limit: '1mb' }), async (req, res) => {
      if (!accepting) {
        // Telegram tries again later, when the next instance is up.
        res.status(503).end();
        return;
      }
      const task = handle(req, res);
      inFlight.add(task);
      try {
        await task;
      } finally {
        inFlight.delete(task);
      }
    });
    return router;
  }

  return {
    bot,
    sender: createTelegramSender(bot.api),
    webhook: config.mode === 'webhook' ? webhookRouter(config.secret) : undefined,
    async start() {
      accepting = true;
      await menus.setDefaults(bot.api);
      if (config.mode === 'webhook') {
        await bot.init();
        await bot.api.setWebhook(config.webhookUrl, {
          secret_token: config.secret,
          allowed_updates: [...ALLOWED_UPDATES],
          drop_pending_updates: false,
        });
        return;
      }
      if (polling) return;
      await new Promise<void>((resolve, reject) => {
        polling = bot.start({ drop_pending_updates: false, allowed_updates: [...ALLOWED_UPDATES], onStart: () => resolve() }).catch((error: unknown) => {
          // Before onStart this rejects start(); after, polling has stopped for good (a revoked
          // token, another instance polling): said once, for the operator.
          reject(error);
          log(`telegram: long polling stopped: ${error instanceof Error ? error.message : String(error)}`.split(config.token).join('<token>'));
        });
      });
    },
    async stop() {
      accepting = false;
      if (polling) {
        const running = polling;
        polling = undefined;
        try {
          await bot.stop();
        } finally {
          // bot.stop() cancels the long poll; the loop ends once the update in hand is handled.
          await running;
        }
      }
      await Promise.allSettled([...inFlight]);
    },
  };
}
