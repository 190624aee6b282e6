/**
 * The outbox dispatcher: sends what the domain queued, retries failures with backoff, and marks
 * each message sent. Messages are written in the same transaction as what caused them, so a
 * crash between the write and the send still delivers on restart; a row is leased while it is
 * being sent, so two dispatchers on one database do not send it twice. Messages go by lane
 * (urgent, reply, normal, bulk; see `LANES`), and a pass takes only a few bulk messages, so an
 * urgent alert queued while a circular goes out waits for at most one short pass.
 */
import type { Locale } from '../domain/vocabulary.ts';
import { LANES, type OutboxRow } from '../domain/notify/port.ts';
import type { Clock, Store } from '../domain/ports.ts';
import { renderOut } from '../i18n/renderOut.ts';
import { SendError, type Sender } from '../domain/notify/sender.ts';
import { fileData } from '../domain/notify/files.ts';

export type DispatcherOptions = {
  store: Store;
  clock: Clock;
  senders: Sender[];
  defaultLocale: Locale;
  /** How many messages one pass takes. */
  batch?: number;
  /** How many of them may be bulk (circulars, quota reminders): what a newly queued urgent message may wait behind. */
  bulkBatch?: number;
  /** How many chats are sent to at once. */
  concurrency?: number;
  /** How long a claimed message is reserved for this dispatcher. */
  leaseMs?: number;
  /** After this many failed attempts a message is given up (status dead). */
  maxAttempts?: number;
  log?: (line: string) => void;
};

/** Backoff after the n-th failed attempt: 5 s, 10 s, 20 s … capped at one hour. */
export const backoffMs = (attempts: number) => Math.min(3600_000, 5000 * 2 ** Math.max(0, attempts - 1));

export function createDispatcher(options: DispatcherOptions) {
  const { store, clock } = options;
  const batch = options.batch ?? 100;
  const concurrency = options.concurrency ?? 8;
  const bulkBatch = options.bulkBatch ?? 2 * concurrency;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const log = options.log ?? (() => {});
  const senders = new Map(options.senders.map((sender) => [sender.platform, sender]));
  const locales = new Map<number, Locale>();
  // A circular's chart is stored once and referenced by each recipient's message: read once a pass.
  const files = new Map<string, Promise<Uint8Array | null>>();
  const fileOf = (row: OutboxRow) => {
    const file = row.message.file;
    if (!file || !('ref' in file)) return Promise.resolve(null);
    if (!files.has(file.ref)) files.set(file.ref, fileData(store, file));
    return files.get(file.ref)!;
  };

  async function localeOf(personId: number | null): Promise<Locale> {
    if (personId === null) return options.defaultLocale;
    if (!locales.has(personId)) locales.set(personId, (await store.people.byId(personId))?.locale ?? options.defaultLocale);
    return locales.get(personId)!;
  }

  async function deliver(row: OutboxRow): Promise<'sent' | 'failed'> {
    const sender = senders.get(row.platform);
    if (!sender) {
      // No adapter for this platform is running now (e.g. Slack not configured): keep it for later.
      await store.outbox.retryLater(row.id, new Date(clock.now().getTime() + leaseMs), `no ${row.platform} adapter running`);
      return 'failed';
    }
    try {
      await sender.send(row.chatId, renderOut(row.message, await localeOf(row.personId), await fileOf(row)));
      await store.outbox.markSent(row.id, clock.now());
      return 'sent';
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if ((error instanceof SendError && error.permanent) || row.attempts >= maxAttempts) {
        await store.outbox.markDead(row.id, reason);
        log(`outbox: gave up message ${row.id} to ${row.platform}: ${reason}`);
      } else {
        const wait = error instanceof SendError && error.retryAfterMs !== undefined ? error.retryAfterMs : backoffMs(row.attempts);
        await store.outbox.retryLater(row.id, new Date(clock.now().getTime() + wait), reason);
      }
      return 'failed';
    }
  }

  // Whether the last pass took all it could: then more may be due, and the next pass starts at once.
  let full = false;

  /** One pass: claims what is due and sends it; returns how many were sent and failed. */
  async function dispatchOnce(): Promise<{ sent: number; failed: number }> {
    locales.clear(); // a /lang change takes effect on the next pass
    files.clear();
    const now = clock.now();
    const rows = await store.outbox.claimDue(now, new Date(now.getTime() + leaseMs), batch, bulkBatch);
    full = rows.length >= batch || rows.filter((row) => row.lane === 'bulk').length >= bulkBatch;
    let sent = 0;
    let failed = 0;
    // One lane after the other, the most urgent first, so an urgent message's send starts before
    // any bulk one's. Within a lane, messages to one chat go in order and chats go side by side.
    for (const lane of LANES) {
      const byChat = new Map<string, OutboxRow[]>();
      for (const row of rows) {
        if (row.lane !== lane) continue;
        const key = `${row.platform}:${row.chatId}`;
        (byChat.get(key) ?? byChat.set(key, []).get(key)!).push(row);
      }
      const queues = [...byChat.values()];
      await Promise.all(
        Array.from({ length: Math.min(concurrency, queues.length) }, async () => {
          for (let queue = queues.shift(); queue; queue = queues.shift()) {
            for (const [index, row] of queue.entries()) {
              if ((await deliver(row)) === 'sent') {
                sent += 1;
                continue;
              }
              failed += 1;
              // Keep the chat's order in its lane: what follows a failed message waits for it.
              for (const later of queue.slice(index + 1)) await store.outbox.retryLater(later.id, clock.now(), 'waiting for an earlier message');
              break;
            }
          }
        }),
      );
    }
    return { sent, failed };
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  return {
    dispatchOnce,
    /** Polls every `intervalMs` until stopped. */
    start(intervalMs = 200) {
      stopped = false;
      const tick = () => {
        running = dispatchOnce()
          .catch((error: unknown) => log(`outbox: ${error instanceof Error ? error.message : String(error)}`))
          .then((result) => {
            if (!stopped) timer = setTimeout(tick, result && full ? 0 : intervalMs);
          });
      };
      tick();
    },
    /** Stops polling and waits for the pass in flight to finish. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
