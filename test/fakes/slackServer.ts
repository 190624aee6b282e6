/**
 * A local fake of the Slack Web API plus a Socket Mode WebSocket endpoint (the `ws`
 * package, upgraded on the same HTTP server), for tests
 * that drive the real Bolt stack:
 *
 *   const slack = await startFakeSlack();
 *   new App({ token: 'xoxb-test', receiver: new HTTPReceiver({ signingSecret }),
 *             clientOptions: { slackApiUrl: slack.apiUrl }, botId: 'B1', botUserId: 'U0BOT' });
 *   // Socket Mode: socketMode: true, appToken: 'xapp-test',
 *   //   installerOptions: { clientOptions: { slackApiUrl: slack.apiUrl } }, clientOptions: { slackApiUrl: slack.apiUrl }
 *
 * Also exports helpers to sign and build the bodies Slack posts to an app's HTTP endpoint.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
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

export const FAKE_TEAM_ID = 'T1';
export const FAKE_APP_ID = 'A1';
export const FAKE_BOT_ID = 'B1';
export const FAKE_BOT_USER_ID = 'U0BOT';

export interface SlackCall {
  /** Web API method (`chat.postMessage`), or `upload` (file bytes POSTed to an upload_url), or `response_url`. */
  method: string;
  /**
   * Parsed parameters. Form values stay strings, except keys that carry JSON
   * (blocks, attachments, view, files, metadata, …), which are parsed.
   */
  params: Record<string, any>;
  at: number;
  /** From `Authorization: Bearer …` or the `token` parameter. */
  token?: string;
  files: UploadedFile[];
}

export type SlackFailure =
  | string
  | {
      /** Slack error code, e.g. 'channel_not_found' (default 'ratelimited' for 429, else 'internal_error'). */
      error?: string;
      /** HTTP status (default 200; Slack reports API errors as 200 + ok:false). */
      status?: number;
      /** Seconds, sent as a Retry-After header (use with status 429). */
      retryAfter?: number;
      /** Extra fields in the error body. */
      extra?: Record<string, unknown>;
    };

export interface SocketEnvelope {
  envelope_id?: string;
  type: 'slash_commands' | 'events_api' | 'interactive' | (string & {});
  payload: unknown;
  accepts_response_payload?: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface SocketAck {
  envelope_id: string;
  /** What the app passed to ack() (an empty object for a bare ack()). */
  payload?: unknown;
  at: number;
  raw: string;
}

export interface SlackUser {
  id: string;
  name?: string;
  real_name?: string;
  tz?: string;
  is_bot?: boolean;
  profile?: Record<string, unknown>;
  [k: string]: unknown;
}

/** One files.completeUploadExternal that succeeded: one message in `channel` with these files. */
export interface SharedUpload {
  channel: string;
  initialComment?: string;
  files: { id: string; name: string; size: number }[];
}

export interface FakeSlack {
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  /** `http://127.0.0.1:PORT/api/` — pass as `slackApiUrl`. */
  readonly apiUrl: string;
  /** `ws://127.0.0.1:PORT/socket` — what apps.connections.open returns. */
  readonly socketUrl: string;
  readonly calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  // --- Outgoing files: begin
  /**
   * The uploads shared to a channel (files.completeUploadExternal answered ok), each with its
   * files: their names and the bytes that reached the upload URL. What a person would have got.
   */
  filesShared(): SharedUpload[];
  // --- Outgoing files: end
  waitFor(matcher: CallMatcher<SlackCall>, timeoutMs?: number, fromIndex?: number): Promise<SlackCall>;
  /** The next `times` calls to `method` fail (see SlackFailure). */
  failNext(method: string, failure?: SlackFailure, times?: number): void;
  /** The next `times` calls to `method` get their socket destroyed. */
  failNextNetwork(method: string, times?: number): void;
  /** Profile returned by users.info (a default profile is made up for unknown ids). */
  setUser(user: SlackUser): void;
  /** A fresh response_url on this server; POSTs to it are recorded as method `response_url`. */
  responseUrl(): string;

  /** Sends an envelope to every connected Socket Mode client; returns its envelope_id (generated if missing). */
  socketSend(envelope: SocketEnvelope): string;
  /** Sends `{type:'disconnect', reason}` to every connected client. */
  socketDisconnect(reason?: string): void;
  readonly socketAcks: SocketAck[];
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<SocketAck>;
  /** Number of open Socket Mode connections. */
  socketConnections(): number;
  /** Resolves when at least one Socket Mode client is connected (hello sent). */
  waitForSocket(timeoutMs?: number): Promise<void>;
  /** Resolves when no Socket Mode connection is left (e.g. after `await app.stop()`, which does not wait). */
  waitForSocketClosed(timeoutMs?: number): Promise<void>;

