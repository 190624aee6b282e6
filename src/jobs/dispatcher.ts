/**
 * The outbox dispatcher: sends what the domain queued, retries failures with backoff, and marks
 * each message sent. Messages are written in the same transaction as what caused them, so a
 * crash between the write and the send still delivers on restart; a row is leased while it is
 * being sent, so two dispatchers on one database do not send it twice, and the leases of a
 * dispatcher that died are taken back at once (src/jobs/heartbeat.ts). Each message goes
 * claimed → sending → sent, `sending` written just before the platform call: only a message in
 * flight at a crash can be delivered twice. Messages go by lane (urgent, reply, normal, bulk; see
 * `LANES`), and a pass takes only a few bulk messages, so an urgent alert queued while a circular
 * goes out waits for at most one short pass. Urgent messages never give up: they are retried at
 * least every 5 minutes until delivered or their report is closed, and a recipient unreachable
 * for 10 minutes is escalated (docs/urgent.md). Started, it sends as soon as this process queues
 * messages (`outboxWrites`) or a retry it set falls due, and otherwise looks every 2 s for what
 * another process queued: idle, it costs next to nothing (docs/running.md, "Production").
 */
import type { Locale } from '../domain/vocabulary.ts';
import { LANES, type Lane, type OutboxRow, type OutboxWrites } from '../domain/notify/port.ts';
import type { Clock, Store } from '../domain/ports.ts';
import { renderOut } from '../i18n/renderOut.ts';
import { SendError, type Sender, type SendProgress } from '../domain/notify/sender.ts';
import { fileData, fileRefs, storedFile } from '../domain/notify/files.ts';
import { deliveryStillWanted } from '../domain/urgent/deliveryStillWanted.ts';
import { escalateMessage, escalateUnreachable } from '../domain/urgent/escalateUnreachable.ts';
import { isAlert } from '../domain/urgent/urgentMessages.ts';
import { silentLogger, type Logger } from '../observability/logger.ts';
import { noMetrics, type Metrics } from '../observability/metrics.ts';
import { createHeartbeat } from './heartbeat.ts';

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
  /** How long a claimed message is reserved for this dispatcher (if it stops beating, less: see heartbeat.ts). */
  leaseMs?: number;
  /** After this many failed attempts a non-urgent message is given up (status dead); urgent ones never are. */
  maxAttempts?: number;
  /** How often the dispatcher writes its heartbeat and looks for stopped dispatchers' leases. */
  beatMs?: number;
  logger?: Logger;
  /** Counts what is sent and given up, and how long urgent alerts took. */
  metrics?: Metrics;
  /** This process's outbox writes: once started, a pass begins as soon as messages are queued. */
  outboxWrites?: OutboxWrites;
};

/** How often a started dispatcher looks for due messages unasked: those another process queued (the CLI, another instance). */
export const DISPATCH_POLL_MS = 2000;

/** The longest wait between two tries of an urgent message. */
export const URGENT_BACKOFF_CAP_MS = 5 * 60_000;

/** How soon a message is tried again when its platform's connection is not on this instance (`Sender.ready`). */
const NOT_READY_WAIT_MS = 5000;

/** Backoff after the n-th failed attempt: 5 s, 10 s, 20 s … capped at one hour (5 minutes for the urgent lane). */
export const backoffMs = (attempts: number, lane: Lane = 'normal') =>
  Math.min(lane === 'urgent' ? URGENT_BACKOFF_CAP_MS : 3600_000, 5000 * 2 ** Math.max(0, attempts - 1));

type Outcome = 'sent' | 'failed' | 'dropped';

