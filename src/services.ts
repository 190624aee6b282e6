/**
 * The running service: every chat adapter whose credentials are set, side by side on one HTTP
 * server (`/healthz`, `/healthz/details`, `/telegram`, `/slack/events`), the outbox dispatcher and the scheduler.
 * stop() takes no new updates, lets those in flight finish, sends what they queued, then closes.
 */
import type { App } from './app.ts';
import { createChatEngine } from './chat/engine.ts';
import type { Sender } from './domain/notify/sender.ts';
import { createSlackApp, type SlackApp } from './bots/slack/createSlackApp.ts';
import { createTelegramBot, type TelegramBot } from './bots/telegram/createTelegramBot.ts';
import { createDispatcher } from './jobs/dispatcher.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { createHttpApp, listen } from './server/httpServer.ts';
import { checkChartFont } from './reports/chart.ts';
import { isDatabaseBusy } from './store/busy.ts';

export type Services = { port: number; adapters: string[]; stop(): Promise<void> };

export async function startServices(app: App, options: { log?: (line: string) => void; dispatchIntervalMs?: number } = {}): Promise<Services> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  // Circulars still go without a chart when its font is missing; say once how to fix it.
  try {
    checkChartFont();
  } catch (error) {
    log(`xinbao: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { config } = app;
  const engine = createChatEngine(app.chatDeps);
  const adapters: string[] = [];
  // What /healthz/details shows (only to a request from this machine); /healthz says only ok or not.
  const http = createHttpApp(async () => ({
    adapters,
    outbox: await app.store.outbox.counts(),
    deadByLane: await app.store.outbox.deadByLane(),
  }));
  const senders: Sender[] = [];

  let telegram: TelegramBot | undefined;
  if (config.telegram) {
    telegram = createTelegramBot({ engine, store: app.store, config: config.telegram, defaultLocale: config.locale, log, isTransient: isDatabaseBusy });
    if (telegram.webhook) http.use('/telegram', telegram.webhook);
    senders.push(telegram.sender);
    adapters.push(`telegram:${config.telegram.mode}`);
  }
  let slack: SlackApp | undefined;
  if (config.slack) {
    slack = createSlackApp({ engine, config: config.slack, expressApp: http, defaultLocale: config.locale });
    senders.push(slack.sender);
    adapters.push(`slack:${config.slack.mode}`);
  }

  // Slack first: a refused token stops start-up before the port opens.
  await slack?.start();
  const server = await listen(http, config.port, config.host);
  await telegram?.start();
  const dispatcher = createDispatcher({ store: app.store, clock: app.clock, senders, defaultLocale: config.locale, log });
  dispatcher.start(options.dispatchIntervalMs);
  const scheduler = startScheduler({ store: app.store, clock: app.clock, rules: app.rules, timezone: app.timezone }, { log });
  log(`xinbao: listening on ${config.host}:${server.port} with ${adapters.join(', ')}`);

  return {
    port: server.port,
    adapters,
    async stop() {
      await Promise.all([telegram?.stop(), slack?.stop()]);
      await server.close();
      await scheduler.stop();
      await dispatcher.stop({ flush: true });
    },
  };
}
