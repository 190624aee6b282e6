/**
 * A local fake of the Telegram Bot API for tests that drive the real grammY stack:
 *
 *   const tg = await startFakeTelegram();
 *   const bot = new Bot('123:TEST', { client: { apiRoot: tg.apiRoot } });
 *
 * Routes `POST|GET /bot<token>/<method>` (JSON, form-urlencoded or multipart bodies),
 * implements getUpdates with real long polling, and records every call and every message
 * delivered. `startFakeTelegram({ pollConflicts: true })` ends a waiting getUpdates with 409
 * Conflict when another comes, as Telegram does: one caller at a time may poll a bot. `startFakeTelegram({ sendRate })` refuses messages beyond a rate with 429, as
 * Telegram does (bench/chatLoad.ts holds bots to Telegram's 30 a second this way).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Chat, Message, Update, User, UserFromGetMe } from 'grammy/types';
import {
  CallLog,
  type CallMatcher,
  closeServer,
  listen,
  parseRequest,
  realClearTimeout,
  realSetTimeout,
  resolveFiles,
  sendJson,
  type UploadedFile,
} from './common.ts';

export type { UploadedFile } from './common.ts';

export interface TelegramCall {
  method: string;
  /** Parsed parameters. Multipart/form values: JSON objects/arrays parsed, integer `*_id` values as numbers. */
  params: Record<string, any>;
  /** Date.now() when the request arrived. */
  at: number;
  token: string;
  /** File parts of a multipart request (sendDocument, sendPhoto…), content not kept. */
  files: UploadedFile[];
}

export interface TelegramError {
  error_code: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface PushTextOptions {
  /** Defaults to the user id (private chat). */
  chatId?: number;
  chatType?: 'private' | 'group' | 'supergroup';
  chatTitle?: string;
  firstName?: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
  messageId?: number;
  /** Unix seconds. */
  date?: number;
  replyToMessageId?: number;
  /** Extra fields merged into the message. */
  extra?: Record<string, unknown>;
}

/** A message the fake accepted (sendMessage, sendDocument, sendPhoto answered ok). */
export interface Delivery {
  method: string;
  chatId: number;
  messageId: number;
  /** Date.now() when it was accepted. */
  at: number;
  /** The text, or the caption of a file. */
  text: string;
  /** How many photos, videos or documents a media group carried (sendMediaGroup only). */
  items?: number;
}

export interface FakeTelegramOptions {
  /**
   * Telegram's limit on messages over all chats, enforced: a bucket of `burst` messages refilled
   * at `perSecond`; a message that finds it empty is refused with 429 and a `retry_after`.
   */
  sendRate?: { perSecond: number; burst: number };
  /**
   * As Telegram: a getUpdates call that comes while another waits ends that one with 409
   * Conflict (see `conflicts()`). Off by default, so a test may call getUpdates beside a
   * polling bot.
   */
  pollConflicts?: boolean;
}

export interface PushCallbackOptions {
  chatId?: number;
  firstName?: string;
  username?: string;
  /** Text of the message carrying the button (defaults to what the bot sent with that id, if known). */
  messageText?: string;
  callbackQueryId?: string;
}

export interface FakeTelegram {
  /** `http://127.0.0.1:PORT` — pass as `client.apiRoot` to grammY. */
  readonly apiRoot: string;
  readonly port: number;
  /** What getMe returns (username `xinbao_test_bot`). */
  readonly botInfo: UserFromGetMe;
  readonly calls: TelegramCall[];
  callsTo(method: string): TelegramCall[];
  /** First call (already recorded or future, index >= fromIndex) matching a method name or predicate. */
  waitFor(matcher: CallMatcher<TelegramCall>, timeoutMs?: number, fromIndex?: number): Promise<TelegramCall>;
  /** Queues an update (update_id auto-assigned when missing) and wakes a pending long poll. */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update;
  /** A private-chat text message from `fromUserId`; `/command` text gets a `bot_command` entity. */
  pushText(fromUserId: number, text: string, opts?: PushTextOptions): Update;
  /** A callback_query from `fromUserId` on message `messageId` (default: the bot's last message in that chat). */
  pushCallback(fromUserId: number, data: string, messageId?: number, opts?: PushCallbackOptions): Update;
  /** Queues an update as is — even an update_id already confirmed — to test redelivery handling. */
  pushRaw(update: Update): Update;
  /** Updates queued and not yet confirmed by an `offset`. */
  pendingUpdates(): Update[];
  /**
   * With `pollConflicts`: the getUpdates calls ended with 409 Conflict because another
   * getUpdates came while they waited (Telegram lets one caller at a time poll a bot).
   */
  conflicts(): TelegramCall[];
  /** Whether a getUpdates call is waiting now (someone is polling). */
  polling(): boolean;
  /** The next `times` calls to `method` answer `{ok:false, ...error}` with HTTP status error_code. */
  failNext(method: string, error: TelegramError, times?: number): void;
  /** The next `times` calls to `method` get their socket destroyed (a network error). */
  failNextNetwork(method: string, times?: number): void;
  /**
   * An outage: until `endOutage()`, every call to `methods` (by default every method but
   * getUpdates) fails — with `error` (HTTP status error_code, 502 Bad Gateway by default), or
   * with its socket destroyed for `'network'`. The calls are still recorded.
   */
  startOutage(error?: TelegramError | 'network', methods?: string[]): void;
  endOutage(): void;
  /**
   * From now on, calls to `method` (after the next `after` ones, answered as usual) are recorded
   * but not answered until `release()`: a request the platform received, its answer still on the
   * way. A held call whose client goes away (a killed process) is dropped unanswered.
   */
  hold(method: string, options?: { after?: number }): void;
  /** Answers every held call as usual and stops holding. */
  release(): void;
  /** The calls held now, unanswered. */
  held(): TelegramCall[];
  /** Messages the bot sent (sendMessage/sendDocument/sendPhoto), with edits applied. */
  sentMessages(chatId?: number): Message[];
  /** Calls to this chat are recorded but not answered until the returned release() is called. */
  holdChat(chatId: number): () => void;
  /** Every message accepted, in order, with the time it was: what a person would have received. */
  readonly deliveries: Delivery[];
  /** Calls `listener` on each message accepted from now on; returns the way to stop. */
  onDelivery(listener: (delivery: Delivery) => void): () => void;
  /** Messages refused with 429 because they came faster than `sendRate`. */
  rateRefusals(): number;
  /** Forgets calls, queued updates, sent messages and pending failures. */
  reset(): void;
  close(): Promise<void>;

