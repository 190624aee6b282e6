/**
 * The Telegram adapter: a grammY bot that only translates. Updates from private chats become
 * the engine's events (features/), replies are rendered for Telegram (render.ts), every API call
 * is paced per chat and retried on 429 and network failures (transformers.ts), and one error
 * boundary gives the person the catalog's sentence for any fault (faults.ts).
 *
 * Updates from different chats are handled at the same time (up to `CONCURRENCY`), those of one
 * chat one after another in the order they came (`sequentialize`). Each update passes the intake
 * first (intake.ts): a flood is cut off, and an update that may write is in the inbox before
 * Telegram is told it was received.
 *
 * Faults are logged with the update and chat they concern, the bot token masked. The wiring hears
 * through `onConnection` whether the bot is connected to Telegram: /readyz tells from it.
 *
 * Long polling (grammY's runner) or a webhook, as configured: in webhook mode `webhook` is the
 * Express handler to mount at `/telegram` (webhook.ts). Telegram lets one caller at a time poll a
 * bot; where instances share a database, the wiring polls only while this instance holds the
 * polling lease (`start({ poll: false })`, then `poll()` and `stopPolling()`; docs/instances.md).
 */
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Router } from 'express';
import type { ChatEngine } from '../../chat/engine.ts';
import type { Sender } from '../../domain/notify/sender.ts';
import type { Store } from '../../domain/ports.ts';
import type { TelegramConfig } from '../../config/config.ts';
import type { Locale } from '../../domain/vocabulary.ts';
import { translator } from '../../i18n/catalog.ts';
import { createLogger, type Logger } from '../../observability/logger.ts';
import { createCommandMenus } from './commandMenu.ts';
import { buttonPresses } from './features/buttons.ts';
import { fileMessages } from './features/files.ts';
import { textMessages } from './features/messages.ts';
import { otherChats } from './features/otherChats.ts';
import { unhandledInput } from './features/unhandled.ts';
import { createFaultHandler, maskedError } from './faults.ts';
import { createTelegramIntake } from './intake.ts';
import { escapeHtml } from './render.ts';
import { createTelegramSender } from './sender.ts';
import { installTransformers } from './transformers.ts';
import { createWebhook } from './webhook.ts';

export type TelegramBotDeps = {
  engine: ChatEngine;
  /** Where updates are kept until handled, and who is bound (the intake's one read per batch). */
  store: Pick<Store, 'inbox' | 'identities'>;
  config: TelegramConfig;
  /** What getMe would return; given, the bot never calls getMe. */
  botInfo?: UserFromGetMe;
  /** The language of the fault sentence when the person's own cannot be looked up (default zh-CN). */
  defaultLocale?: Locale;
  /** Where faults are logged for the operator (default stderr); the token is masked. */
  logger?: Logger;
  /**
   * Hears whether the bot is connected: polling — true once polling begins and whenever
   * getUpdates answers, false when it fails or polling stops on a refusal; webhook — true once
   * the webhook is registered.
   */
  onConnection?: (connected: boolean) => void;
  /** Whether a fault is the database being busy: such an update stays in the inbox and is handled again. */
  isTransient?: (error: unknown) => boolean;
};

export type TelegramBot = {
  bot: Bot;
  /**
   * Sets the default command menus, then: polling — begins polling (see `poll`), unless
   * `poll: false`; webhook — handles what an earlier run left in the inbox and registers the
   * webhook with its secret.
   */
  start(options?: { poll?: boolean }): Promise<void>;
  /**
   * Polling: handles what is left in the inbox and not in hand here (an earlier run's or an
   * earlier poller's unfinished updates), in the order it came, then begins long polling; nothing
   * if it is polling already. After a 409 Conflict (another caller polls this bot) polling has
   * stopped, and this begins it again.
   */
  poll(): Promise<void>;
  /** Polling: stops polling and waits for the updates in hand to be handled. */
  stopPolling(): Promise<void>;
  /** Stops taking updates and waits for the ones being handled to finish. */
  stop(): Promise<void>;
  /** Webhook mode: the Express handler for POST `/telegram` (mount with `app.use('/telegram', webhook)`). */
  webhook: Router | undefined;
  /** Sends messages outside a conversation (the outbox), with the bot's pacing and retries. */
  sender: Sender;
};

