/**
 * A WebSocket relay between the services and the fake WeCom server that keeps a connection log:
 * when each bot connection opened, sent its `aibot_subscribe`, was accepted, and closed (and
 * which side closed it), and whether WeCom kicked it for a newer one (`disconnected_event`).
 * The fake itself keeps one live connection per bot, so its own count never shows two holders;
 * the log shows whether a second one ever subscribed while the first was still connected.
 */
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export type LoggedConnection = {
  id: number;
  openedAt: number;
  subscribedAt?: number;
  authenticatedAt?: number;
  closedAt?: number;
  /** Who closed it first: the bot (its process, e.g. killed) or the server behind the relay. */
  closedBy?: 'bot' | 'server';
  /** WeCom told it a newer connection took its place. */
  kicked: boolean;
};

export type WeComRelay = {
  url: string;
  connections: LoggedConnection[];
  /** Connections accepted by WeCom and not closed. */
  authenticated(): number;
  close(): Promise<void>;
};

type Frame = { cmd?: string; headers?: { req_id?: string }; errcode?: number; body?: { event?: { eventtype?: string } } };

const parse = (data: unknown): Frame => {
  try {
    return JSON.parse(String(data)) as Frame;
  } catch {
    return {};
  }
};

export async function startWeComRelay(upstreamUrl: string): Promise<WeComRelay> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const connections: LoggedConnection[] = [];
  const upstreams = new Set<WebSocket>();

  server.on('connection', (bot) => {
    const entry: LoggedConnection = { id: connections.length + 1, openedAt: Date.now(), kicked: false };
    connections.push(entry);
    const upstream = new WebSocket(upstreamUrl);
    upstreams.add(upstream);
    const pending: string[] = [];
    let subscribeReqId: string | undefined;
    const closed = (by: 'bot' | 'server') => {
      if (entry.closedAt === undefined) {
        entry.closedAt = Date.now();
        entry.closedBy = by;
      }
      upstreams.delete(upstream);
      if (bot.readyState === WebSocket.OPEN) bot.close();
      if (upstream.readyState === WebSocket.OPEN || upstream.readyState === WebSocket.CONNECTING) upstream.terminate();
    };

    bot.on('message', (data) => {
      const text = String(data);
      const frame = parse(text);
      if (frame.cmd === 'aibot_subscribe') {
        entry.subscribedAt ??= Date.now();
        subscribeReqId = frame.headers?.req_id;
      }
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else pending.push(text);
    });
    upstream.on('open', () => {
      for (const text of pending.splice(0)) upstream.send(text);
    });
    upstream.on('message', (data) => {
      const text = String(data);
      const frame = parse(text);
      if (subscribeReqId !== undefined && frame.cmd === undefined && frame.headers?.req_id === subscribeReqId && frame.errcode === 0) {
        entry.authenticatedAt ??= Date.now();
      }
      if (frame.body?.event?.eventtype === 'disconnected_event') entry.kicked = true;
      if (bot.readyState === WebSocket.OPEN) bot.send(text);
    });
    bot.on('close', () => closed('bot'));
    bot.on('error', () => closed('bot'));
    upstream.on('close', () => closed('server'));
    upstream.on('error', () => closed('server'));
  });

  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    authenticated: () => connections.filter((entry) => entry.authenticatedAt !== undefined && entry.closedAt === undefined).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const upstream of upstreams) upstream.terminate();
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