export function createDispatcher(options: DispatcherOptions) {
  const { store, clock } = options;
  const batch = options.batch ?? 100;
  const concurrency = options.concurrency ?? 8;
  const bulkBatch = options.bulkBatch ?? 2 * concurrency;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const beatMs = options.beatMs ?? 2000;
  const log = (options.logger ?? silentLogger).child({ component: 'outbox' });
  const metrics = options.metrics ?? noMetrics;
  const heartbeat = createHeartbeat(store, { beatMs, logger: log });
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
  // An alert's photos likewise: each referenced file read once a pass, however many recipients.
  const attachedOf = async (row: OutboxRow) => {
    const read = new Map<string, Uint8Array | null>();
    for (const ref of fileRefs(row.message)) {
      if (!files.has(ref)) files.set(ref, storedFile(store, ref));
      read.set(ref, await files.get(ref)!);
    }
    for (const attached of row.message.files ?? []) {
      if (read.get(attached.ref)) continue;
      log.warn({ outboxId: row.id, ref: attached.ref, name: attached.name }, 'an attached file is missing from the file store; the message goes without it');
    }
    return read;
  };
  // How far the failed attempts of a message sent in several calls got (text, photos, a location):
  // a retry sends only the rest. Kept in this process; after a restart the message is sent whole.
  const progress = new Map<number, SendProgress>();
  // Whether an urgent report's messages are still wanted, read once a pass per report.
  const wanted = new Map<string, Promise<boolean>>();
  const stillWanted = (row: OutboxRow) => {
    const key = `${row.subject}@${row.createdAt.getTime()}`;
    if (!wanted.has(key)) wanted.set(key, deliveryStillWanted(store, row));
    return wanted.get(key)!;
  };

  // When the retries this dispatcher set fall due (ms): a started dispatcher wakes for the first.
  const retries = new Set<number>();
  const retryAt = (waitMs: number) => {
    const at = clock.now().getTime() + waitMs;
    retries.add(at);
    return new Date(at);
  };
  /** How long a started dispatcher may wait before its next pass: until the next retry it set, or `pollMs`. */
  function nextWait(pollMs: number): number {
    const now = clock.now().getTime();
    let wait = pollMs;
    for (const at of retries) {
      if (at <= now) retries.delete(at);
      else wait = Math.min(wait, at - now);
    }
    return wait;
  }

  async function localeOf(personId: number | null): Promise<Locale> {
    if (personId === null) return options.defaultLocale;
    if (!locales.has(personId)) locales.set(personId, (await store.people.byId(personId))?.locale ?? options.defaultLocale);
    return locales.get(personId)!;
  }

  async function deliver(row: OutboxRow): Promise<Outcome> {
    const urgent = row.lane === 'urgent';
    if (urgent && !(await stillWanted(row))) {
      await store.outbox.cancel(row.id, 'its urgent report was closed before it was delivered');
      return 'dropped';
    }
    const sender = senders.get(row.platform);
    if (!sender) {
      // No adapter for this platform is running now (e.g. Slack not configured): keep it for later.
      const wait = urgent ? Math.min(leaseMs, URGENT_BACKOFF_CAP_MS) : leaseMs;
      await store.outbox.retryLater(row.id, retryAt(wait), `no ${row.platform} adapter running`, clock.now());
      return 'failed';
    }
    if (sender.ready?.() === false) {
      // The platform's one connection is another instance's, or being re-made: soon, here or there.
      await store.outbox.retryLater(row.id, retryAt(NOT_READY_WAIT_MS), `${row.platform} is not connected on this instance`, clock.now(), { uncounted: true });
      return 'failed';
    }
    const rendered = renderOut(row.message, await localeOf(row.personId), await fileOf(row), await attachedOf(row));
    // Claimed → sending: from here on a crash may leave it delivered but not marked sent.
    if (!(await store.outbox.markSending(row.id, heartbeat.id, clock.now()))) return 'dropped';
    // The message's own logger: its id, lane and platform on each line.
    const say = () => log.child({ outboxId: row.id, lane: row.lane, platform: row.platform });
    if (row.wasInFlight) say().warn('the message was in flight when its dispatcher stopped; sending it again (it may arrive twice)');
    const sofar = progress.get(row.id) ?? { partsSent: 0 };
    if (sofar.partsSent > 0) say().info({ partsSent: sofar.partsSent }, 'sending the rest of a message an earlier attempt sent in part');
    try {
      await sender.send(row.chatId, rendered, sofar);
      progress.delete(row.id);
      const sentAt = clock.now();
      await store.outbox.markSent(row.id, sentAt);
      metrics.outboxSent(row, urgent && isAlert(row.message) ? (sentAt.getTime() - row.createdAt.getTime()) / 1000 : undefined);
      return 'sent';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const reason = sofar.partsSent > 0 ? `${message} (after ${sofar.partsSent} of its parts were sent)` : message;
      if (sofar.partsSent > 0) progress.set(row.id, sofar);
      const refused = error instanceof SendError && error.permanent;
      if (refused || (!urgent && row.attempts >= maxAttempts)) {
        await store.outbox.markDead(row.id, reason);
        progress.delete(row.id);
        metrics.outboxGivenUp(row);
        say().warn({ error: reason }, 'gave the message up');
        // An urgent message dies only where the chat refuses it for good, and never silently.
        if (urgent) await escalateMessage({ store }, row, clock.now(), 'refused');
      } else {
        const wait = error instanceof SendError && error.retryAfterMs !== undefined ? error.retryAfterMs : backoffMs(row.attempts, row.lane);
        await store.outbox.retryLater(row.id, retryAt(wait), reason, clock.now());
      }
      return 'failed';
    }
  }

  /** Writes the heartbeat and takes back the leases of dispatchers that stopped beating. */
  const beatAndReclaim = async () => {
    await heartbeat.beat(clock.now());
    await heartbeat.reclaim(clock.now());
  };
  // Once started, a timer of its own keeps the heartbeat (see `start`); passes run without one
  // (by hand, a flush) write it themselves.
  let beatsOnTimer = false;
  // When a pass last did its housekeeping (the heartbeat unless on the timer, and looking for
  // unreachable recipients): every `beatMs`, not every pass, since passes may come back to back.
  let beatenAt: number | undefined;
  async function keepBeating(now: Date) {
    if (beatenAt !== undefined && now.getTime() - beatenAt < beatMs) return false;
    beatenAt = now.getTime();
    if (!beatsOnTimer) await beatAndReclaim();
    return true;
  }

  // Whether the last pass took all it could: then more may be due, and the next pass starts at once.
  let full = false;

  /** One pass: claims what is due and sends it; returns how many were sent and failed. */
  async function dispatchOnce(): Promise<{ sent: number; failed: number }> {
    locales.clear(); // a /lang change takes effect on the next pass
    files.clear();
    wanted.clear();
    const now = clock.now();
    const housekeeping = await keepBeating(now);
    const rows = await store.outbox.claimDue(now, new Date(now.getTime() + leaseMs), batch, bulkBatch, heartbeat.id);
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
              const outcome = await deliver(row);
              if (outcome === 'sent') sent += 1;
              if (outcome !== 'failed') continue;
              failed += 1;
              // Keep the chat's order in its lane: what follows a failed message waits for it.
              // It was not tried: the attempt its claim counted is given back.
              for (const later of queue.slice(index + 1)) {
                await store.outbox.retryLater(later.id, clock.now(), 'waiting for an earlier message', undefined, { uncounted: true });
              }
              break;
            }
          }
        }),
      );
    }
    if (housekeeping) await escalateUnreachable({ store }, clock.now());
    return { sent, failed };
  }

  let timer: NodeJS.Timeout | undefined;
  let beater: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let beating: Promise<unknown> = Promise.resolve();
  let stopped = true;
  // A pass is in flight; `again`: messages were queued meanwhile, which it may have missed.
  let passing = false;
  let again = false;
  let wake = () => {};
  const logFault = (error: unknown) => log.error({ err: error }, 'a dispatcher pass failed');

  return {
    dispatchOnce,
    /**
     * Runs passes until stopped: as soon as this process queues messages (`outboxWrites`), when a
     * retry it set falls due, and every `pollMs` besides; writes its heartbeat every `beatMs`.
     */
    start(pollMs = DISPATCH_POLL_MS) {
      stopped = false;
      // The heartbeat has its own timer: a long pass (a slow platform) must not look like a dead
      // dispatcher. The first beat (and the taking back of a dead one's leases) comes before the
      // first pass.
      beatsOnTimer = true;
      beating = beatAndReclaim().catch(logFault);
      beater = setInterval(() => {
        beating = beating.then(beatAndReclaim).catch(logFault);
      }, beatMs);
      beater.unref();
      const passIn = (ms: number) => {
        if (stopped) return;
        clearTimeout(timer);
        timer = setTimeout(pass, ms);
      };
      const pass = () => {
        if (stopped) return;
        passing = true;
        again = false;
        running = dispatchOnce()
          .catch(logFault)
          .then((result) => {
            passing = false;
            passIn(again || (result && full) ? 0 : nextWait(pollMs));
          });
      };
      wake = () => {
        if (passing) again = true;
        else passIn(0);
      };
      // Until the first beat is written, a wake-up waits for the first pass, which follows it.
      passing = true;
      options.outboxWrites?.on('written', wake);
      void beating.then(() => {
        passing = false;
        passIn(0);
      });
    },
    /**
     * Stops polling and waits for the pass in flight to finish; with `flush`, runs one more pass
     * (what the last updates queued). Its heartbeat is then forgotten: it holds nothing.
     */
    async stop(stopOptions: { flush?: boolean } = {}) {
      stopped = true;
      options.outboxWrites?.off('written', wake);
      if (timer) clearTimeout(timer);
      if (beater) clearInterval(beater);
      beatsOnTimer = false;
      await Promise.all([running, beating]);
      if (stopOptions.flush) await dispatchOnce().catch(() => {});
      await heartbeat.forget().catch(() => {});
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
