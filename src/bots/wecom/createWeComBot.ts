/**
 * The WeCom (企业微信) adapter: the intelligent bot's long connection through WeCom's own SDK
 * (@wecom/aibot-node-sdk), which only translates (docs/wecom.md).
 *
 * Frames come in through the shared intake (../intake/intake.ts): a flooding chat is cut off,
 * and a frame that may write is kept in the inbox before it is handled. WeCom never sends a
 * frame again, so the inbox is its only copy: what a crash or a stop left there is handled when
 * this instance next holds the connection, and a frame the inbox cannot take (a locked
 * database) is held here and offered again every few seconds, in the order frames came.
 * Frames become the engine's events (events.ts); each chat's are handled one after the other.
 * A fault on a busy database hands the frame to the engine again shortly; any other fault gets
 * the catalog's sentence. Replies are pushed through the SDK (post.ts); what a dropped
 * connection kept from the person goes to the outbox, sent once the connection is back.
 *
 * WeCom keeps one connection per bot (a new one kicks the old), so the wiring connects only
 * while this instance holds the `wecom.connection` lease (docs/instances.md). While connected
 * the SDK reconnects by itself with exponential backoff (1 s doubling up to 30 s), here without
 * a limit on attempts. Kicked by a connection from outside (another process with the same bot
 * that does not share the lease), it connects again after 30 s, doubling up to 5 minutes.
 */
import { WSClient, type WsFrame } from '@wecom/aibot-node-sdk';
import type { ChatEngine } from '../../chat/engine.ts';
import type { InboundEvent, Reply } from '../../chat/types.ts';
import type { WeComConfig } from '../../config/config.ts';
import { keepRendered } from '../../domain/notify/keepRendered.ts';
import type { Sender } from '../../domain/notify/sender.ts';
import type { Store } from '../../domain/ports.ts';
import type { Locale } from '../../domain/vocabulary.ts';
import { translate } from '../../i18n/catalog.ts';
import { createLogger, errorText, type Logger } from '../../observability/logger.ts';
import { createIntake } from '../intake/intake.ts';
import { eventsOf, sortOf, type WeComBody } from './events.ts';
import { postReply, unsentRest } from './post.ts';
import { createWeComSender } from './sender.ts';

export type WeComBotOptions = {
  engine: ChatEngine;
  config: WeComConfig;
  /** The inbox and who is bound (the intake), the outbox and file store (replies kept for later). */
  store: Pick<Store, 'inbox' | 'identities' | 'outbox' | 'files'>;
  defaultLocale?: Locale;
  logger?: Logger;
  /** Hears whether the connection is up (true once authenticated, false once it closes). */
  onConnection?: (connected: boolean) => void;
  /** The application's clock: when a reply kept for later is due (default the system clock). */
  clock?: { now(): Date };
  /** Whether a fault is the database being busy: such a frame stays in the inbox and is handled again. */
  isTransient?: (error: unknown) => boolean;
  /** The SDK's base reconnect delay (default 1000 ms; tests shorten it). */
  reconnectMs?: number;
  /** How long after being kicked from outside to connect again, doubling up to 5 minutes (default 30 s). */
  kickedRetryMs?: number;
  /** How long before a frame that met a busy database is tried again (default 2 s). */
  retryBusyMs?: number;
};

export type WeComBot = {
  /** Opens the connection (if not open), then hands over what the inbox still holds; resolves once WeCom accepted the bot's id and secret. */
  connect(): Promise<void>;
  /** Closes the connection; the SDK stops reconnecting. Frames in hand are still handled. */
  disconnect(): void;
  connected(): boolean;
  /** Answers the frames in hand, then closes the connection; what came meanwhile stays in the inbox for the next holder. */
  stop(): Promise<void>;
  sender: Sender;
};

