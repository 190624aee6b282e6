/**
 * The one HTTP server on PORT: `/healthz`, Telegram's webhook at `/telegram` and Slack's
 * `/slack/events` (events, the slash command and interactivity) when those adapters are on.
 */
import type { Server } from 'node:http';
import express, { type Express } from 'express';

export type HealthCheck = () => Promise<Record<string, unknown>>;

export function createHttpApp(health: HealthCheck): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    try {
      res.json({ ok: true, ...(await health()) });
    } catch {
      res.status(503).json({ ok: false });
    }
  });
  return app;
}

/** Listens on host:port; resolves once listening, with a close() that lets in-flight requests finish. */
export function listen(app: Express, port: number, host: string): Promise<{ server: Server; port: number; close(): Promise<void> }> {
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
