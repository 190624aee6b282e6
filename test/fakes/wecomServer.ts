/**
 * A fake WeCom intelligent-bot long connection: a `ws` server speaking the JSON frames of
 * @wecom/aibot-node-sdk 1.0.7 (its README and dist/types): the bot subscribes with
 * `aibot_subscribe` {bot_id, secret} and gets `{headers:{req_id}, errcode:0}`; `ping` is acked
 * the same way; `aibot_respond_msg`, `aibot_send_msg` and the other reply commands are acked
 * by req_id; the server pushes `aibot_msg_callback` (messages) and `aibot_event_callback`
 * (events, e.g. a template card button press). Every frame the bot sends is recorded.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { realClearTimeout, realSetTimeout } from './common.ts';

export const FAKE_WECOM_BOT_ID = 'aibot-test';
export const FAKE_WECOM_SECRET = 'wecom-test-secret';

export type WeComFrame = { cmd?: string; headers: { req_id: string }; body?: Record<string, unknown>; connection: number };

export type FakeWeCom = {
  url: string;
  /** Every frame the bots sent, in order. */
  frames: WeComFrame[];
  /** How many connections were ever opened, and how many are authenticated now. */
  connectionsOpened(): number;
  authenticated(): number;
  /** Pushes a text message from `userid` (a single chat unless `chatid` is given); returns its msgid. */
  pushText(userid: string, content: string, options?: { msgid?: string; chatid?: string }): string;
  /** Pushes a template card button press (event_key is the button's key). */
  pushCardEvent(userid: string, eventKey: string, taskId?: string): string;
  /** Frames with `cmd` from index `from` on. */
  sent(cmd: string, from?: number): WeComFrame[];
  waitFor(match: (frame: WeComFrame) => boolean, from?: number, timeoutMs?: number): Promise<WeComFrame>;
  waitUntil(check: () => boolean, timeoutMs?: number): Promise<void>;
  /** Closes every connection from the server's side (a network drop). */
  dropAll(): void;
  close(): Promise<void>;
};

export async function startFakeWeCom(options: { botId?: string; secret?: string } = {}): Promise<FakeWeCom> {
  const botId = options.botId ?? FAKE_WECOM_BOT_ID;
  const secret = options.secret ?? FAKE_WECOM_SECRET;
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const frames: WeComFrame[] = [];
  const live = new Map<number, WebSocket>();
  let opened = 0;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const ack = (socket: WebSocket, reqId: string, errcode = 0, body?: unknown) =>
    socket.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg: errcode === 0 ? 'ok' : 'invalid', ...(body ? { body } : {}) }));

  server.on('connection', (socket) => {
    const connection = ++opened;
    socket.on('message', (data) => {
      const frame = { ...(JSON.parse(data.toString()) as Omit<WeComFrame, 'connection'>), connection };
      frames.push(frame);
      const reqId = frame.headers?.req_id ?? '';
      if (frame.cmd === 'aibot_subscribe') {
        if (frame.body?.bot_id !== botId || frame.body?.secret !== secret) {
          ack(socket, reqId, 40058);
        } else {
          // WeCom keeps one connection per bot: the newer one kicks the older (disconnected_event).
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
          live.set(connection, socket);
          ack(socket, reqId);
        }
      } else if (frame.cmd === 'aibot_upload_media_init') {
        ack(socket, reqId, 0, { upload_id: `up-${connection}-${frames.length}` });
      } else if (frame.cmd === 'aibot_upload_media_finish') {
        ack(socket, reqId, 0, { type: 'file', media_id: `media-${frames.length}`, created_at: '0' });
      } else {
        ack(socket, reqId);
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
    if (!socket) throw new Error('fake WeCom: no bot is connected');
    socket.send(JSON.stringify({ cmd, headers: { req_id: randomUUID() }, body }));
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
    authenticated: () => live.size,
    pushText(userid, content, opts = {}) {
      const msgid = opts.msgid ?? randomUUID();
      push('aibot_msg_callback', {
        msgid,
        aibotid: botId,
        ...(opts.chatid ? { chatid: opts.chatid } : {}),
        chattype: opts.chatid ? 'group' : 'single',
        from: { userid },
        msgtype: 'text',
        text: { content },
      });
      return msgid;
    },
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
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
