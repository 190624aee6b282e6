/**
 * The running service: every chat adapter whose credentials are set, side by side on one HTTP
 * server (`/healthz`, `/healthz/details`, `/telegram`, `/slack/events`), the outbox dispatcher and the scheduler.
 * stop() takes no new updates, lets those in flight finish, sends what they queued, then closes.
 *
 * Several instances may run on one PostgreSQL database (docs/instances.md): each takes webhook
 * and Slack requests, sends from the outbox and runs the scheduler's minutes it records first;
 * Telegram long polling runs only on the instance holding the `telegram.poll` lease.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { App } from './app.ts';
import { createChatEngine } from './chat/engine.ts';
import type { Sender } from './domain/notify/sender.ts';
import type { SlackApp } from './bots/slack/createSlackApp.ts';
import type { TelegramBot } from './bots/telegram/createTelegramBot.ts';
import { createDispatcher } from './jobs/dispatcher.ts';
import { keepLease, type LeaseKeeper } from './jobs/leaseKeeper.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { createHttpApp, listen } from './server/httpServer.ts';
import { checkChartFont } from './reports/chart.ts';
import { isDatabaseBusy } from './store/busy.ts';

export type Services = { port: number; adapters: string[]; stop(): Promise<void> };

/** The lease on Telegram long polling: one instance polls at a time. */
export const TELEGRAM_POLL_LEASE = 'telegram.poll';

/**
 * How long the polling lease lasts, and how often it is renewed (and a standby instance tries to
 * take it): an instance that dies is taken over within 40 s.
 */
export const POLL_LEASE = { ttlMs: 30_000, renewMs: 10_000 };

export type ServicesOptions = {
  log?: (line: string) => void;
  dispatchIntervalMs?: number;
  /** The polling lease's timing (tests shorten it). */
  pollLease?: { ttlMs: number; renewMs: number };
};

export async function startServices(app: App, options: ServicesOptions = {}): Promise<Services> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  // Circulars still go without a chart when its font is missing; say once how to fix it.
  try {
    checkChartFont();
  } catch (error) {
    log(`xinbao: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { config } = app;
  // This instance, as the leases and the scheduler's minutes name it: readable by an operator.
  const instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const engine = createChatEngine(app.chatDeps);
  const adapters: string[] = [];
  let pollLease: LeaseKeeper | undefined;
  // What /healthz/details shows (only to a request from this machine); /healthz says only ok or not.
  const http = createHttpApp(async () => ({
    adapters,
    outbox: await app.store.outbox.counts(),
    deadByLane: await app.store.outbox.deadByLane(),
    instance,
    ...(pollLease ? { telegramPolling: pollLease.holding() ? 'holder' : 'standby' } : {}),
  }));
  const senders: Sender[] = [];

  let telegram: TelegramBot | undefined;
  if (config.telegram) {
    // Each platform's library is loaded only when it is configured (docs/running.md, "Production").
    const { createTelegramBot } = await import('./bots/telegram/createTelegramBot.ts');
    telegram = createTelegramBot({ engine, store: app.store, config: config.telegram, defaultLocale: config.locale, log, isTransient: isDatabaseBusy });
    if (telegram.webhook) http.use('/telegram', telegram.webhook);
    senders.push(telegram.sender);
    adapters.push(`telegram:${config.telegram.mode}`);
  }
  let slack: SlackApp | undefined;
  if (config.slack) {
    const { createSlackApp } = await import('./bots/slack/createSlackApp.ts');
    slack = createSlackApp({ engine, config: config.slack, expressApp: http, defaultLocale: config.locale });
    senders.push(slack.sender);
    adapters.push(`slack:${config.slack.mode}`);
  }

  // Slack first: a refused token stops start-up before the port opens.
  await slack?.start();
  const server = await listen(http, config.port, config.host);
  if (telegram && config.telegram?.mode === 'polling') {
    // Polling only while this instance holds the lease; a webhook needs none (every instance takes its updates).
    await telegram.start({ poll: false });
    const bot = telegram;
    pollLease = keepLease({
      leases: app.store.leases,
      clock: app.clock,
      name: TELEGRAM_POLL_LEASE,
      holder: instance,
      ...(options.pollLease ?? POLL_LEASE),
      onHeld: () => bot.poll(),
      onLost: () => bot.stopPolling(),
      log,
    });
    await pollLease.start();
  } else {
    await telegram?.start();
  }
  const dispatcher = createDispatcher({ store: app.store, clock: app.clock, senders, defaultLocale: config.locale, outboxWrites: app.outboxWrites, log });
  dispatcher.start(options.dispatchIntervalMs);
  const scheduler = startScheduler({ store: app.store, clock: app.clock, rules: app.rules, timezone: app.timezone }, { instance, log });
  log(`xinbao: listening on ${config.host}:${server.port} with ${adapters.join(', ')}`);

  return {
    port: server.port,
    adapters,
    async stop() {
      // Polling stops and its updates in hand finish before the lease is given up, so the
      // instance taking over does not find them in the inbox half done.
      await Promise.all([pollLease?.stop(), slack?.stop()]);
      await telegram?.stop();
      await server.close();
      await scheduler.stop();
      await dispatcher.stop({ flush: true });
    },
  };
}