  reset(): void;
  close(): Promise<void>;

  // ——— Inbound files (attachments coming in, docs/attachments.md) ———
  /** Keeps `bytes` as a file a user shared: the file object a `file_share` message carries, its url_private_download served here. */
  addFile(bytes: Uint8Array, options?: { name?: string; mimetype?: string; filetype?: string; size?: number }): SharedSlackFile;
  /** How many times a shared file was downloaded (with the bot token), by file id (all files without one). */
  downloads(fileId?: string): number;
  // ——— end inbound files ———
}

// ——— Inbound files (attachments coming in, docs/attachments.md) ———
export type SharedSlackFile = { id: string; name: string; mimetype: string; filetype: string; size: number; url_private_download: string; url_private: string };
// ——— end inbound files ———

const JSON_KEYS = new Set([
  'blocks',
  'attachments',
  'view',
  'files',
  'metadata',
  'options',
  'unfurls',
  'user_auth_blocks',
  'option_groups',
  'response_metadata',
  'payload',
]);

function decodeValue(key: string, value: string): unknown {
  if (!JSON_KEYS.has(key)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

type Failure = { kind: 'error'; failure: Exclude<SlackFailure, string> } | { kind: 'network' };

export async function startFakeSlack(): Promise<FakeSlack> {
  const log = new CallLog<SlackCall>();
  const acks = new CallLog<SocketAck>();
  const failures = new Map<string, Failure[]>();
  const users = new Map<string, SlackUser>();
  const uploads = new Map<string, { filename: string; length: number; uploaded?: UploadedFile }>();
  const shared: SharedUpload[] = [];
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  const isOpen = (ws: WebSocket) => ws.readyState === WebSocket.OPEN;
  const socketListeners = new Set<() => void>();
  let seq = 0;
  let tsSeq = 0;
  let port = 0;

  const nextTs = () => {
    tsSeq += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(tsSeq).padStart(6, '0')}`;
  };

  function userFor(id: string): SlackUser {
    return (
      users.get(id) ?? {
        id,
        team_id: FAKE_TEAM_ID,
        name: id.toLowerCase(),
        real_name: `User ${id}`,
        tz: 'Asia/Shanghai',
        tz_offset: 28800,
        is_bot: false,
        deleted: false,
        profile: { real_name: `User ${id}`, display_name: id.toLowerCase(), email: `${id.toLowerCase()}@example.test` },
      }
    );
  }

  function answer(call: SlackCall): Record<string, unknown> {
    const p = call.params;
    switch (call.method) {
      case 'auth.test':
        return {
          url: 'https://xinbao-test.slack.com/',
          team: 'Xinbao Test',
          user: 'xinbao',
          team_id: FAKE_TEAM_ID,
          user_id: FAKE_BOT_USER_ID,
          bot_id: FAKE_BOT_ID,
          is_enterprise_install: false,
        };
      case 'apps.connections.open':
        return { url: `ws://127.0.0.1:${port}/socket` };
      case 'chat.postMessage': {
        const ts = nextTs();
        const channel = String(p.channel ?? '');
        return {
          channel,
          ts,
          message: {
            type: 'message',
            text: p.text ?? '',
            user: FAKE_BOT_USER_ID,
            bot_id: FAKE_BOT_ID,
            app_id: FAKE_APP_ID,
            ts,
            ...(p.thread_ts ? { thread_ts: p.thread_ts } : {}),
            ...(p.blocks ? { blocks: p.blocks } : {}),
          },
        };
      }
      case 'chat.update':
        return { channel: p.channel, ts: p.ts, text: p.text ?? '', message: { text: p.text ?? '', ...(p.blocks ? { blocks: p.blocks } : {}) } };
      case 'chat.postEphemeral':
        return { message_ts: nextTs() };
      case 'chat.delete':
        return { channel: p.channel, ts: p.ts };
      case 'views.open':
      case 'views.update':
      case 'views.push':
      case 'views.publish': {
        const view = (typeof p.view === 'object' && p.view !== null ? p.view : {}) as Record<string, unknown>;
        const id = p.view_id ?? `V${String(++seq).padStart(8, '0')}`;
        return {
          view: {
            id,
            team_id: FAKE_TEAM_ID,
            app_id: FAKE_APP_ID,
            bot_id: FAKE_BOT_ID,
            hash: `${Date.now()}.${seq}`,
            state: { values: {} },
            ...view,
          },
        };
      }
      case 'conversations.open': {
        const first = String(p.users ?? '').split(',')[0] ?? '';
        return { channel: { id: `D${first}` } };
      }
      case 'users.info':
        return { user: userFor(String(p.user ?? '')) };
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++seq).padStart(8, '0')}`;
        uploads.set(fileId, { filename: String(p.filename ?? ''), length: Number(p.length ?? 0) });
        return { upload_url: `http://127.0.0.1:${port}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const list = Array.isArray(p.files) ? (p.files as Array<{ id: string; title?: string }>) : [];
        // --- Outgoing files: begin
        shared.push({
          channel: String(p.channel_id ?? ''),
          ...(p.initial_comment !== undefined ? { initialComment: String(p.initial_comment) } : {}),
          files: list.map((f) => ({ id: f.id, name: uploads.get(f.id)?.filename ?? '', size: uploads.get(f.id)?.uploaded?.size ?? 0 })),
        });
        // --- Outgoing files: end
        return {
          files: list.map((f) => {
            const u = uploads.get(f.id);
            return {
              id: f.id,
              name: u?.filename ?? '',
              title: f.title ?? u?.filename ?? '',
              size: u?.uploaded?.size ?? u?.length ?? 0,
              ...(p.channel_id ? { channels: [p.channel_id] } : {}),
            };
          }),
        };
      }
      default:
        return {};
    }
  }

  function takeFailure(method: string): Failure | undefined {
    const list = failures.get(method);
    if (!list || list.length === 0) return undefined;
    const f = list.shift();
    if (list.length === 0) failures.delete(method);
    return f;
  }

  // ——— Inbound files (attachments coming in, docs/attachments.md) ———
  const sharedFiles = new Map<string, { file: SharedSlackFile; bytes: Uint8Array }>();
  const downloadCounts = new Map<string, number>();
  let nextSharedFile = 1;
  /** `GET /files-pri/<id>/<name>` with the bot token: the bytes, counted; false when the path is not a download. */
  function serveDownload(req: IncomingMessage, pathname: string, res: ServerResponse): boolean {
    const m = /^\/files-pri\/([A-Z0-9]+)\//.exec(pathname);
    if (!m) return false;
    const kept = sharedFiles.get(m[1]!);
    if (!kept || !String(req.headers.authorization ?? '').startsWith('Bearer xoxb-')) {
      res.writeHead(kept ? 403 : 404, { 'content-type': 'text/plain' });
      res.end(kept ? 'forbidden' : 'not found');
      return true;
    }
    downloadCounts.set(kept.file.id, (downloadCounts.get(kept.file.id) ?? 0) + 1);
    res.writeHead(200, { 'content-type': kept.file.mimetype, 'content-length': kept.bytes.length });
    res.end(Buffer.from(kept.bytes));
    return true;
  }
  // ——— end inbound files ———

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (serveDownload(req, url.pathname, res)) return; // inbound files
    let method: string;
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    const upload = /^\/upload\/([A-Za-z0-9_]+)$/.exec(url.pathname);
    if (api) method = api[1]!;
    else if (upload) method = 'upload';
    else if (/^\/response\//.test(url.pathname)) method = 'response_url';
    else {
      sendJson(res, 404, { ok: false, error: 'unknown_method' });
      return;
    }
    const body = await parseRequest(req, decodeValue);
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : typeof body.params.token === 'string' ? body.params.token : undefined;
    const params = { ...body.params };
    if (method === 'upload') params.file_id = upload![1];
    const call: SlackCall = { method, params, at: Date.now(), ...(token ? { token } : {}), files: resolveFiles(params, body.files) };
    if (method === 'upload') {
      const u = uploads.get(upload![1]!);
      const file = call.files[0] ?? { field: 'body', partName: 'body', filename: u?.filename ?? '', size: body.raw.length };
      if (u) u.uploaded = file;
      if (call.files.length === 0) call.files.push(file);
    }
    log.record(call);

    const failure = takeFailure(method);
    if (failure?.kind === 'network') {
      req.socket.destroy();
      return;
    }
    if (failure?.kind === 'error') {
      const f = failure.failure;
      const status = f.status ?? 200;
      const error = f.error ?? (status === 429 ? 'ratelimited' : 'internal_error');
      sendJson(res, status, { ok: false, error, ...f.extra }, f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {});
      return;
    }
    if (method === 'upload') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${params.file_id}`);
      return;
    }
    if (method === 'response_url') {
      sendJson(res, 200, { ok: true });
      return;
    }
    sendJson(res, 200, { ok: true, ...answer(call) });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendJson(res, 500, { ok: false, error: `fake_error: ${String(err)}` }));
  });

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/socket') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws));
  });

  function onSocket(ws: WebSocket): void {
    sockets.add(ws);
    ws.on('close', () => {
      sockets.delete(ws);
      for (const l of [...socketListeners]) l();
    });
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const raw = (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
      let msg: unknown;
      try {
        msg = JSON.parse(raw);
      } catch {
        return;
      }
      if (msg && typeof msg === 'object' && 'envelope_id' in msg) {
        const m = msg as { envelope_id: string; payload?: unknown };
        acks.record({ envelope_id: m.envelope_id, payload: m.payload, at: Date.now(), raw });
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        connection_info: { app_id: FAKE_APP_ID },
        debug_info: { host: 'fake-slack', approximate_connection_time: 18060 },
      }),
    );
    for (const l of [...socketListeners]) l();
  }

  function waitForSocketClosed(timeoutMs = 5000): Promise<void> {
    if (sockets.size === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (sockets.size > 0) return;
        realClearTimeout(timer);
        socketListeners.delete(check);
        resolve();
      };
      const timer = realSetTimeout(() => {
        socketListeners.delete(check);
        reject(new Error(`waitForSocketClosed timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socketListeners.add(check);
    });
  }

  port = await listen(server);
  const baseUrl = `http://127.0.0.1:${port}`;

  function pushFailure(method: string, f: Failure, times: number): void {
    const list = failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(f);
    failures.set(method, list);
  }

  return {
    // ——— Inbound files (attachments coming in, docs/attachments.md) ———
    addFile(bytes, options = {}) {
      const id = `FIN${String(nextSharedFile++).padStart(6, '0')}`;
      const name = options.name ?? `${id}.jpg`;
      const download = `${baseUrl}/files-pri/${id}/download/${encodeURIComponent(name)}`;
      const file: SharedSlackFile = {
        id,
        name,
        mimetype: options.mimetype ?? 'image/jpeg',
        filetype: options.filetype ?? 'jpg',
        size: options.size ?? bytes.length,
        url_private_download: download,
        url_private: download,
      };
      sharedFiles.set(id, { file, bytes });
      return file;
    },
    downloads: (fileId) => (fileId === undefined ? [...downloadCounts.values()].reduce((a, b) => a + b, 0) : (downloadCounts.get(fileId) ?? 0)),
    // ——— end inbound files ———
    port,
    baseUrl,
    apiUrl: `${baseUrl}/api/`,
    socketUrl: `ws://127.0.0.1:${port}/socket`,
    calls: log.calls,
    callsTo: (method) => log.callsTo(method),
    // --- Outgoing files: begin
    filesShared: () => shared.map((upload) => ({ ...upload, files: upload.files.map((file) => ({ ...file })) })),
    // --- Outgoing files: end
    waitFor: (matcher, timeoutMs = 5000, fromIndex = 0) => log.waitFor(matcher, timeoutMs, fromIndex),
    failNext(method, failure = 'internal_error', times = 1) {
      pushFailure(method, { kind: 'error', failure: typeof failure === 'string' ? { error: failure } : failure }, times);
    },
    failNextNetwork(method, times = 1) {
      pushFailure(method, { kind: 'network' }, times);
    },
    setUser(user) {
      users.set(user.id, { ...userFor(user.id), ...user });
    },
    responseUrl() {
      return `${baseUrl}/response/${randomBytes(6).toString('hex')}`;
    },
    socketSend(envelope) {
      const open = [...sockets].filter(isOpen);
      if (open.length === 0) throw new Error('socketSend: no Socket Mode client is connected');
      const envelope_id = envelope.envelope_id ?? `env-${randomBytes(6).toString('hex')}`;
      const text = JSON.stringify({ ...envelope, envelope_id });
      for (const s of open) s.send(text);
      return envelope_id;
    },
    socketDisconnect(reason = 'refresh_requested') {
      for (const s of sockets) if (isOpen(s)) s.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
    },
    socketAcks: acks.calls,
    waitForAck: (envelopeId, timeoutMs = 5000) => acks.waitFor((a) => a.envelope_id === envelopeId, timeoutMs),
    socketConnections: () => [...sockets].filter(isOpen).length,
    waitForSocket(timeoutMs = 5000) {
      if ([...sockets].some(isOpen)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const done = () => {
          if (![...sockets].some(isOpen)) return;
          realClearTimeout(timer);
          socketListeners.delete(done);
          resolve();
        };
        const timer = realSetTimeout(() => {
          socketListeners.delete(done);
          reject(new Error(`waitForSocket timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        socketListeners.add(done);
      });
    },
    reset() {
      log.clear();
      acks.clear();
      failures.clear();
      uploads.clear();
      shared.length = 0;
    },
    waitForSocketClosed,
    async close() {
      // Bolt's app.stop() does not wait for the Socket Mode close handshake: give it a moment
      // so the client sees a clean close (not an error) before the sockets are cut.
      await waitForSocketClosed(1000).catch(() => undefined);
      for (const s of sockets) s.terminate();
      sockets.clear();
      await new Promise<void>((done) => wss.close(() => done()));
      await closeServer(server);
    },
  };
}

// ---------------------------------------------------------------------------
// Requests Slack sends to the app (HTTP mode)

/** Headers Slack adds to a request: `v0=` + HMAC-SHA256(secret, `v0:${ts}:${rawBody}`). */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): { 'x-slack-signature': string; 'x-slack-request-timestamp': string; 'content-type': string } {
  const sig = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return {
    'x-slack-signature': `v0=${sig}`,
    'x-slack-request-timestamp': String(timestamp),
    'content-type': rawBody.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded',
  };
}

export interface SlashCommandArgs {
  user_id: string;
  channel_id: string;
  text?: string;
  trigger_id?: string;
  command?: string;
  user_name?: string;
  channel_name?: string;
  team_id?: string;
  response_url?: string;
  [k: string]: string | undefined;
}

/** Form-urlencoded body of a slash command (`command=/xinbao` unless given). */
export function slashCommandBody(args: SlashCommandArgs): string {
  const fields: Record<string, string> = {
    token: 'verification-token',
    team_id: FAKE_TEAM_ID,
    team_domain: 'xinbao-test',
    channel_id: args.channel_id,
    channel_name: args.channel_id.startsWith('D') ? 'directmessage' : 'general',
    user_id: args.user_id,
    user_name: args.user_id.toLowerCase(),
    command: '/xinbao',
    text: '',
    api_app_id: FAKE_APP_ID,
    is_enterprise_install: 'false',
    response_url: `https://hooks.slack.com/commands/${FAKE_TEAM_ID}/1/fake`,
    trigger_id: `${Date.now()}.1.fake`,
  };
  for (const [k, v] of Object.entries(args)) if (v !== undefined) fields[k] = v;
  return new URLSearchParams(fields).toString();
}

function interactiveBody(type: string, payload: Record<string, unknown>): string {
  const full = {
    type,
    team: { id: FAKE_TEAM_ID, domain: 'xinbao-test' },
    api_app_id: FAKE_APP_ID,
    token: 'verification-token',
    trigger_id: `${Date.now()}.1.fake`,
    is_enterprise_install: false,
    ...payload,
  };
  return new URLSearchParams({ payload: JSON.stringify(full) }).toString();
}

/** `payload=<json>` of a block_actions interaction (type, team, api_app_id, trigger_id defaulted). */
export function blockActionBody(payload: Record<string, unknown>): string {
  return interactiveBody('block_actions', payload);
}

/** `payload=<json>` of a view_submission interaction (type, team, api_app_id, trigger_id defaulted). */
export function viewSubmissionBody(payload: Record<string, unknown>): string {
  return interactiveBody('view_submission', payload);
}

/** JSON Events API envelope (`type: event_callback`). */
export function eventBody(event: Record<string, unknown>, event_id = `Ev${randomBytes(5).toString('hex').toUpperCase()}`): string {
  return JSON.stringify({
    token: 'verification-token',
    team_id: FAKE_TEAM_ID,
    api_app_id: FAKE_APP_ID,
    event,
    type: 'event_callback',
    event_id,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: FAKE_TEAM_ID, user_id: FAKE_BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}
