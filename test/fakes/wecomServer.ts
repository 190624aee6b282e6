/**
 * A fake WeCom intelligent-bot long connection: a `ws` server speaking the JSON frames of
 * @wecom/aibot-node-sdk 1.0.7 (its README and dist/types): the bot subscribes with
 * `aibot_subscribe` {bot_id, secret} and gets `{headers:{req_id}, errcode:0}`; `ping` is acked
 * the same way; `aibot_respond_msg`, `aibot_send_msg` and the other reply commands are acked
 * by req_id; the server pushes `aibot_msg_callback` (messages) and `aibot_event_callback`
 * (events, e.g. a template card button press). Every frame the bot sends is recorded.
 *
 * Media messages (image, file, video, the images of a mixed message) carry a download url on a
 * media host on 127.0.0.1 and a fresh aeskey each, as WeCom sends them: the SDK's `downloadFile`
 * gets the bytes AES-256-CBC encrypted (key = the base64 aeskey, IV = its first 16 bytes, PKCS#7
 * padding to a multiple of 32 bytes) and the filename from Content-Disposition. The bot's
 * uploads (init, chunks, finish) are put back together. Faults: the next frames of a command
 * answered with an errcode or not at all, and another process taking the bot over.
 */
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { realClearTimeout, realSetTimeout } from './common.ts';

export const FAKE_WECOM_BOT_ID = 'aibot-test';
export const FAKE_WECOM_SECRET = 'wecom-test-secret';

export type WeComFrame = { cmd?: string; headers: { req_id: string }; body?: Record<string, unknown>; connection: number };

/** A file or picture a user sends the bot; without a filename the download has no Content-Disposition. */
export type FakeMedia = { bytes: Uint8Array; filename?: string };

type PushOptions = { msgid?: string; chatid?: string };

export type FakeWeCom = {
  url: string;
  /** Every frame the bots sent, in order. */
  frames: WeComFrame[];
  /** How many connections were ever opened, and how many hold the bot now (another process's included). */
  connectionsOpened(): number;
  authenticated(): number;
  /**
   * Pushes a text message from `userid` (a single chat unless `chatid` is given); returns its msgid.
   * While another process holds the bot (`kickFromOutside`), pushed messages go to it, not to the bot.
   */
  pushText(userid: string, content: string, options?: PushOptions): string;
  /** Pushes an image message (msgtype 'image', image: {url, aeskey}); returns its msgid. */
  pushImage(userid: string, media: FakeMedia, options?: PushOptions): string;
  /** Pushes a file message (msgtype 'file', file: {url, aeskey}). */
  pushFile(userid: string, media: FakeMedia, options?: PushOptions): string;
  /** Pushes a video message (msgtype 'video', video: {url, aeskey}). */
  pushVideo(userid: string, media: FakeMedia, options?: PushOptions): string;
  /** Pushes a mixed message (msgtype 'mixed', mixed: {msg_item: [...]}) of text parts (strings) and images. */
  pushMixed(userid: string, items: (string | FakeMedia)[], options?: PushOptions): string;
  /** Pushes a voice message (msgtype 'voice', voice: {content}) — WeCom sends speech already turned into text. */
  pushVoice(userid: string, content: string, options?: PushOptions): string;
  /** Pushes a template card button press (event_key is the button's key). */
  pushCardEvent(userid: string, eventKey: string, taskId?: string): string;
  /** Pushes an enter_chat event: `userid` opened the single chat with the bot (the first time that day); returns its msgid. */
  pushEnterChat(userid: string): string;
  /** How many times the media of the message `msgid` were downloaded (all media of this fake without it). */
  downloads(msgid?: string): number;
  /** The next `count` frames with this cmd (e.g. 'aibot_send_msg', 'aibot_upload_media_init') are answered with `errcode` (default 600001) instead of 0. */
  failNext(cmd: string, count: number, errcode?: number): void;
  /** The next `count` frames with this cmd get no answer at all (the SDK then times out waiting for the ack). */
  ignoreNext(cmd: string, count: number): void;
  /**
   * Another process connects with the same bot: the live connection is kicked exactly as a second
   * aibot_subscribe does it (disconnected_event, then close), and the outsider holds the bot until
   * `release()` is called on the returned handle (it then closes). A bot that subscribes meanwhile
   * kicks the outsider in turn.
   */
  kickFromOutside(): { release(): void };
  /** The files the bot uploaded (init, chunks in chunk_index order, finish), in the order they were finished. */
  uploads(): { filename: string; type: string; bytes: Buffer; mediaId: string }[];
  /** Frames with `cmd` from index `from` on. */
  sent(cmd: string, from?: number): WeComFrame[];
  waitFor(match: (frame: WeComFrame) => boolean, from?: number, timeoutMs?: number): Promise<WeComFrame>;
  waitUntil(check: () => boolean, timeoutMs?: number): Promise<void>;
  /** Closes every connection from the server's side (a network drop). */
  dropAll(): void;
  /** Closes the long connection; the media this fake pushed are gone (their urls answer 404). */
  close(): Promise<void>;
};

