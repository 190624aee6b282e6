/**
 * The WeCom (企业微信) adapter: the intelligent bot's long connection through WeCom's own SDK
 * (@wecom/aibot-node-sdk), which only translates. Text messages become the engine's text
 * events, template card button presses its action events (the engine validates the action
 * string, so a forged or stale one gets the plain "no longer valid" answer); replies go back
 * through the SDK's push channel (post.ts). Each frame's msgid is the engine's updateId, so a
 * frame delivered twice is answered once.
 *
 * WeCom keeps one connection per bot (a new one kicks the old), so the wiring connects only
 * while this instance holds the `wecom.connection` lease (docs/wecom.md, docs/instances.md).
 * While connected the SDK reconnects by itself with exponential backoff (1 s doubling up to
 * 30 s), here without a limit on attempts.
 */
import { WSClient, type WsFrame } from '@wecom/aibot-node-sdk';
import type { ChatEngine } from '../../chat/engine.ts';
import type { InboundEvent } from '../../chat/types.ts';
import type { WeComConfig } from '../../config/config.ts';
import type { Sender } from '../../domain/notify/sender.ts';
import type { Locale } from '../../domain/vocabulary.ts';
import { translate } from '../../i18n/catalog.ts';
import { createLogger, errorText, type Logger } from '../../observability/logger.ts';
import { postReplies } from './post.ts';
import { createWeComSender } from './sender.ts';

export type WeComBotOptions = {
  engine: ChatEngine;
  config: WeComConfig;
  defaultLocale?: Locale;
  logger?: Logger;
  /** Hears whether the connection is up (true once authenticated, false once it closes). */
  onConnection?: (connected: boolean) => void;
  /** The SDK's base reconnect delay (default 1000 ms; tests shorten it). */
  reconnectMs?: number;
};

export type WeComBot = {
  /** Opens the connection (if not open); resolves once WeCom accepted the bot's id and secret. */
  connect(): Promise<void>;
  /** Closes the connection; the SDK stops reconnecting. */
  disconnect(): void;
  connected(): boolean;
  sender: Sender;
};

const AUTH_TIMEOUT_MS = 15_000;

type MessageBody = {
  msgid: string;
  chatid?: string;
  from: { userid: string };
  text?: { content?: string };
  event?: { eventtype?: string; event_key?: string };
};

export function createWeComBot(options: WeComBotOptions): WeComBot {
  const { engine, config } = options;
  const log = (options.logger ?? createLogger()).child({ component: 'wecom' });
  const defaultLocale = options.defaultLocale ?? 'zh-CN';
  let client: WSClient | undefined;
  let authenticated = false;
  /** Each chat's events in order: one after the other, as the person sent them. */
  const queues = new Map<string, Promise<void>>();

  const sdkLogger = {
    debug: (message: string) => log.debug(message),
    info: (message: string) => log.debug(message),
    warn: (message: string) => log.warn(message),
    error: (message: string, ...args: unknown[]) => log.error(`${message} ${args.map(String).join(' ')}`.trim()),
  };

  const handle = (current: WSClient, event: InboundEvent) => {
    const previous = queues.get(event.chatId) ?? Promise.resolve();
    const next = previous.then(async () => {
      let replies: Awaited<ReturnType<ChatEngine['handle']>>;
      try {
        replies = await engine.handle(event);
      } catch (error) {
        log.error({ err: errorText(error), chatId: event.chatId }, 'the update failed');
        let sentence = translate(defaultLocale, 'fault.generic');
        try {
          sentence = (await engine.contextFor({ ...event, kind: 'text', text: '' })).t('fault.generic');
        } catch {
          // The person's language is unknown (the database may be what failed): the office's will do.
        }
        await current.sendMessage(event.chatId, { msgtype: 'markdown', markdown: { content: sentence } }).catch(() => undefined);
        return;
      }
      try {
        await postReplies(current, event.chatId, replies);
      } catch (error) {
        // Handled and stored; only the answer did not get through (the connection dropped).
        log.warn({ err: errorText(error), chatId: event.chatId }, 'a reply could not be pushed');
      }
    });
    queues.set(event.chatId, next);
    void next.finally(() => {
      if (queues.get(event.chatId) === next) queues.delete(event.chatId);
    });
  };

  /** The chat replies go to: a group's chatid, else (a single chat) the person's userid (the SDK's sendMessage). */
  const whoOf = (body: MessageBody) => ({ platform: 'wecom' as const, userId: body.from.userid, chatId: body.chatid ?? body.from.userid });

  const open = () => {
    const current = new WSClient({
      botId: config.botId,
      secret: config.secret,
      wsUrl: config.wsUrl,
      maxReconnectAttempts: -1,
      reconnectInterval: options.reconnectMs ?? 1000,
      logger: sdkLogger,
    });
    current.on('authenticated', () => {
      authenticated = true;
      options.onConnection?.(true);
    });
    current.on('disconnected', () => {
      authenticated = false;
      options.onConnection?.(false);
    });
    current.on('error', (error) => log.warn({ err: errorText(error) }, 'WeCom connection error'));
    current.on('message.text', (frame: WsFrame) => {
      const body = frame.body as MessageBody;
      if (!body?.from?.userid || typeof body.text?.content !== 'string') return;
      // In a group the bot is @-mentioned first: the text is what follows.
      const text = body.text.content.replace(/^@\S+\s*/, '').trim();
      handle(current, { kind: 'text', ...whoOf(body), text, updateId: `msg:${body.msgid}` });
    });
    current.on('event.template_card_event', (frame: WsFrame) => {
      const body = frame.body as MessageBody;
      if (!body?.from?.userid) return;
      handle(current, { kind: 'action', ...whoOf(body), data: String(body.event?.event_key ?? ''), updateId: `event:${body.msgid}` });
    });
    return current;
  };

  return {
    connect() {
      if (client) return Promise.resolve();
      const current = open();
      client = current;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('WeCom did not accept the connection in time: check WECOM_BOT_ID, WECOM_SECRET and WECOM_WS_URL.')),
          AUTH_TIMEOUT_MS,
        );
        current.once('authenticated', () => {
          clearTimeout(timer);
          resolve();
        });
        current.connect();
      });
    },
    disconnect() {
      const current = client;
      client = undefined;
      if (!current) return;
      current.removeAllListeners();
      current.disconnect();
      if (authenticated) {
        authenticated = false;
        options.onConnection?.(false);
      }
    },
    connected: () => authenticated,
    sender: createWeComSender(() => (client && authenticated ? client : undefined)),
  };
}