  // ——— Inbound files (attachments coming in, docs/attachments.md) ———
  /** Keeps `bytes` as a file users may send: getFile answers for it, its path is downloadable. */
  addFile(bytes: Uint8Array, options?: { uniqueId?: string; size?: number }): InboundTelegramFile;
  /** A private-chat message from `fromUserId` carrying a file (photo sizes, a document, a video) or a location; `caption` beside it. */
  pushFile(fromUserId: number, content: PushedFile, options?: { caption?: string; chatId?: number }): Update;
  /** How many times a file was downloaded from `/file/bot<token>/<path>`, by file_id (all files without one). */
  downloads(fileId?: string): number;
  // ——— end inbound files ———
}

// ——— Inbound files (attachments coming in, docs/attachments.md) ———
export type InboundTelegramFile = { file_id: string; file_unique_id: string; file_size: number };
export type PushedFile =
  | { photo: InboundTelegramFile[] }
  | { document: InboundTelegramFile & { file_name?: string; mime_type?: string } }
  | { video: InboundTelegramFile & { mime_type?: string; width: number; height: number; duration: number } }
  | { location: { latitude: number; longitude: number } };
// ——— end inbound files ———

type Failure = { kind: 'error'; error: TelegramError } | { kind: 'network' };

interface QueuedUpdate {
  update: Update;
  raw: boolean;
  delivered: boolean;
}

const BOT_ID = 7000000001;

// --- Outgoing media (urgent alerts' photos, videos, documents, places): begin ---------------------

/** The media methods besides sendDocument and sendPhoto; each call is one delivery (a media group too). */
const OUT_MEDIA_METHODS = ['sendMediaGroup', 'sendVideo', 'sendLocation'];

/**
 * The answer to an outgoing media call: sendVideo and sendLocation one message, sendMediaGroup
 * one message per item (as Telegram does), each item's uploaded part found through its
 * `attach://` name and recorded on the call as field `media.<index>`.
 */
function answerOutMedia(
  call: TelegramCall,
  base: (params: Record<string, any>) => Record<string, unknown>,
  fileFor: (call: TelegramCall, field: string) => Record<string, unknown>,
): unknown {
  const p = call.params;
  if (call.method === 'sendLocation') return { ...base(p), location: { latitude: Number(p.latitude), longitude: Number(p.longitude) } };
  if (call.method === 'sendVideo') return { ...base(p), video: fileFor(call, 'video'), ...(p.caption !== undefined ? { caption: String(p.caption) } : {}) };
  const media = Array.isArray(p.media) ? (p.media as { type: string; media: string; caption?: string }[]) : [];
  const groupId = `G${call.at}`;
  return media.map((item, index) => {
    const part = typeof item.media === 'string' ? item.media.replace(/^attach:\/\//, '') : '';
    const uploaded = call.files.find((file) => file.partName === part);
    if (uploaded) uploaded.field = `media.${index}`;
    const file = { file_id: `FILE_media_${index}_${call.at}`, file_unique_id: `UM${index}_${call.at}`, ...(uploaded ? { file_size: uploaded.size } : {}) };
    const content = item.type === 'photo' ? { photo: [{ ...file, width: 800, height: 600 }] } : { [item.type]: file };
    return { ...base(p), media_group_id: groupId, ...content, ...(item.caption !== undefined ? { caption: item.caption } : {}) };
  });
}

// --- Outgoing media: end --------------------------------------------------------------------------

/** The methods that send a message to a chat: what `sendRate` limits and `deliveries` lists. */
const SEND_METHODS = new Set(['sendMessage', 'sendDocument', 'sendPhoto', ...OUT_MEDIA_METHODS]);

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const log = new CallLog<TelegramCall>();
  const botInfo: UserFromGetMe = {
    id: BOT_ID,
    is_bot: true,
    first_name: 'Xinbao Test',
    username: 'xinbao_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
  } as UserFromGetMe;
  const botUser: User = { id: BOT_ID, is_bot: true, first_name: botInfo.first_name, username: botInfo.username };

  let queue: QueuedUpdate[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let nextFileSeq = 1;
  let nextCallbackSeq = 1;
  const failures = new Map<string, Failure[]>();
  const waiters = new Set<() => void>();
  const chats = new Map<number, Chat>();
  const sent = new Map<string, Message>(); // `${chatId}:${messageId}`
  let myCommands: unknown[] = [];
  let outage: { failure: Failure; methods: string[] | undefined } | undefined;
  let holding: { method: string; after: number } | undefined;
  let heldCalls: { call: TelegramCall; answer: () => void }[] = [];
  let closed = false;
  /** The getUpdates call waiting now, and how to end it with a 409 when another comes. */
  let waitingPoll: { call: TelegramCall; conflict(): void } | undefined;
  const conflicts: TelegramCall[] = [];
  const deliveries: Delivery[] = [];
  const deliveryListeners = new Set<(delivery: Delivery) => void>();
  let refusals = 0;
  let tokens = options.sendRate?.burst ?? 0;
  let filledAt = Date.now();

  /** Takes one message from the rate's bucket: 0 when there was one, else the seconds to wait. */
  function takeSendToken(): number {
    const rate = options.sendRate;
    if (!rate) return 0;
    const at = Date.now();
    tokens = Math.min(rate.burst, tokens + ((at - filledAt) / 1000) * rate.perSecond);
    filledAt = at;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - tokens) / rate.perSecond));
  }

  function recordDelivery(call: TelegramCall, result: unknown): void {
    // A media group is one delivery: its messages arrive together, its caption is its first item's.
    const group = Array.isArray(result) ? (result as Message[]) : undefined;
    const msg = group ? group[0]! : (result as Message);
    const delivery: Delivery = {
      method: call.method,
      chatId: msg.chat.id,
      messageId: msg.message_id,
      at: Date.now(),
      text: String(call.params.text ?? call.params.caption ?? (group ? (call.params.media?.[0]?.caption ?? '') : '')),
      ...(group ? { items: group.length } : {}),
    };
    deliveries.push(delivery);
    for (const listener of [...deliveryListeners]) listener(delivery);
  }

  const now = () => Math.floor(Date.now() / 1000);

  function chatFor(chatId: unknown): Chat {
    const id = typeof chatId === 'string' && /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
    if (typeof id === 'number') {
      const known = chats.get(id);
      if (known) return known;
      if (id > 0) return { id, type: 'private', first_name: `User${id}` };
      if (id < -1000000000000) return { id, type: 'supergroup', title: `Chat ${id}` };
      return { id, type: 'group', title: `Chat ${id}` };
    }
    const name = String(id ?? '').replace(/^@/, '');
    return { id: -1009999999999, type: 'channel', title: name, username: name };
  }

  function userFor(id: number, o: { firstName?: string; lastName?: string; username?: string; languageCode?: string }): User {
    return {
      id,
      is_bot: false,
      first_name: o.firstName ?? `User${id}`,
      ...(o.lastName ? { last_name: o.lastName } : {}),
      ...(o.username ? { username: o.username } : {}),
      ...(o.languageCode ? { language_code: o.languageCode } : {}),
    };
  }

  function wake(): void {
    for (const w of [...waiters]) w();
  }

  function enqueue(update: Update, raw: boolean): Update {
    if (update.update_id >= nextUpdateId) nextUpdateId = update.update_id + 1;
    queue.push({ update, raw, delivered: false });
    wake();
    return update;
  }

  function pushUpdate(u: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const update = { ...u, update_id: u.update_id ?? nextUpdateId } as Update;
    return enqueue(update, false);
  }

  /** getUpdates `offset` confirms every update with a smaller id (raw ones once delivered). */
  function confirm(offset: number): void {
    if (!Number.isFinite(offset) || offset === 0) return;
    if (offset < 0) {
      queue = queue.slice(offset);
      return;
    }
    queue = queue.filter((q) => !(q.update.update_id < offset && (!q.raw || q.delivered)));
  }

  function recordSent(msg: Message): Message {
    sent.set(`${msg.chat.id}:${msg.message_id}`, msg);
    return msg;
  }

  function baseMessage(params: Record<string, any>): Record<string, unknown> {
    const msg: Record<string, unknown> = {
      message_id: nextMessageId++,
      from: botUser,
      chat: chatFor(params.chat_id),
      date: now(),
    };
    if (params.message_thread_id !== undefined) msg.message_thread_id = params.message_thread_id;
    const replyTo = params.reply_parameters?.message_id ?? params.reply_to_message_id;
    if (replyTo !== undefined) {
      const original = sent.get(`${(msg.chat as Chat).id}:${replyTo}`);
      msg.reply_to_message = original ?? { message_id: replyTo, chat: msg.chat, date: now() };
    }
    if (params.reply_markup?.inline_keyboard) msg.reply_markup = { inline_keyboard: params.reply_markup.inline_keyboard };
    return msg;
  }

  function fileFor(call: TelegramCall, field: string): { file_id: string; file_unique_id: string; file_name?: string; file_size?: number; mime_type?: string } {
    const seq = nextFileSeq++;
    const f = call.files.find((x) => x.field === field);
    const value = call.params[field];
    return {
      file_id: f ? `FILE_${field}_${seq}` : typeof value === 'string' ? value : `FILE_${field}_${seq}`,
      file_unique_id: `U${seq}`,
      ...(f ? { file_name: f.filename, file_size: f.size } : {}),
      ...(f?.contentType && f.contentType !== 'application/octet-stream' ? { mime_type: f.contentType } : {}),
    };
  }

  function editStored(params: Record<string, any>, patch: Record<string, unknown>): Message | true {
    if (params.inline_message_id !== undefined) return true;
    const chat = chatFor(params.chat_id);
    const key = `${chat.id}:${params.message_id}`;
    const original = sent.get(key);
    const msg = {
      ...(original ?? { message_id: Number(params.message_id), from: botUser, chat, date: now() }),
      ...patch,
      edit_date: now(),
    } as Record<string, unknown>;
    if (params.reply_markup?.inline_keyboard) msg.reply_markup = { inline_keyboard: params.reply_markup.inline_keyboard };
    else if ('reply_markup' in params || patch.text !== undefined) {
      if (!params.reply_markup) delete msg.reply_markup;
    }
    sent.set(key, msg as unknown as Message);
    return msg as unknown as Message;
  }

  // ——— Inbound files (attachments coming in, docs/attachments.md) ———
  const inboundFiles = new Map<string, { file: InboundTelegramFile; bytes: Uint8Array; path: string }>();
  const downloadCounts = new Map<string, number>();
  let nextInboundFile = 1;
  /** getFile: the file's path, as Telegram gives it. */
  function inboundFileInfo(fileId: unknown): unknown {
    const kept = inboundFiles.get(String(fileId));
    return kept ? { ...kept.file, file_path: kept.path } : undefined;
  }
  /** `GET /file/bot<token>/<path>`: the bytes, counted; false when the path is not a file download. */
  function serveDownload(pathname: string, res: ServerResponse): boolean {
    const m = /^\/file\/bot[^/]+\/(.+)$/.exec(pathname);
    if (!m) return false;
    const kept = [...inboundFiles.values()].find((entry) => entry.path === m[1]);
    if (!kept) {
      sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return true;
    }
    downloadCounts.set(kept.file.file_id, (downloadCounts.get(kept.file.file_id) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': kept.bytes.length });
    res.end(Buffer.from(kept.bytes));
    return true;
  }
  // ——— end inbound files ———

  function answer(call: TelegramCall): unknown {
    const p = call.params;
    switch (call.method) {
      case 'getFile': // inbound files
        return inboundFileInfo(p.file_id) ?? true;
      case 'getMe':
        return botInfo;
      case 'deleteWebhook':
      case 'setWebhook':
      case 'setMyCommands':
        if (call.method === 'setMyCommands') myCommands = Array.isArray(p.commands) ? p.commands : [];
        return true;
      case 'getMyCommands':
        return myCommands;
      case 'getWebhookInfo':
        return { url: '', has_custom_certificate: false, pending_update_count: queue.length };
      case 'sendMessage': {
        const msg = baseMessage(p);
        msg.text = String(p.text ?? '');
        if (Array.isArray(p.entities)) msg.entities = p.entities;
        return recordSent(msg as unknown as Message);
      }
      case 'editMessageText':
        return editStored(p, { text: String(p.text ?? ''), ...(Array.isArray(p.entities) ? { entities: p.entities } : {}) });
      case 'editMessageReplyMarkup':
        return editStored(p, {});
      case 'sendDocument': {
        const msg = baseMessage(p);
        msg.document = fileFor(call, 'document');
        if (p.caption !== undefined) msg.caption = String(p.caption);
        return recordSent(msg as unknown as Message);
      }
      case 'sendPhoto': {
        const msg = baseMessage(p);
        const f = fileFor(call, 'photo');
        msg.photo = [
          { file_id: f.file_id, file_unique_id: f.file_unique_id, width: 800, height: 600, ...(f.file_size !== undefined ? { file_size: f.file_size } : {}) },
        ];
        if (p.caption !== undefined) msg.caption = String(p.caption);
        return recordSent(msg as unknown as Message);
      }
      case 'sendMediaGroup':
      case 'sendVideo':
      case 'sendLocation': {
        const result = answerOutMedia(call, baseMessage, fileFor);
        for (const msg of Array.isArray(result) ? result : [result]) recordSent(msg as Message);
        return result;
      }
      case 'answerCallbackQuery':
      case 'sendChatAction':
      case 'deleteMessage':
        if (call.method === 'deleteMessage') sent.delete(`${chatFor(p.chat_id).id}:${p.message_id}`);
        return true;
      default:
        return true;
    }
  }

  function takeFailure(method: string): Failure | undefined {
    const list = failures.get(method);
    if (!list || list.length === 0) return undefined;
    const f = list.shift();
    if (list.length === 0) failures.delete(method);
    return f;
  }

  async function handleGetUpdates(call: TelegramCall, res: ServerResponse): Promise<void> {
    const p = call.params;
    const offset = Number(p.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100) || 100));
    const timeout = Math.max(0, Number(p.timeout ?? 0) || 0);
    // Another caller waiting: Telegram ends its call with 409 (only one may poll at a time).
    if (options.pollConflicts) waitingPoll?.conflict();
    confirm(offset);
    if (queue.length === 0 && timeout > 0 && !closed) {
      let conflicted = false;
      await new Promise<void>((resolve) => {
        const done = () => {
          realClearTimeout(timer);
          waiters.delete(done);
          res.off('close', done);
          if (waitingPoll?.call === call) waitingPoll = undefined;
          resolve();
        };
        const timer = realSetTimeout(done, timeout * 1000);
        waiters.add(done);
        res.on('close', done);
        waitingPoll = {
          call,
          conflict() {
            conflicted = true;
            done();
          },
        };
      });
      if (res.destroyed || res.writableEnded) return; // client aborted (bot.stop()): nothing delivered
      if (conflicted) {
        conflicts.push(call);
        sendJson(res, 409, {
          ok: false,
          error_code: 409,
          description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        });
        return;
      }
      confirm(offset);
    }
    const batch = queue.slice(0, limit);
    for (const q of batch) q.delivered = true;
    sendJson(res, 200, { ok: true, result: batch.map((q) => q.update) });
  }

  function decodeValue(key: string, value: string): unknown {
    const t = value.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try {
        return JSON.parse(t);
      } catch {
        return value;
      }
    }
    if (/(^|_)id$/.test(key) && /^-?\d+$/.test(t)) return Number(t);
    return value;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (serveDownload(url.pathname, res)) return; // inbound files
    const m = /^\/bot([^/]+)\/([A-Za-z0-9_]+)$/.exec(url.pathname);
    if (!m) {
      sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const [, token, method] = m as unknown as [string, string, string];
    const body = await parseRequest(req, decodeValue);
    const call: TelegramCall = {
      method,
      params: body.params,
      at: Date.now(),
      token: decodeURIComponent(token),
      files: resolveFiles(body.params, body.files),
    };
    log.record(call);

    const failure =
      takeFailure(method) ?? (outage && (outage.methods ? outage.methods.includes(method) : method !== 'getUpdates') ? outage.failure : undefined);
    if (failure?.kind === 'network') {
      req.socket.destroy();
      return;
    }
    if (failure?.kind === 'error') {
      const e = failure.error;
      const description = e.description ?? (e.error_code === 429 ? `Too Many Requests: retry after ${e.parameters?.retry_after ?? 1}` : 'Bad Request');
      sendJson(res, e.error_code, {
        ok: false,
        error_code: e.error_code,
        description,
        ...(e.parameters ? { parameters: e.parameters } : {}),
      });
      return;
    }
    if (method === 'getUpdates') {
      await handleGetUpdates(call, res);
      return;
    }
    const held = heldChats.get(Number(call.params.chat_id));
    if (held) await held;
    if (SEND_METHODS.has(method)) {
      const wait = takeSendToken();
      if (wait > 0) {
        refusals += 1;
        sendJson(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${wait}`, parameters: { retry_after: wait } });
        return;
      }
    }
    const respond = () => {
      const result = answer(call);
      if (SEND_METHODS.has(method)) recordDelivery(call, result);
      sendJson(res, 200, { ok: true, result });
    };
    if (holding?.method === method) {
      if (holding.after > 0) holding.after -= 1;
      else {
        const parked = { call, answer: respond };
        heldCalls.push(parked);
        res.on('close', () => {
          heldCalls = heldCalls.filter((other) => other !== parked);
        });
        return;
      }
    }
    respond();
  }

  /** Chats whose calls wait: until the promise resolves. */
  const heldChats = new Map<number, Promise<void>>();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      sendJson(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${String(err)}` });
    });
  });
  const port = await listen(server);

  function pushText(fromUserId: number, text: string, opts: PushTextOptions = {}): Update {
    const from = userFor(fromUserId, opts);
    const chatId = opts.chatId ?? fromUserId;
    const chatType = opts.chatType ?? (chatId > 0 ? 'private' : chatId < -1000000000000 ? 'supergroup' : 'group');
    const chat: Chat =
      chatType === 'private'
        ? {
            id: chatId,
            type: 'private',
            first_name: from.first_name,
            ...(from.last_name ? { last_name: from.last_name } : {}),
            ...(from.username ? { username: from.username } : {}),
          }
        : ({ id: chatId, type: chatType, title: opts.chatTitle ?? `Chat ${chatId}` } as Chat);
    chats.set(chatId, chat);
    const message: Record<string, unknown> = {
      message_id: opts.messageId ?? nextMessageId++,
      from,
      chat,
      date: opts.date ?? now(),
      text,
    };
    const cmd = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    if (cmd) message.entities = [{ type: 'bot_command', offset: 0, length: cmd[0].length }];
    if (opts.replyToMessageId !== undefined) {
      message.reply_to_message = sent.get(`${chatId}:${opts.replyToMessageId}`) ?? {
        message_id: opts.replyToMessageId,
        chat,
        date: now(),
      };
    }
    Object.assign(message, opts.extra);
    return pushUpdate({ message: message as unknown as Message } as Omit<Update, 'update_id'>);
  }

  function pushCallback(fromUserId: number, data: string, messageId?: number, opts: PushCallbackOptions = {}): Update {
    const from = userFor(fromUserId, opts);
    const chatId = opts.chatId ?? fromUserId;
    const chat = chats.get(chatId) ?? chatFor(chatId);
    let id = messageId;
    if (id === undefined) {
      const mine = [...sent.values()].filter((m) => m.chat.id === chatId);
      id = mine.length > 0 ? mine[mine.length - 1]!.message_id : nextMessageId++;
    }
    const original = sent.get(`${chatId}:${id}`);
    const message = original ?? ({ message_id: id, from: botUser, chat, date: now(), text: opts.messageText ?? '' } as unknown as Message);
    const cbMessage = opts.messageText !== undefined ? ({ ...message, text: opts.messageText } as Message) : message;
    return pushUpdate({
      callback_query: {
        id: opts.callbackQueryId ?? `${fromUserId}${String(nextCallbackSeq++).padStart(6, '0')}`,
        from,
        message: cbMessage,
        chat_instance: String(chatId),
        data,
      },
    } as Omit<Update, 'update_id'>);
  }

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    port,
    botInfo,
    calls: log.calls,
    callsTo: (method) => log.callsTo(method),
    waitFor: (matcher, timeoutMs = 5000, fromIndex = 0) => log.waitFor(matcher, timeoutMs, fromIndex),
    pushUpdate,
    pushText,
    pushCallback,
    pushRaw: (update) => enqueue(update, true),
    pendingUpdates: () => queue.map((q) => q.update),
    conflicts: () => [...conflicts],
    polling: () => waitingPoll !== undefined,
    failNext(method, error, times = 1) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push({ kind: 'error', error });
      failures.set(method, list);
    },
    failNextNetwork(method, times = 1) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push({ kind: 'network' });
      failures.set(method, list);
    },
    holdChat(chatId) {
      let release = () => {};
      heldChats.set(
        chatId,
        new Promise<void>((resolve) => {
          release = () => {
            heldChats.delete(chatId);
            resolve();
          };
        }),
      );
      return release;
    },
    startOutage(error = { error_code: 502, description: 'Bad Gateway' }, methods) {
      outage = { failure: error === 'network' ? { kind: 'network' } : { kind: 'error', error }, methods };
    },
    endOutage() {
      outage = undefined;
    },
    hold(method, options = {}) {
      holding = { method, after: options.after ?? 0 };
    },
    release() {
      holding = undefined;
      const answers = heldCalls;
      heldCalls = [];
      for (const held of answers) held.answer();
    },
    held: () => heldCalls.map((held) => held.call),
    sentMessages(chatId) {
      const all = [...sent.values()];
      return chatId === undefined ? all : all.filter((m) => m.chat.id === chatId);
    },
    deliveries,
    onDelivery(listener) {
      deliveryListeners.add(listener);
      return () => deliveryListeners.delete(listener);
    },
    rateRefusals: () => refusals,
    reset() {
      log.clear();
      deliveries.length = 0;
      refusals = 0;
      queue = [];
      failures.clear();
      outage = undefined;
      holding = undefined;
      heldCalls = [];
      sent.clear();
      chats.clear();
      conflicts.length = 0;
    },
    // ——— Inbound files (attachments coming in, docs/attachments.md) ———
    addFile(bytes, options = {}) {
      const seq = nextInboundFile++;
      const file = { file_id: `in-file-${seq}`, file_unique_id: options.uniqueId ?? `in-unique-${seq}`, file_size: options.size ?? bytes.length };
      inboundFiles.set(file.file_id, { file, bytes, path: `inbound/file_${seq}` });
      return file;
    },
    pushFile(fromUserId, content, options = {}) {
      const update = pushText(fromUserId, '', { ...(options.chatId !== undefined ? { chatId: options.chatId } : {}) });
      const message = update.message as unknown as Record<string, unknown>;
      delete message.text;
      delete message.entities;
      Object.assign(message, content, options.caption ? { caption: options.caption } : {});
      return update;
    },
    downloads: (fileId) => (fileId === undefined ? [...downloadCounts.values()].reduce((a, b) => a + b, 0) : (downloadCounts.get(fileId) ?? 0)),
    // ——— end inbound files ———
    async close() {
      closed = true;
      wake();
      await closeServer(server);
    },
  };
}
