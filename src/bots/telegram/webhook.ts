/**
 * Telegram's webhook, `POST /telegram`, guarded before anything is read: the secret token header
 * is checked first (401 without it, in constant time), then the content type (415 unless JSON),
 * then the size (413 past `BODY_LIMIT`), then the JSON (400). Every refusal is a bare status: no
 * body, no stack, no path, no library name; the body is never logged.
 *
 * An accepted update is answered 200 once it is handled, or after `ANSWER_WITHIN_MS` while it is
 * still being handled (it is kept by then: see the intake), so Telegram sends the next one no
 * faster than they are handled. If the update cannot be kept (the database is locked past its
 * busy timeout), the answer is 503 and Telegram delivers it again later. While the bot is
 * stopping, every request gets 503.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Update } from 'grammy/types';
import { errorText, type Logger } from '../../observability/logger.ts';

/** The largest update body accepted; Telegram's updates for text and buttons are a few kilobytes. */
export const BODY_LIMIT = '64kb';

/** How long a request waits for its update to be handled before it is answered anyway. */
export const ANSWER_WITHIN_MS = 10_000;

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export type WebhookDeps = {
  secret: string;
  /** Keeps the update (throws when it cannot) and starts handling it: resolves with the handling. */
  admit(update: Update): Promise<{ handled: Promise<void> }>;
  logger: Logger;
};

function sameSecret(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

const isUpdate = (body: unknown): body is Update =>
  typeof body === 'object' && body !== null && Number.isSafeInteger((body as { update_id?: unknown }).update_id);

export function createWebhook(deps: WebhookDeps): { router: Router; open(): void; close(): void } {
  let accepting = false;
  const router = express.Router();
  router.post(
    '/',
    (req: Request, res: Response, next: NextFunction) => {
      if (!sameSecret(req.get(SECRET_HEADER), deps.secret)) return void res.status(401).end();
      if (!req.is('application/json')) return void res.status(415).end();
      if (!accepting) return void res.status(503).end();
      next();
    },
    express.json({ limit: BODY_LIMIT }),
    async (req: Request, res: Response) => {
      if (!isUpdate(req.body)) return void res.status(400).end();
      let handled: Promise<void>;
      try {
        ({ handled } = await deps.admit(req.body));
      } catch (error) {
        deps.logger.warn(
          { updateId: String(req.body.update_id), error: errorText(error) },
          'could not keep a webhook update; answering 503 so Telegram sends it again',
        );
        return void res.status(503).end();
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([handled, new Promise((resolve) => (timer = setTimeout(resolve, ANSWER_WITHIN_MS)))]);
      clearTimeout(timer);
      res.status(200).end();
    },
  );
  // A body that is too large or not JSON: the status alone.
  router.use((error: { status?: number; statusCode?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = error.status ?? error.statusCode ?? 400;
    res.status(status >= 400 && status < 500 ? status : 400).end();
  });
  return {
    router,
    open: () => {
      accepting = true;
    },
    close: () => {
      accepting = false;
    },
  };
}
