/**
 * The running service: every chat adapter whose credentials are set, side by side on one HTTP
 * server (`/healthz`, `/readyz`, `/metrics`, `/healthz/details`, `/telegram`, `/slack/events`; WeCom dials out),
 * the outbox dispatcher and the scheduler, logging to one logger and counting into one
 * Prometheus registry of its own (docs/running.md, "Logs", "Metrics", "Health and readiness").
 * stop() takes no new updates, lets those in flight finish, sends what they queued, then closes.
 *
 * Several instances may run on one PostgreSQL database (docs/instances.md): each takes webhook
 * and Slack requests, sends from the outbox and runs the scheduler's minutes it records first;
 * Telegram long polling runs only on the instance holding the `telegram.poll` lease, WeCom's
 * long connection only on the one holding `wecom.connection`.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { App } from './app.ts';
import { createChatEngine } from './chat/engine.ts';
import { observedEngine } from './chat/observedEngine.ts';
import { secretsOf } from './config/config.ts';
import type { Sender } from './domain/notify/sender.ts';
import type { SlackApp } from './bots/slack/createSlackApp.ts';
import type { TelegramBot } from './bots/telegram/createTelegramBot.ts';
import type { WeComBot } from './bots/wecom/createWeComBot.ts';
import { createDispatcher } from './jobs/dispatcher.ts';
import { keepLease, type LeaseKeeper } from './jobs/leaseKeeper.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { createLogger, errorText, type Logger } from './observability/logger.ts';
import { createPrometheusMetrics } from './observability/prometheus.ts';
import { type AdapterReport, connectionWatch, createReadiness } from './observability/readiness.ts';
import { createHttpApp, listen } from './server/httpServer.ts';
import { checkChartFont } from './reports/chart.ts';
import { isDatabaseBusy } from './store/busy.ts';
import { pingDatabase } from './store/client.ts';
import { migrationsCurrent } from './store/migrate.ts';

export type Services = { port: number; adapters: string[]; stop(): Promise<void> };

/** The lease on Telegram long polling: one instance polls at a time. */
export const TELEGRAM_POLL_LEASE = 'telegram.poll';

/** The lease on WeCom's long connection: WeCom keeps one connection per bot (docs/wecom.md). */
export const WECOM_CONNECTION_LEASE = 'wecom.connection';

/**
 * How long the polling lease lasts, and how often it is renewed (and a standby instance tries to
 * take it): an instance that dies is taken over within 40 s.
 */
export const POLL_LEASE = { ttlMs: 30_000, renewMs: 10_000 };

export type ServicesOptions = {
  /** Default: JSON lines on stderr at LOG_LEVEL (info), the configured secrets masked. */
  logger?: Logger;
  dispatchIntervalMs?: number;
  /** The polling lease's timing (tests shorten it). */
  pollLease?: { ttlMs: number; renewMs: number };
  /** Readiness's timing: how long an adapter may stay disconnected, how long the database may take to answer (tests shorten them). */
  readiness?: { graceMs?: number; timeoutMs?: number };
};

