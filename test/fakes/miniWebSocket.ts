/**
 * A minimal RFC 6455 WebSocket server side, enough for the Slack Socket Mode client
 * (undici's WebSocket): text frames, fragmentation, ping/pong, close handshake.
 * No extensions (permessage-deflate offers are declined by not answering them).
 *
 * The `ws` package is not installed in this project (@slack/socket-mode 3.x uses
 * undici's client), so the fake implements the server framing itself.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { realClearTimeout, realSetTimeout } from './common.ts';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface MiniWebSocketEvents {
  message: [text: string];
  close: [code: number, reason: string];
}

export class MiniWebSocket extends EventEmitter<MiniWebSocketEvents> {
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closeSent = false;
  private closed = false;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly socket: Duplex) {
    super();
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    socket.on('close', () => this.finish(1006, ''));
    socket.on('error', () => this.finish(1006, ''));
  }

  get isOpen(): boolean {
    return !this.closed && !this.closeSent;
  }

  send(text: string): void {
    if (!this.isOpen) throw new Error('WebSocket is not open');
    this.writeFrame(0x1, Buffer.from(text, 'utf8'));
  }

  /** Starts the close handshake; the socket is destroyed if the peer does not answer within 1 s. */
  close(code = 1000, reason = ''): void {
    if (this.closed || this.closeSent) return;
    this.sendClose(code, reason);
    this.closeTimer = realSetTimeout(() => this.socket.destroy(), 1000);
    this.closeTimer.unref?.();
  }

  terminate(): void {
    this.socket.destroy();
  }

  private finish(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.closeTimer) realClearTimeout(this.closeTimer);
    this.emit('close', code, reason);
  }

  private sendClose(code: number, reason: string): void {
    const r = Buffer.from(reason, 'utf8');
    const payload = Buffer.alloc(2 + r.length);
    payload.writeUInt16BE(code, 0);
    r.copy(payload, 2);
    this.writeFrame(0x8, payload);
    this.closeSent = true;
  }

  private writeFrame(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed) return;
    const len = payload.length;
    let header: Buffer;
    if (len < 126) {
      header = Buffer.from([0x80 | opcode, len]);
    } else if (len < 65536) {
      header = Buffer.alloc(4);
      header[0] = 0x80 | opcode;
      header[1] = 126;
      header.writeUInt16BE(len, 2);
    } else {
      header = Buffer.alloc(10);
      header[0] = 0x80 | opcode;
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(len), 2);
    }
    this.socket.write(Buffer.concat([header, payload]));
  }

  private parse(): void {
    for (;;) {
      const b = this.buffer;
      if (b.length < 2) return;
      const fin = (b[0]! & 0x80) !== 0;
      const opcode = b[0]! & 0x0f;
      const masked = (b[1]! & 0x80) !== 0;
      let len = b[1]! & 0x7f;
      let pos = 2;
      if (len === 126) {
        if (b.length < 4) return;
        len = b.readUInt16BE(2);
        pos = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        len = Number(b.readBigUInt64BE(2));
        pos = 10;
      }
      const maskLen = masked ? 4 : 0;
      if (b.length < pos + maskLen + len) return;
      const mask = masked ? b.subarray(pos, pos + 4) : undefined;
      pos += maskLen;
      const payload = Buffer.from(b.subarray(pos, pos + len));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i & 3]!;
      this.buffer = b.subarray(pos + len);
      this.onFrame(fin, opcode, payload);
    }
  }

  private onFrame(fin: boolean, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case 0x0: // continuation
      case 0x1: // text
      case 0x2: {
        // binary
        this.fragments.push(payload);
        if (fin) {
          const text = Buffer.concat(this.fragments).toString('utf8');
          this.fragments = [];
          this.emit('message', text);
        }
        return;
      }
      case 0x8: {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        const reason = payload.length > 2 ? payload.subarray(2).toString('utf8') : '';
        if (!this.closeSent) this.sendClose(code === 1005 ? 1000 : code, '');
        this.socket.end();
        this.finish(code, reason);
        return;
      }
      case 0x9:
        this.writeFrame(0xa, payload); // pong
        return;
      default:
        return; // pong or unknown
    }
  }
}

/** Completes the HTTP upgrade handshake; returns undefined (and rejects the socket) if it is not a WebSocket request. */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer): MiniWebSocket | undefined {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || String(req.headers.upgrade).toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return undefined;
  }
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\n' +
      'Upgrade: websocket\r\n' +
      'Connection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  const ws = new MiniWebSocket(socket);
  if (head.length > 0) socket.unshift(head);
  return ws;
}
