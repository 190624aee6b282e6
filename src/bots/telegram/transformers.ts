/**
 * The API transformers every Telegram call goes through, innermost first:
 *
 * 1. per-chat pacing (`@grammyjs/transformer-throttler`, Bottleneck): calls to one chat leave
 *    one at a time and in order, in bursts of up to 30 and then about one a second (Telegram's
 *    advice for a private chat); over all chats, a burst of up to 100 (one urgent alert reaches
 *    every duty officer, editor and leader at once) refilled at 30 a second, Telegram's
 *    sustained rate for messages to many users — a 429 that still comes is honoured below;
 * 2. bounded retries of network failures (below);
 * 3. `@grammyjs/auto-retry` for 429 `retry_after` (and 5xx), a few times and only for short
 *    waits: a longer flood wait surfaces as an error, which the outbox turns into a later try.
 *
 * auto-retry retries network errors itself, but without any bound (doubling up to an hour, for
 * ever, unless the call has an abort signal — and sendMessage calls have none), which would hang
 * a handler and `stop()` whenever the network is down; so its `rethrowHttpErrors` is on and the
 * bounded retry below does that part.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { HttpError, type Api, type Transformer } from 'grammy';

/** Waits this long at most for a 429's retry_after within a call; longer waits are the caller's. */
export const MAX_RETRY_AFTER_SECONDS = 10;

/** Retries a call that failed on the network (no answer at all) `attempts` more times, backing off. */
export function retryNetworkErrors(options: { attempts: number; firstDelayMs: number }): Transformer {
  return async (prev, method, payload, signal) => {
    let delay = options.firstDelayMs;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || attempt >= options.attempts || signal?.aborted) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  };
}

/** Installs pacing and retries on an Api (bot.api; per-update APIs copy its transformers). */
export function installTransformers(api: Api): void {
  api.config.use(
    apiThrottler({
      global: { reservoir: 100, reservoirIncreaseAmount: 30, reservoirIncreaseInterval: 1000, reservoirIncreaseMaximum: 100 },
      out: { maxConcurrent: 1, minTime: 50, reservoir: 30, reservoirRefreshAmount: 30, reservoirRefreshInterval: 30_000 },
    }),
  );
  api.config.use(retryNetworkErrors({ attempts: 2, firstDelayMs: 500 }));
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: MAX_RETRY_AFTER_SECONDS, rethrowHttpErrors: true }));
}