export async function startServices(app: App, options: ServicesOptions = {}): Promise<Services> {
  const { config } = app;
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  // Circulars still go without a chart when its font is missing; say once how to fix it.
  try {
    checkChartFont();
  } catch (error) {
    logger.warn(errorText(error));
  }
  // This instance, as the leases and the scheduler's minutes name it: readable by an operator.
  const instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const adapters: string[] = [];
  /** Each adapter as readiness and the metrics see it. */
  const reports: Record<string, () => AdapterReport> = {};
  let pollLease: LeaseKeeper | undefined;
  let wecomLease: LeaseKeeper | undefined;
  const metrics = createPrometheusMetrics({
    outbox: () => app.store.outbox.unsent(),
    adapters: () => Object.fromEntries(Object.entries(reports).map(([name, report]) => [name, report().downSince === undefined])),
  });
  const stopCountingErrors = app.watchDatabaseErrors((kind) => metrics.databaseError(kind));
  const engine = observedEngine(createChatEngine(app.chatDeps), { logger, metrics });
  const readiness = createReadiness({
    clock: app.clock,
    pingDatabase: () => pingDatabase(app.db),
    migrationsCurrent: () => migrationsCurrent(config.databaseUrl),
    adapters: reports,
    logger: logger.child({ component: 'readiness' }),
    ...options.readiness,
  });
  const http = createHttpApp({
    // What /healthz/details shows (only to a request from this machine, or an allowed address).
    details: async () => ({
      adapters,
      outbox: await app.store.outbox.counts(),
      deadByLane: await app.store.outbox.deadByLane(),
      instance,
      ...(pollLease ? { telegramPolling: pollLease.holding() ? 'holder' : 'standby' } : {}),
      ...(wecomLease ? { wecomConnection: wecomLease.holding() ? 'holder' : 'standby' } : {}),
    }),
    ready: () => readiness.check(),
    metrics,
    allow: config.metricsAllow,
  });
  const senders: Sender[] = [];

  let telegram: TelegramBot | undefined;
  if (config.telegram) {
    const { mode } = config.telegram;
    const link = connectionWatch(app.clock);
    // Each platform's library is loaded only when it is configured (docs/running.md, "Production").
    const { createTelegramBot } = await import('./bots/telegram/createTelegramBot.ts');
    telegram = createTelegramBot({
      engine,
      store: app.store,
      config: config.telegram,
      defaultLocale: config.locale,
      logger,
      onConnection: link.set,
      isTransient: isDatabaseBusy,
    });
    if (telegram.webhook) http.use('/telegram', telegram.webhook);
    senders.push(telegram.sender);
    adapters.push(`telegram:${mode}`);
    // Standing by for the polling lease is as ready as polling: the holder polls (docs/instances.md).
    reports.telegram = () => (pollLease && !pollLease.holding() ? { state: 'standby' } : { state: mode, downSince: link.downSince() });
  }
  let slack: SlackApp | undefined;
  if (config.slack) {
    const { mode } = config.slack;
    const link = connectionWatch(app.clock);
    const { createSlackApp } = await import('./bots/slack/createSlackApp.ts');
    slack = createSlackApp({ engine, config: config.slack, expressApp: http, defaultLocale: config.locale, logger, onConnection: link.set });
    senders.push(slack.sender);
    adapters.push(`slack:${mode}`);
    // Over HTTP Slack calls in: there is no connection to lose.
    reports.slack = () => (mode === 'socket' ? { state: mode, downSince: link.downSince() } : { state: mode });
  }

  let wecom: WeComBot | undefined;
  if (config.wecom) {
    const link = connectionWatch(app.clock);
    const { createWeComBot } = await import('./bots/wecom/createWeComBot.ts');
    wecom = createWeComBot({
      engine,
      config: config.wecom,
      store: app.store,
      clock: app.clock,
      defaultLocale: config.locale,
      logger,
      onConnection: link.set,
      isTransient: isDatabaseBusy,
    });
    senders.push(wecom.sender);
    adapters.push('wecom');
    // Standing by for the connection lease is as ready as holding the connection.
    reports.wecom = () => (wecomLease && !wecomLease.holding() ? { state: 'standby' } : { state: 'connected', downSince: link.downSince() });
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
      logger,
    });
    await pollLease.start();
  } else {
    await telegram?.start();
  }
  if (wecom) {
    const bot = wecom;
    const wecomLog = logger.child({ component: 'wecom' });
    wecomLease = keepLease({
      leases: app.store.leases,
      clock: app.clock,
      name: WECOM_CONNECTION_LEASE,
      holder: instance,
      ...(options.pollLease ?? POLL_LEASE),
      // Not awaited: the lease keeps being renewed while the SDK (re)connects.
      onHeld: () => {
        bot.connect().catch((error) => wecomLog.error({ err: errorText(error) }, 'WeCom connection failed'));
      },
      onLost: () => bot.disconnect(),
      logger,
    });
    await wecomLease.start();
  }
  const dispatcher = createDispatcher({
    store: app.store,
    clock: app.clock,
    senders,
    defaultLocale: config.locale,
    outboxWrites: app.outboxWrites,
    logger,
    metrics,
  });
  dispatcher.start(options.dispatchIntervalMs);
  const scheduler = startScheduler({ store: app.store, clock: app.clock, rules: app.rules, timezone: app.timezone }, { instance, logger, metrics });
  logger.info({ host: config.host, port: server.port, adapters, instance }, `listening on ${config.host}:${server.port} with ${adapters.join(', ')}`);

  return {
    port: server.port,
    adapters,
    async stop() {
      // Polling stops and its updates in hand finish before the lease is given up, so the
      // instance taking over does not find them in the inbox half done.
      // So do WeCom's frames in hand: the connection closes first, then the lease goes.
      await Promise.all([pollLease?.stop(), slack?.stop(), wecom?.stop().then(() => wecomLease?.stop())]);
      await telegram?.stop();
      await server.close();
      await scheduler.stop();
      await dispatcher.stop({ flush: true });
      stopCountingErrors();
    },
  };
}
