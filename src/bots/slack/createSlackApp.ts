/**
 * The Slack adapter: a Bolt app that only translates. Slash command, buttons, modal
 * submissions and events become InboundEvents for the chat engine; replies come back as
 * Block Kit. Over HTTP, Slack's requests (events, the slash command and interactivity) all
 * arrive at `/slack/events` on the shared express app, signature-checked by Bolt (a bad or
 * stale signature gets 401); in Socket Mode the app dials out over a WebSocket instead.
 *
 * `processBeforeResponse` stays false: this is a long-running server, so Bolt may answer Slack
 * as soon as a listener acks and let the work finish after. Events are acked by Bolt at once,
 * the slash command and buttons ack first thing, and a modal submission acks only once the
 * engine has validated it, with `response_action: errors` when a field is wrong — ack(payload)
 * writes that answer itself, so it needs no processBeforeResponse. Setting it would hold every
 * answer until the replies are posted, risking Slack's 3-second limit and its retries; it is
 * for function hosts that freeze the process once the response is sent.
 *
 * Bolt's own logs (and the Web API client's, and Socket Mode's) go to the service's log
 * (boltLogger.ts). In Socket Mode the wiring hears through `onConnection` whether the WebSocket
 * is connected: /readyz tells from it.
 *
 * Retries: Slack redelivers an event it thinks was lost (X-Slack-Retry-Num, `context.retryNum`).
 * Retries are not dropped wholesale — a retry may be the first delivery that got through.
 * Instead each event's event_id (and each interaction's trigger_id) is the engine's updateId,
 * and the engine's processed-update record makes a second delivery change nothing.
 */
import { App, ExpressReceiver, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Express } from 'express';
import type { ChatEngine } from '../../chat/engine.ts';
import type { Sender } from '../../domain/notify/sender.ts';
import type { SlackConfig } from '../../config/config.ts';
import type { Locale } from '../../domain/vocabulary.ts';
import { createLogger, type Logger } from '../../observability/logger.ts';
import { boltLogger } from './boltLogger.ts';
import { registerListeners } from './listeners/index.ts';
import { createDmDirectory } from './post.ts';
import { createSlackSender } from './sender.ts';

export type SlackAppOptions = {
  engine: ChatEngine;
  config: SlackConfig;
  /** The shared HTTP app (createHttpApp); required over HTTP, where Slack posts to /slack/events. */
  expressApp?: Express;
  /** With both given, Bolt never calls auth.test. */
  botId?: string;
  botUserId?: string;
  /** The office's language for the fault sentence when a person's own is unknown (default zh-CN). */
  defaultLocale?: Locale;
  /** Where Bolt's logs go (default stderr). */
  logger?: Logger;
  /** The least level of Bolt's logs passed on (default: debug when the logger says debug, else info). */
  logLevel?: LogLevel;
  /** Socket Mode: hears whether the WebSocket to Slack is connected (true once Slack says hello, false once it closes). */
  onConnection?: (connected: boolean) => void;
};

export type SlackApp = {
  app: App;
  /**
   * Checks the bot token (auth.test, unless botId and botUserId were given) and, in Socket
   * Mode, connects. Over HTTP the shared server listens; call start() before it does.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends outbox messages; it fails fast on rate limits so the outbox can wait and retry. */
  sender: Sender;
};

/** Slack's path for events, the slash command and interactivity on the shared HTTP server. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Replies to a person's action retry a failed network call briefly; Bolt's default waits up to 30 minutes. */
const INTERACTIVE_RETRIES = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000 };

/** Builds the Slack app on the chat engine; listeners are registered, nothing is started. */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { config, engine } = options;
  const log = (options.logger ?? createLogger()).child({ component: 'slack' });
  const logLevel = options.logLevel ?? (log.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO);
  const logger = boltLogger(log, logLevel);
  const knowsItself = options.botId !== undefined && options.botUserId !== undefined;
  const common = {
    token: config.botToken,
    botId: options.botId,
    botUserId: options.botUserId,
    // Bolt would otherwise call auth.test while constructing, and a refused token would surface
    // later as an unhandled rejection; start() calls init() instead, so it fails where it is awaited.
    deferInitialization: true,
    tokenVerificationEnabled: !knowsItself,
    logger,
    logLevel,
    clientOptions: { slackApiUrl: config.apiUrl, retryConfig: INTERACTIVE_RETRIES },
    extendedErrorHandler: true,
    // Conversation state lives in the database (the engine's), not in Bolt's memory store.
    convoStore: false as const,
  };

  let app: App;
  if (config.mode === 'http') {
    if (!options.expressApp) throw new Error('createSlackApp: HTTP mode needs the shared express app (expressApp)');
    const receiver = new ExpressReceiver({
      signingSecret: config.signingSecret,
      app: options.expressApp,
      endpoints: SLACK_EVENTS_PATH,
      processBeforeResponse: false,
      logger,
    });
    app = new App({ ...common, receiver });
  } else {
    const receiver = new SocketModeReceiver({
      appToken: config.appToken,
      logger,
      // Socket Mode's own WebClient (apps.connections.open) is configured here, not by clientOptions.
      installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } },
    });
    receiver.client.on('connected', () => options.onConnection?.(true));
    for (const down of ['close', 'disconnected']) receiver.client.on(down, () => options.onConnection?.(false));
    app = new App({ ...common, socketMode: true, receiver });
  }

  registerListeners(app, { engine, dmOf: createDmDirectory(), defaultLocale: options.defaultLocale ?? 'zh-CN', botToken: config.botToken });

  const senderClient = new webApi.WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logger,
  });

  let initialized = false;
  let connected = false;
  return {
    app,
    sender: createSlackSender(senderClient),
    async start() {
      if (!initialized) {
        try {
          await app.init();
        } catch (error) {
          const code = (error as { data?: { error?: unknown } }).data?.error ?? (error as { code?: unknown }).code ?? 'no answer';
          throw new Error(`Slack refused the bot token or could not be reached (${String(code)}): check SLACK_BOT_TOKEN and SLACK_API_URL.`);
        }
        initialized = true;
      }
      if (config.mode === 'socket' && !connected) {
        await app.start();
        connected = true;
      }
    },
    async stop() {
      if (!connected) return;
      connected = false;
      await app.stop();
    },
  };
}