/** What the media host serves at one path: the encrypted bytes, and who counts the downloads. */
type HostedMedia = { encrypted: Buffer; filename?: string; downloaded(): void };
type MediaHost = { origin: string; media: Map<string, HostedMedia> };

/**
 * The media host is one HTTP server for the whole test process, started with the first fake and
 * never holding the process open: it outlives each fake, so a url fetched after its fake closed
 * answers 404 (an expired WeCom link) instead of a refused connection.
 */
const MEDIA_HOST = Symbol.for('xinbao.test.fakeWeComMediaHost');

function mediaHost(): Promise<MediaHost> {
  const holder = globalThis as { [MEDIA_HOST]?: Promise<MediaHost> };
  holder[MEDIA_HOST] ??= new Promise<MediaHost>((resolve, reject) => {
    const media = new Map<string, HostedMedia>();
    const server = createServer((req, res) => {
      const hosted = req.method === 'GET' ? media.get(new URL(req.url ?? '/', 'http://host').pathname) : undefined;
      if (!hosted) {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"errcode":404,"errmsg":"not found"}');
        return;
      }
      hosted.downloaded();
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': hosted.encrypted.length,
        ...(hosted.filename !== undefined ? { 'Content-Disposition': `attachment; filename*=UTF-8''${encodeRfc5987(hosted.filename)}` } : {}),
      });
      res.end(hosted.encrypted);
    });
    server.on('connection', (socket) => socket.unref());
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, media });
    });
  });
  return holder[MEDIA_HOST];
}

const encodeRfc5987 = (filename: string) => encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** WeCom's file encryption: AES-256-CBC, IV = the key's first 16 bytes, PKCS#7 padded to a multiple of 32 bytes. */
function encryptMedia(bytes: Uint8Array, key: Buffer): Buffer {
  const padding = 32 - (bytes.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([bytes, Buffer.alloc(padding, padding)])), cipher.final()]);
}

type Upload = { filename: string; type: string; totalChunks: number; chunks: Map<number, Buffer> };
type Fault = { errcode: number } | 'ignore';

