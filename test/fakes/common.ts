/**
 * Shared plumbing for the local fake servers (Telegram Bot API, Slack Web API):
 * request body parsing (JSON, form-urlencoded, multipart), an event-based call
 * log with `waitFor`, and timers captured before any test can fake them.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// Captured at module load so `vi.useFakeTimers()` in a test does not freeze
// long polls or `waitFor` timeouts of the fakes.
export const realSetTimeout: typeof setTimeout = globalThis.setTimeout.bind(globalThis);
export const realClearTimeout: typeof clearTimeout = globalThis.clearTimeout.bind(globalThis);

/** A file part of a multipart request (content is not kept, only its size). */
export interface UploadedFile {
  /** The API parameter the file belongs to (`document`, `photo`, …), resolved through `attach://`. */
  field: string;
  /** The multipart part name (for grammY a random `attach://` id). */
  partName: string;
  filename: string;
  size: number;
  contentType?: string;
}

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export interface ParsedBody {
  params: Record<string, unknown>;
  files: MultipartPart[];
  raw: Buffer;
  contentType: string;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function headerParam(header: string, name: string): string | undefined {
  // Matches `name="value"` or `name=value`, not preceded by another word char
  // (so `name` does not match inside `filename`).
  const re = new RegExp(`(?:^|[;\\s])${name}=(?:"([^"]*)"|([^;\\r\\n]*))`, 'i');
  const m = re.exec(header);
  if (!m) return undefined;
  return (m[1] ?? m[2] ?? '').trim();
}

/** Tolerant multipart/form-data parser (grammY writes `content-disposition:form-data;name="x";filename=y`). */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = headerParam(contentType, 'boundary');
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    pos += delimiter.length;
    // `--` after the delimiter marks the end.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const next = body.indexOf(delimiter, pos);
    if (next === -1) break;
    let end = next;
    if (body[end - 2] === 0x0d && body[end - 1] === 0x0a) end -= 2;
    const part = body.subarray(pos, end);
    const sep = part.indexOf('\r\n\r\n');
    const headerText = sep === -1 ? part.toString('utf8') : part.subarray(0, sep).toString('utf8');
    const data = sep === -1 ? Buffer.alloc(0) : part.subarray(sep + 4);
    let disposition = '';
    let partType: string | undefined;
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-disposition') disposition = value;
      else if (key === 'content-type') partType = value;
    }
    const name = headerParam(disposition, 'name') ?? '';
    const filename = headerParam(disposition, 'filename');
    parts.push({ name, filename, contentType: partType, data: Buffer.from(data) });
    pos = next;
  }
  return parts;
}

/**
 * Parses a request body by content type. Form and multipart values stay strings;
 * `decodeValue` may turn them into something richer (JSON, numbers).
 */
export async function parseRequest(req: IncomingMessage, decodeValue: (key: string, value: string) => unknown = (_k, v) => v): Promise<ParsedBody> {
  const raw = await readBody(req);
  const contentType = String(req.headers['content-type'] ?? '');
  const params: Record<string, unknown> = {};
  const files: MultipartPart[] = [];
  const url = new URL(req.url ?? '/', 'http://localhost');
  for (const [k, v] of url.searchParams) params[k] = decodeValue(k, v);
  const text = raw.toString('utf8');
  if (/application\/json/i.test(contentType)) {
    if (text.trim() !== '') Object.assign(params, JSON.parse(text));
  } else if (/application\/x-www-form-urlencoded/i.test(contentType)) {
    for (const [k, v] of new URLSearchParams(text)) params[k] = decodeValue(k, v);
  } else if (/multipart\/form-data/i.test(contentType)) {
    for (const part of parseMultipart(raw, contentType)) {
      if (part.filename !== undefined) files.push(part);
      else params[part.name] = decodeValue(part.name, part.data.toString('utf8'));
    }
  } else if (text.trim() !== '') {
    try {
      Object.assign(params, JSON.parse(text));
    } catch {
      for (const [k, v] of new URLSearchParams(text)) params[k] = decodeValue(k, v);
    }
  }
  return { params, files, raw, contentType };
}

/** Maps file parts to the parameter that references them (`document: "attach://id"`), or their own part name. */
export function resolveFiles(params: Record<string, unknown>, parts: MultipartPart[]): UploadedFile[] {
  return parts.map((p) => {
    let field = p.name;
    for (const [k, v] of Object.entries(params)) {
      if (v === `attach://${p.name}`) field = k;
    }
    return {
      field,
      partName: p.name,
      filename: p.filename ?? '',
      size: p.data.length,
      ...(p.contentType ? { contentType: p.contentType } : {}),
    };
  });
}

function methodOf(c: object): string | undefined {
  return 'method' in c && typeof c.method === 'string' ? c.method : undefined;
}

export type CallMatcher<C> = string | ((call: C) => boolean);

/** An append-only list of calls that wakes waiters on each new entry. */
export class CallLog<C extends object> {
  readonly calls: C[] = [];
  private readonly listeners = new Set<(call: C) => void>();

  record(call: C): void {
    this.calls.push(call);
    for (const l of [...this.listeners]) l(call);
  }

  callsTo(method: string): C[] {
    return this.calls.filter((c) => methodOf(c) === method);
  }

  clear(): void {
    this.calls.length = 0;
  }

  /**
   * Resolves with the first call (at index >= fromIndex, already recorded or future)
   * matching `matcher` — a method name or a predicate. Rejects after `timeoutMs`.
   */
  waitFor(matcher: CallMatcher<C>, timeoutMs = 5000, fromIndex = 0): Promise<C> {
    const test = typeof matcher === 'string' ? (c: C) => methodOf(c) === matcher : matcher;
    const found = this.calls.slice(fromIndex).find(test);
    if (found) return Promise.resolve(found);
    return new Promise<C>((resolve, reject) => {
      const listener = (call: C) => {
        let ok = false;
        try {
          ok = test(call);
        } catch (err) {
          cleanup();
          reject(err);
          return;
        }
        if (ok) {
          cleanup();
          resolve(call);
        }
      };
      const timer = realSetTimeout(() => {
        cleanup();
        const seen = this.calls.map((c) => methodOf(c) ?? JSON.stringify(c)).join(', ') || '(none)';
        reject(new Error(`waitFor timed out after ${timeoutMs} ms; calls seen: ${seen}`));
      }, timeoutMs);
      const cleanup = () => {
        realClearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }
}

export function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export function sendJson(res: import('node:http').ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
