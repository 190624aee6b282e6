/**
 * The one HTTP server on PORT: `/healthz`, `/readyz`, `/metrics`, Telegram's webhook at
 * `/telegram` and Slack's `/slack/events` (events, the slash command and interactivity) when
 * those adapters are on (docs/running.md, "Health and readiness", "Metrics"). `/healthz` says
 * the process is alive; `/readyz` whether it can do its work (the database, the migrations, the
 * chat adapters), naming what is wrong; `/metrics` (Prometheus) and `/healthz/details` (the
 * adapters, the outbox's counts, dead messages by lane) answer only a request made on this
 * machine, or from an address the operator allowed (XINBAO_METRICS_ALLOW).
 */
import { BlockList, isIP } from 'node:net';
import type { Server } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

/** What the health routes read; each left out answers as if all were well (or 404 for metrics). */
export type Probes = {
  /** `/healthz/details`: what this instance is doing. */
  details?(): Promise<Record<string, unknown>>;
  /** `/readyz`: 200 when `ok`, else 503; the body either way. */
  ready?(): Promise<{ ok: boolean } & Record<string, unknown>>;
  /** `/metrics`. */
  metrics?: { scrape(): Promise<string>; contentType: string };
  /** Who else but this machine may read `/metrics` and `/healthz/details`: addresses and CIDR networks. */
  allow?: readonly string[];
};

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** An IPv4 address as IPv6 writes it on a dual-stack socket (`::ffff:10.1.2.3`), as IPv4. */
const unmapped = (address: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice('::ffff:'.length) : address);

/** The allowed addresses and networks (checked by the config: XINBAO_METRICS_ALLOW). */
function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/**
 * A request made on this machine or from an allowed address, and not relayed by a proxy (a
 * reverse proxy on the same host connects from loopback too, but says whom it relays for).
 */
function trusted(req: Request, allowed: BlockList): boolean {
  const relayed = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-real-ip'] !== undefined;
  if (relayed) return false;
  const address = unmapped(req.socket.remoteAddress ?? '');
  if (LOOPBACK.has(address)) return true;
  const type = isIP(address);
  return type !== 0 && allowed.check(address, type === 6 ? 'ipv6' : 'ipv4');
}

export function createHttpApp(probes: Probes = {}): Express {
  const app = express();
  const allowed = allowList(probes.allow ?? []);
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  app.get('/readyz', async (_req, res) => {
    if (!probes.ready) return void res.json({ ok: true });
    try {
      const readiness = await probes.ready();
      res.status(readiness.ok ? 200 : 503).json(readiness);
    } catch {
      res.status(503).json({ ok: false });
    }
  });
  app.get('/healthz/details', async (req, res) => {
    if (!trusted(req, allowed)) return void res.status(403).json({ ok: false });
    try {
      res.json({ ok: true, ...(await probes.details?.()) });
    } catch {
      res.status(503).json({ ok: false });
    }
  });
  app.get('/metrics', async (req, res) => {
    if (!trusted(req, allowed)) return void res.status(403).type('text/plain').send('forbidden\n');
    if (!probes.metrics) return void res.status(404).end();
    try {
      const text = await probes.metrics.scrape();
      res.type(probes.metrics.contentType).send(text);
    } catch {
      res.status(500).end();
    }
  });
  return app;
}

/**
 * Ends the app with bare answers: a path nothing serves gets 404, and an error no route handled
 * gets its 4xx status or 500 — never Express's page with a stack trace and file paths.
 */
function endBare(app: Express): void {
  app.use((_req: Request, res: Response) => void res.status(404).end());
  app.use((error: { status?: number; statusCode?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = error.status ?? error.statusCode ?? 500;
    res.status(status >= 400 && status < 600 ? status : 500).end();
  });
}

/**
 * Listens on host:port, once every route is mounted (what comes after is answered bare: see
 * `endBare`); resolves once listening, with a close() that lets in-flight requests finish.
 */
export function listen(app: Express, port: number, host: string): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  endBare(app);
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) return reject(error);
      const address = server.address();
      resolve({
        server,
        port: typeof address === 'object' && address ? address.port : port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
    server.on('error', reject);
  });
}