const AUTH_TIMEOUT_MS = 15_000;
const KICKED_RETRY_MAX_MS = 5 * 60_000;
/** A kick this long after the last one starts the wait over from `kickedRetryMs`. */
const KICKS_FORGOTTEN_MS = 10 * 60_000;
const RETRY_BUSY_MS = 2000;
/** The SDK's error for a subscription WeCom refused (a wrong bot id or secret). */
const REFUSED = /^Authentication failed/;
const REFUSED_SENTENCE = 'WeCom refused the bot id or secret: check WECOM_BOT_ID and WECOM_SECRET (and WECOM_WS_URL for a private deployment)';

export function createWeComBot(options: WeComBotOptions): WeComBot {
  const { engine, config, store } = options;
  const log = (options.logger ?? createLogger()).child({ component: 'wecom' });
  const defaultLocale = options.defaultLocale ?? 'zh-CN';
  const retryBusyMs = options.retryBusyMs ?? RETRY_BUSY_MS;
  const kickedRetryMs = options.kickedRetryMs ?? 30_000;
  let client: WSClient | undefined;
  let authenticated = false;
  /** Whether this instance wants the connection (it holds the lease): a kick is answered by connecting again. */
  let wanted = false;
  /** Stopping: frames still arriving are kept in the inbox for the next holder, not handled here. */
  let stopping = false;
  let stopped = false;
  /** When this instance was last kicked from outside, and how long it waited then. */
  let kick = { at: 0, waitMs: kickedRetryMs };
  const timers = new Set<NodeJS.Timeout>();
  /** Each chat's frames in order: one after the other, as the person sent them. */
  const queues = new Map<string, Promise<void>>();
  /** Frames read but not yet in the inbox (it could not be written), oldest first. */
  const arrivals: WeComBody[] = [];
  let pumping: Promise<void> | undefined;

  const sdkLogger = {
    debug: (message: string) => log.debug(message),
    info: (message: string) => log.debug(message),
    warn: (message: string) => log.warn(message),
    // A refusal is said once by the 'error' listener (open), not at every attempt.
    error: (message: string, ...args: unknown[]) => (REFUSED.test(message) ? log.debug : log.error)(`${message} ${args.map(String).join(' ')}`.trim()),
  };

  const later = (ms: number, work: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timers.add(timer);
  };
  /** Waits `ms`, or until the bot stops. */
  const wakers = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        wakers.delete(wake);
        resolve();
      };
      wakers.add(wake);
      later(ms, wake);
    });

  const intake = createIntake<WeComBody>({
    platform: 'wecom',
    idOf: (body) => body.msgid,
    sortOf,
    inbox: store.inbox,
    identities: store.identities,
    tellFlooding(chatId) {
      void push(chatId, [{ lines: [translate(defaultLocale, 'flood.slowDown')] }]);
    },
  });

  /** The connection to push on, if this instance holds one now. */
  const live = () => (client && authenticated ? client : undefined);

  /** Pushes replies; what cannot be pushed now (no connection, or it dropped mid-way) goes to the outbox. */
  async function push(chatId: string, replies: Reply[]): Promise<void> {
    for (const [index, reply] of replies.entries()) {
      const current = live();
      const progress = { partsSent: 0 };
      try {
        if (!current) throw new Error('not connected');
        await postReply(current, chatId, reply, progress);
      } catch (error) {
        const rest = [unsentRest(reply, progress.partsSent), ...replies.slice(index + 1)].filter((one): one is Reply => one !== null);
        await keepForLater(chatId, rest, error);
        return;
      }
    }
  }

  async function keepForLater(chatId: string, replies: Reply[], cause: unknown): Promise<void> {
    try {
      for (const reply of replies) {
        const message = await keepRendered(reply, store.files);
        await store.outbox.enqueue({ personId: null, platform: 'wecom', chatId, message, at: options.clock?.now() ?? new Date(), lane: 'reply' });
      }
      log.warn({ err: errorText(cause), chatId, replies: replies.length }, 'a reply could not be pushed; it waits in the outbox');
    } catch (error) {
      log.error({ err: errorText(error), chatId }, 'a reply could neither be pushed nor kept in the outbox');
    }
  }

  /** The catalog's fault sentence, in the person's language when it can be read. */
  async function tellFault(event: InboundEvent): Promise<void> {
    let sentence = translate(defaultLocale, 'fault.generic');
    try {
      sentence = (await engine.contextFor({ ...event, kind: 'text', text: '' })).t('fault.generic');
    } catch {
      // The person's language is unknown (the database may be what failed): the office's will do.
    }
    await push(event.chatId, [{ lines: [sentence] }]);
  }

  /** Handles a frame's events in order; true when it is done, false when it met a busy database and will be handled again. */
  async function handleFrame(body: WeComBody): Promise<boolean> {
    for (const event of eventsOf(body)) {
      let replies: Reply[];
      try {
        replies = await engine.handle(event);
      } catch (error) {
        if (options.isTransient?.(error) && intake.isKept(body)) {
          log.warn({ err: errorText(error), updateId: body.msgid }, 'the frame waits for the database; handled again shortly');
          return false;
        }
        log.error({ err: errorText(error), chatId: event.chatId, updateId: body.msgid }, 'the frame failed');
        await tellFault(event);
        continue;
      }
      await push(event.chatId, replies);
    }
    return true;
  }

  /** Queues a frame behind its chat's earlier ones; once handled it leaves the inbox. */
  function dispatch(body: WeComBody): void {
    const chat = body.chatid ?? body.from?.userid ?? '';
    const previous = queues.get(chat) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (!(await handleFrame(body))) {
        // Handled again after a pause; events of it already handled are recognised and skipped.
        if (!stopped) later(retryBusyMs, () => dispatch(body));
        return;
      }
      await intake
        .handled(body)
        .catch((error: unknown) =>
          log.warn({ err: errorText(error), updateId: body.msgid }, 'the frame was handled but is still in the inbox (the next start skips it as handled)'),
        );
    });
    queues.set(chat, next);
    void next.finally(() => {
      if (queues.get(chat) === next) queues.delete(chat);
    });
  }

  /** Offers the frames read so far to the intake, as one batch; while it cannot write, again every few seconds. */
  function pump(): Promise<void> {
    pumping ??= (async () => {
      let busySince: number | undefined;
      while (arrivals.length > 0 && !stopped) {
        const batch = arrivals.splice(0, arrivals.length);
        let admitted: WeComBody[];
        try {
          admitted = await intake.admit(batch);
        } catch (error) {
          arrivals.unshift(...batch);
          if (busySince === undefined) log.warn({ err: errorText(error), frames: batch.length }, 'could not keep the frames; trying again');
          busySince ??= Date.now();
          await pause(retryBusyMs);
          continue;
        }
        if (busySince !== undefined) log.info({ frames: batch.length }, 'the frames are kept again');
        busySince = undefined;
        for (const body of admitted) if (!stopping) dispatch(body);
      }
    })().finally(() => {
      pumping = undefined;
      if (arrivals.length > 0 && !stopped) void pump();
    });
    return pumping;
  }

  const arrive = (frame: WsFrame) => {
    const body = frame.body as WeComBody | undefined;
    if (!body?.msgid || !body.from?.userid) return;
    arrivals.push(body);
    void pump();
  };

  /**
   * A person opening the chat with the bot (the first time that day): a stranger is greeted with
   * how to bind (WeCom's welcome message, which must go within 5 s); a bound person is left in peace.
   */
  async function welcome(current: WSClient, frame: WsFrame): Promise<void> {
    const userId = (frame.body as WeComBody | undefined)?.from?.userid;
    if (!userId) return;
    try {
      if ((await store.identities.boundUsers('wecom', [userId])).has(userId)) return;
      await current.replyWelcome(frame, { msgtype: 'text', text: { content: translate(defaultLocale, 'help.unbound') } });
    } catch (error) {
      log.warn({ err: errorText(error), chatId: userId }, 'could not greet a person opening the chat');
    }
  }

  /** What an earlier run, or an earlier holder of the connection, kept but did not finish: first, in the order it came. */
  async function handleLeftOver(): Promise<void> {
    try {
      for (const body of await intake.leftOver()) dispatch(body);
    } catch (error) {
      log.warn({ err: errorText(error) }, 'could not read the frames left in the inbox; they are handled at the next connection');
    }
  }

  function kicked(current: WSClient) {
    if (client !== current) return;
    drop();
    const now = Date.now();
    kick = { at: now, waitMs: now - kick.at < KICKS_FORGOTTEN_MS ? Math.min(kick.waitMs * 2, KICKED_RETRY_MAX_MS) : kickedRetryMs };
    const { waitMs } = kick;
    log.error(
      { retryInSeconds: Math.round(waitMs / 1000) },
      'another connection took this WeCom bot over (another process with the same WECOM_BOT_ID that does not share this database?); connecting again later',
    );
    later(waitMs, () => {
      if (wanted && !client && !stopped) open().catch((error: unknown) => log.error({ err: errorText(error) }, 'WeCom connection failed'));
    });
  }

  /** Forgets the connection (closing it if open); says it is down if it was up. */
  function drop() {
    const current = client;
    client = undefined;
    if (current) {
      current.removeAllListeners();
      current.disconnect();
    }
    if (authenticated) {
      authenticated = false;
      options.onConnection?.(false);
    }
  }

  function open(): Promise<void> {
    const current = new WSClient({
      botId: config.botId,
      secret: config.secret,
      wsUrl: config.wsUrl,
      maxReconnectAttempts: -1,
      // A refused id or secret is tried again too (with the same backoff): a WeCom hiccup must not end the connection for good.
      maxAuthFailureAttempts: -1,
      reconnectInterval: options.reconnectMs ?? 1000,
      logger: sdkLogger,
    });
    client = current;
    current.on('authenticated', () => {
      authenticated = true;
      options.onConnection?.(true);
    });
    current.on('disconnected', () => {
      authenticated = false;
      options.onConnection?.(false);
    });
    let refusedSaid = false;
    current.on('error', (error) => {
      // The SDK logs a refusal itself (an error line); said here once until WeCom accepts the bot again.
      if (REFUSED.test(error.message)) {
        if (!refusedSaid) log.error({ err: errorText(error) }, REFUSED_SENTENCE);
        refusedSaid = true;
        return;
      }
      log.warn({ err: errorText(error) }, 'WeCom connection error');
    });
    current.on('authenticated', () => {
      refusedSaid = false;
    });
    for (const type of ['text', 'voice', 'image', 'file', 'video', 'mixed'] as const) current.on(`message.${type}`, arrive);
    current.on('event.template_card_event', arrive);
    current.on('event.enter_chat', (frame: WsFrame) => void welcome(current, frame));
    current.on('event.disconnected_event', () => kicked(current));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('WeCom did not accept the connection in time: check WECOM_BOT_ID, WECOM_SECRET and WECOM_WS_URL.')),
        AUTH_TIMEOUT_MS,
      );
      current.once('authenticated', () => {
        clearTimeout(timer);
        void handleLeftOver();
        resolve();
      });
      // A refusal answers at once; the SDK goes on trying, and the connection comes up once WeCom accepts.
      const refused = (error: Error) => {
        if (!REFUSED.test(error.message)) return;
        clearTimeout(timer);
        reject(new Error(`${REFUSED_SENTENCE} (${error.message})`));
      };
      current.on('error', refused);
      current.once('authenticated', () => current.off('error', refused));
      current.connect();
    });
  }

  return {
    connect() {
      wanted = true;
      if (client || stopped) return Promise.resolve();
      return open();
    },
    disconnect() {
      wanted = false;
      drop();
    },
    connected: () => authenticated,
    async stop() {
      wanted = false;
      stopping = true;
      // The frames in hand are answered on the connection while it is still open…
      while (queues.size > 0) await Promise.allSettled([...queues.values()]);
      stopped = true;
      drop();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const wake of [...wakers]) wake();
      // …and those that came meanwhile wait in the inbox for the next holder of the connection.
      await pumping;
      while (queues.size > 0) await Promise.allSettled([...queues.values()]);
    },
    sender: createWeComSender(live),
  };
}
