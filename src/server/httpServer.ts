/**
 * The one HTTP server on PORT: `/healthz`, Telegram's webhook at `/telegram` and Slack's
 * `/slack/events` (events, the slash command and interactivity) when those adapters are on.
 * `/healthz` tells anyone only whether the service is well; `/healthz/details` (the adapters,
 * the outbox's counts, dead messages by lane) answers only a request made on this machine.
 */
import type { Server } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

export type HealthCheck = () => Promise<Record<string, unknown>>;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * A request made on this machine: from a loopback address and not relayed by a proxy (a reverse
 * proxy on the same host connects from loopback too, but says whom it relays for).
 */
function fromThisMachine(req: Request): boolean {
  const relayed = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-real-ip'] !== undefined;
  return !relayed && LOOPBACK.has(req.socket.remoteAddress ?? '');
}

export function createHttpApp(health: HealthCheck): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    try {
      await health();
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false });
    }
  });
  app.get('/healthz/details', async (req, res) => {
    if (!fromThisMachine(req)) {
      res.status(403).json({ ok: false });
      return;
    }
    try {
      res.json({ ok: true, ...(await health()) });
    } catch {
      res.status(503).json({ ok: false });
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