export async function startFakeWeCom(options: { botId?: string; secret?: string } = {}): Promise<FakeWeCom> {
  const botId = options.botId ?? FAKE_WECOM_BOT_ID;
  const secret = options.secret ?? FAKE_WECOM_SECRET;
  const host = await mediaHost();
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const frames: WeComFrame[] = [];
  const live = new Map<number, WebSocket>();
  /** Other processes holding the bot (kickFromOutside), until released or kicked. */
  const outsiders = new Set<symbol>();
  let opened = 0;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const faults = new Map<string, Fault[]>();
  const uploading = new Map<string, Upload>();
  const uploaded: { filename: string; type: string; bytes: Buffer; mediaId: string }[] = [];
  const hostedPaths = new Set<string>();
  const downloadsByMsgid = new Map<string, number>();

  const ack = (socket: WebSocket, reqId: string, errcode = 0, body?: unknown) =>
    socket.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg: errcode === 0 ? 'ok' : 'invalid', ...(body ? { body } : {}) }));

  // WeCom keeps one connection per bot: a newer one kicks the older (disconnected_event, then close).
  const kickHolders = () => {
    for (const [other, old] of live) {
      old.send(
        JSON.stringify({
          cmd: 'aibot_event_callback',
          headers: { req_id: randomUUID() },
          body: {
            msgid: randomUUID(),
            create_time: 0,
            aibotid: botId,
            from: { userid: '' },
            msgtype: 'event',
            event: { eventtype: 'disconnected_event' },
          },
        }),
      );
      old.close();
      live.delete(other);
    }
    outsiders.clear();
  };

  /** The answer to a frame without a fault planned for it: its errcode and body. */
  const answer = (frame: WeComFrame, socket: WebSocket): { errcode: number; body?: unknown } => {
    const body = frame.body ?? {};
    switch (frame.cmd) {
      case 'aibot_subscribe':
        if (body.bot_id !== botId || body.secret !== secret) return { errcode: 40058 };
        kickHolders();
        live.set(frame.connection, socket);
        return { errcode: 0 };
      case 'aibot_upload_media_init': {
        const uploadId = `up-${frame.connection}-${frames.length}`;
        uploading.set(uploadId, { filename: String(body.filename), type: String(body.type), totalChunks: Number(body.total_chunks), chunks: new Map() });
        return { errcode: 0, body: { upload_id: uploadId } };
      }
      case 'aibot_upload_media_chunk': {
        const upload = uploading.get(String(body.upload_id));
        if (!upload) return { errcode: 40058 };
        upload.chunks.set(Number(body.chunk_index), Buffer.from(String(body.base64_data), 'base64'));
        return { errcode: 0 };
      }
      case 'aibot_upload_media_finish': {
        const upload = uploading.get(String(body.upload_id));
        if (!upload || upload.chunks.size !== upload.totalChunks) return { errcode: 40058 };
        uploading.delete(String(body.upload_id));
        const mediaId = `media-${frames.length}`;
        const indexes = [...upload.chunks.keys()].sort((a, b) => a - b);
        uploaded.push({
          filename: upload.filename,
          type: upload.type,
          bytes: Buffer.concat(indexes.map((index) => upload.chunks.get(index) as Buffer)),
          mediaId,
        });
        return { errcode: 0, body: { type: upload.type, media_id: mediaId, created_at: '0' } };
      }
      default:
        return { errcode: 0 };
    }
  };

  server.on('connection', (socket) => {
    const connection = ++opened;
    socket.on('message', (data) => {
      const frame = { ...(JSON.parse(data.toString()) as Omit<WeComFrame, 'connection'>), connection };
      frames.push(frame);
      const reqId = frame.headers?.req_id ?? '';
      // A frame with a fault planned for it has no effect: answered with the errcode, or not at all.
      const fault = faults.get(frame.cmd ?? '')?.shift();
      if (fault === 'ignore') {
        // no answer
      } else if (fault) {
        ack(socket, reqId, fault.errcode);
      } else {
        const { errcode, body } = answer(frame, socket);
        ack(socket, reqId, errcode, body);
      }
      notify();
    });
    socket.on('close', () => {
      live.delete(connection);
      notify();
    });
    notify();
  });

  const push = (cmd: string, body: Record<string, unknown>) => {
    const socket = [...live.values()][0];
    if (socket) socket.send(JSON.stringify({ cmd, headers: { req_id: randomUUID() }, body }));
    else if (outsiders.size === 0) throw new Error('fake WeCom: no bot is connected');
  };

  const envelope = (userid: string, opts: PushOptions) => ({
    msgid: opts.msgid ?? randomUUID(),
    aibotid: botId,
    ...(opts.chatid ? { chatid: opts.chatid } : {}),
    chattype: opts.chatid ? 'group' : 'single',
    from: { userid },
    create_time: Math.floor(Date.now() / 1000),
  });

  const pushMessage = (userid: string, opts: PushOptions, message: (msgid: string) => Record<string, unknown>) => {
    const head = envelope(userid, opts);
    push('aibot_msg_callback', { ...head, ...message(head.msgid) });
    return head.msgid;
  };

  /** Puts the media on the media host under a fresh path and key: the `{url, aeskey}` of a frame. */
  const hostMedia = (media: FakeMedia, msgid: string) => {
    const key = randomBytes(32);
    const path = `/media/${randomUUID()}`;
    host.media.set(path, {
      encrypted: encryptMedia(media.bytes, key),
      filename: media.filename,
      downloaded: () => downloadsByMsgid.set(msgid, (downloadsByMsgid.get(msgid) ?? 0) + 1),
    });
    hostedPaths.add(path);
    // WeCom's aeskey is 43 characters of base64 without the trailing '=': it decodes to 32 bytes.
    return { url: `${host.origin}${path}`, aeskey: key.toString('base64').replace(/=+$/, '') };
  };

  const pushMediaOf =
    (msgtype: 'image' | 'file' | 'video') =>
    (userid: string, media: FakeMedia, opts: PushOptions = {}) =>
      pushMessage(userid, opts, (msgid) => ({ msgtype, [msgtype]: hostMedia(media, msgid) }));

  const plan = (cmd: string, count: number, fault: Fault) => {
    const planned = faults.get(cmd) ?? [];
    for (let i = 0; i < count; i++) planned.push(fault);
    faults.set(cmd, planned);
  };

  const waitUntil = (check: () => boolean, timeoutMs = 5000) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      // Checked on every frame and connection change, and every 20 ms for state outside the fake.
      const poll = setInterval(() => done(), 20);
      const done = () => {
        if (!check()) return;
        realClearTimeout(timer);
        clearInterval(poll);
        waiters.delete(done);
        resolve();
      };
      const timer = realSetTimeout(() => {
        clearInterval(poll);
        waiters.delete(done);
        reject(new Error('fake WeCom: timed out waiting'));
      }, timeoutMs);
      waiters.add(done);
    });

  return {
    url: `ws://127.0.0.1:${port}`,
    frames,
    connectionsOpened: () => opened,
    authenticated: () => live.size + outsiders.size,
    pushText: (userid, content, opts = {}) => pushMessage(userid, opts, () => ({ msgtype: 'text', text: { content } })),
    pushImage: pushMediaOf('image'),
    pushFile: pushMediaOf('file'),
    pushVideo: pushMediaOf('video'),
    pushMixed: (userid, items, opts = {}) =>
      pushMessage(userid, opts, (msgid) => ({
        msgtype: 'mixed',
        mixed: {
          msg_item: items.map((item) =>
            typeof item === 'string' ? { msgtype: 'text', text: { content: item } } : { msgtype: 'image', image: hostMedia(item, msgid) },
          ),
        },
      })),
    pushVoice: (userid, content, opts = {}) => pushMessage(userid, opts, () => ({ msgtype: 'voice', voice: { content } })),
    pushCardEvent(userid, eventKey, taskId = 'task') {
      const msgid = randomUUID();
      push('aibot_event_callback', {
        msgid,
        create_time: 0,
        aibotid: botId,
        chattype: 'single',
        from: { userid },
        msgtype: 'event',
        event: { eventtype: 'template_card_event', event_key: eventKey, task_id: taskId },
      });
      return msgid;
    },
    pushEnterChat(userid) {
      const msgid = randomUUID();
      push('aibot_event_callback', {
        msgid,
        create_time: 0,
        aibotid: botId,
        chattype: 'single',
        from: { userid },
        msgtype: 'event',
        event: { eventtype: 'enter_chat' },
      });
      return msgid;
    },
    downloads: (msgid) => (msgid === undefined ? [...downloadsByMsgid.values()].reduce((sum, count) => sum + count, 0) : (downloadsByMsgid.get(msgid) ?? 0)),
    failNext: (cmd, count, errcode = 600001) => plan(cmd, count, { errcode }),
    ignoreNext: (cmd, count) => plan(cmd, count, 'ignore'),
    kickFromOutside() {
      kickHolders();
      const outsider = Symbol('outsider');
      outsiders.add(outsider);
      notify();
      return {
        release() {
          outsiders.delete(outsider);
          notify();
        },
      };
    },
    uploads: () => uploaded.map((upload) => ({ ...upload })),
    sent: (cmd, from = 0) => frames.slice(from).filter((frame) => frame.cmd === cmd),
    async waitFor(match, from = 0, timeoutMs = 5000) {
      let found: WeComFrame | undefined;
      await waitUntil(() => {
        found = frames.slice(from).find(match);
        return found !== undefined;
      }, timeoutMs);
      return found as WeComFrame;
    },
    waitUntil,
    dropAll() {
      for (const socket of live.values()) socket.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const path of hostedPaths) host.media.delete(path);
        hostedPaths.clear();
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