/** The only updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** How many updates (of different chats) are handled at once. */
export const CONCURRENCY = 32;

/** The longest pause between two getUpdates calls under load (see `run` below). */
const FETCH_PAUSE_MS = 200;

/** How long an update that failed on a busy database waits before it is handled again. */
const RETRY_BUSY_MS = 2000;

export function createTelegramBot(deps: TelegramBotDeps): TelegramBot {
  const { engine, config } = deps;
  const log = (deps.logger ?? createLogger()).child({ component: 'telegram' });
  const fault = (error: unknown) => maskedError(error, config.token);
  const connected = (up: boolean) => deps.onConnection?.(up);
  const defaultLocale = deps.defaultLocale ?? 'zh-CN';
  const bot = new Bot(config.token, {
    client: { apiRoot: config.apiRoot.replace(/\/+$/, '') },
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
  });
  installTransformers(bot.api);

  const intake = createTelegramIntake({
    inbox: deps.store.inbox,
    identities: deps.store.identities,
    tellFlooding(chatId) {
      const text = escapeHtml(translator(defaultLocale)('flood.slowDown'));
      bot.api
        .sendMessage(Number(chatId), text, { parse_mode: 'HTML' })
        .catch((error: unknown) => log.warn({ chatId, ...fault(error) }, 'could not tell a flooding chat to slow down'));
    },
  });
  /** Updates taken but dropped by the intake (a flood): skipped when the runner hands them over. */
  const dropped = new Set<number>();
  /** Updates whose handling failed on a busy database: they stay in the inbox and are handled again. */
  const busy = new Set<number>();
  const inFlight = new Set<Promise<void>>();
  const retries = new Set<NodeJS.Timeout>();

  const menus = createCommandMenus(engine, log);
  const features = { engine, menus };
  const onFault = createFaultHandler({
    engine,
    defaultLocale,
    token: config.token,
    logger: log,
    keepForRetry(update, error) {
      if (!deps.isTransient?.(error) || !intake.isKept(update)) return false;
      busy.add(update.update_id);
      return true;
    },
  });

  // Outermost: an update the intake dropped goes no further; one handled leaves the inbox, one
  // that failed on a busy database is handled again shortly. stop() waits for every update here.
  bot.use(async (ctx, next) => {
    const id = ctx.update.update_id;
    if (dropped.delete(id)) return;
    let resolve = () => {};
    const done = new Promise<void>((settle) => {
      resolve = settle;
    });
    inFlight.add(done);
    try {
      await next();
      if (busy.delete(id)) {
        const timer = setTimeout(() => {
          retries.delete(timer);
          void handle(ctx.update);
        }, RETRY_BUSY_MS);
        retries.add(timer);
        return;
      }
      await intake
        .handled(ctx.update)
        .catch((error: unknown) =>
          log.warn({ updateId: String(id), ...fault(error) }, 'the update was handled but is still in the inbox (a restart skips it as a redelivery)'),
        );
    } finally {
      inFlight.delete(done);
      resolve();
    }
  });
  bot.use(sequentialize((ctx: Context) => (ctx.chat ?? ctx.from)?.id.toString()));
  bot.errorBoundary(
    onFault,
    otherChats(),
    textMessages(features),
    fileMessages(features, { apiRoot: config.apiRoot, token: config.token }),
    buttonPresses(features),
    unhandledInput(features),
  );
  bot.catch(onFault);

  /** Handles one update outside the runner: left over, retried, or from the webhook. */
  function handle(update: Update): Promise<void> {
    return bot.handleUpdate(update).catch((error: unknown) => log.error({ updateId: String(update.update_id), ...fault(error) }, 'the update failed'));
  }

  // Polling: each batch passes the intake inside the getUpdates call, so the runner asks for the
  // next offset (which confirms the batch to Telegram) only once the batch is kept. If it cannot
  // be kept, getUpdates fails and the runner asks for the same updates again.
  let fetchFailing = false;
  // A 409 Conflict: another caller polls this bot (Telegram ends the older of two getUpdates
  // calls with it). Said once until a getUpdates call succeeds again; the runner stops on it.
  let conflicting = false;
  // Polling stopped by another fault (a revoked token): said once until a getUpdates call succeeds
  // again, since the lease's holder begins polling again at each renewal.
  let stoppedSaid = false;
  bot.api.config.use(async (prev, method, payload, signal) => {
    if (method !== 'getUpdates') return prev(method, payload, signal);
    let result: Awaited<ReturnType<typeof prev>>;
    try {
      result = await prev(method, payload, signal);
    } catch (error) {
      // Said once per outage; the runner keeps asking.
      if (!fetchFailing && !signal?.aborted) {
        log.warn(fault(error), 'cannot fetch updates; retrying');
        connected(false);
      }
      fetchFailing = !signal?.aborted;
      throw error;
    }
    if (fetchFailing) log.info('fetching updates again');
    fetchFailing = false;
    if (!result.ok) {
      if (result.error_code === 409 && !conflicting) {
        log.error('409 Conflict: another process is polling Telegram with this bot token (only one may at a time); this one stops polling (docs/instances.md)');
      }
      conflicting = result.error_code === 409;
      return result;
    }
    connected(true);
    conflicting = false;
    stoppedSaid = false;
    const updates = result.result as Update[];
    try {
      const admitted = new Set(await intake.admit(updates));
      for (const update of updates) if (!admitted.has(update)) dropped.add(update.update_id);
    } catch (error) {
      log.warn({ updates: updates.length, ...fault(error) }, 'could not keep the updates; asking for them again');
      throw error;
    }
    return result;
  });

  let runner: RunnerHandle | undefined;
  const webhook =
    config.mode === 'webhook'
      ? createWebhook({
          secret: config.secret,
          async admit(update) {
            const [admitted] = await intake.admit([update]);
            return { handled: admitted ? handle(admitted) : Promise.resolve() };
          },
          logger: log,
        })
      : undefined;

  /** What an earlier run (or an earlier poller) kept but did not finish goes first, in the order it came. */
  async function handleLeftOver() {
    for (const update of await intake.leftOver()) void handle(update);
  }

  async function poll() {
    if (config.mode !== 'polling' || runner?.isRunning()) return;
    await handleLeftOver();
    // Fetch errors are said above and retried by the runner (a wait growing by 0.1 s each time),
    // for as long as it takes; only a revoked token or a second poller (401, 409) stops it.
    const started = run(bot, {
      runner: {
        fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: 30 },
        silent: true,
        retryInterval: 'quadratic',
        maxRetryTime: Number.POSITIVE_INFINITY,
      },
      sink: { concurrency: CONCURRENCY },
      // Under load, wait up to FETCH_PAUSE_MS between getUpdates calls so that each brings a batch
      // rather than one or two updates (each call costs an HTTP round trip and a pass through
      // the intake); a quiet bot still answers at once, since the long poll returns on arrival.
      source: { speedTrafficBalance: 0.5, maxDelayMilliseconds: FETCH_PAUSE_MS },
    });
    runner = started;
    // Connected from now on, unless polling was stopped by a refusal: then only once getUpdates answers again.
    if (!conflicting && !stoppedSaid) connected(true);
    void started.task()?.catch((error: unknown) => {
      connected(false);
      // A 409 was said when it came; anything else is said here.
      if (conflicting || stoppedSaid) return;
      stoppedSaid = true;
      log.error(fault(error), 'long polling stopped');
    });
  }

  /** Stops polling (if it runs), then waits for every update in hand. */
  async function stopPolling() {
    const stopping = runner;
    runner = undefined;
    if (stopping?.isRunning()) await stopping.stop();
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  return {
    bot,
    sender: createTelegramSender(bot.api),
    webhook: webhook?.router,
    async start(options = {}) {
      await menus.setDefaults(bot.api);
      await bot.init();
      if (config.mode === 'polling') {
        if (options.poll !== false) await poll();
        return;
      }
      await handleLeftOver();
      webhook?.open();
      await bot.api.setWebhook(config.webhookUrl, {
        secret_token: config.secret,
        allowed_updates: [...ALLOWED_UPDATES],
        drop_pending_updates: false,
      });
      connected(true);
    },
    poll,
    stopPolling,
    async stop() {
      webhook?.close();
      for (const timer of retries) clearTimeout(timer);
      retries.clear();
      // Everything taken is handled before the database closes; what is in the inbox stays for the next start.
      await stopPolling();
    },
  };
}
