/**
 * The running service as an office's IT staff watch it: startServices on a fresh test database,
 * with the chat adapters given, against the fake Telegram and Slack servers, its log captured.
 */
import { request as httpRequest } from 'node:http';
import { rmSync } from 'node:fs';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import type { LogLevel } from '../../src/config/config.ts';
import { secretsOf } from '../../src/config/config.ts';
import { startServices, type Services, type ServicesOptions } from '../../src/services.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slackServer.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegramServer.ts';
import { dropDatabase, testDialect } from '../support/databases.ts';
import { captureLogs, type CapturedLogs } from '../support/logs.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../support/testApp.ts';

export const TOKEN = '123456:observability-SECRET-token';
export const SIGNING_SECRET = 'observability-signing-secret';
/** The sample org with a duty officer, who gets the urgent alerts. */
export const ORG = `${SAMPLE_ORG}  - { code: zhengqiang, name: 郑强, roles: [duty] }\n`;

export type Office = {
  app: TestApp;
  services: Services;
  logs: CapturedLogs;
  telegram: FakeTelegram;
  slack: FakeSlack;
  invites: Record<string, string>;
  url(pathname: string): string;
  close(): Promise<void>;
};

export type OfficeOptions = {
  telegram?: 'polling' | 'webhook';
  slack?: 'http' | 'socket';
  env?: Record<string, string>;
  level?: LogLevel;
  /** Runs before the services start (a lease taken by another instance, say). */
  before?(app: TestApp): Promise<void>;
} & Omit<ServicesOptions, 'logger'>;

export async function startOffice(options: OfficeOptions = {}): Promise<Office> {
  const telegram = await startFakeTelegram();
  const slack = await startFakeSlack();
  const env: Record<string, string> = { PORT: '0', HOST: '127.0.0.1', ...options.env };
  if (options.telegram) Object.assign(env, { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot });
  if (options.telegram === 'webhook')
    Object.assign(env, { TELEGRAM_WEBHOOK_URL: 'https://xinbao.example.org/telegram', TELEGRAM_WEBHOOK_SECRET: 'hook-secret' });
  if (options.slack) Object.assign(env, { SLACK_BOT_TOKEN: 'xoxb-observability', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl });
  if (options.slack === 'socket') Object.assign(env, { SLACK_APP_TOKEN: 'xapp-observability' });
  const app = await createTestApp(env);
  app.clock.set(new Date());
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error('org');
  const invites = Object.fromEntries(imported.value.invites.map((entry) => [entry.person, entry.invite]));
  await options.before?.(app);
  const logs = captureLogs({ level: options.level ?? 'info', secrets: secretsOf(app.config) });
  const { telegram: _t, slack: _s, env: _e, level: _l, before: _b, ...servicesOptions } = options;
  const services = await startServices(app, { logger: logs.logger, dispatchIntervalMs: 50, ...servicesOptions });
  return {
    app,
    services,
    logs,
    telegram,
    slack,
    invites,
    url: (pathname) => `http://127.0.0.1:${services.port}${pathname}`,
    async close() {
      await services.stop();
      await app.dispose();
      await telegram.close();
      await slack.close();
    },
  };
}

/** Takes the database away under the running service: a PostgreSQL database dropped (its connections ended), a SQLite file's folder removed. */
export async function removeDatabase(app: TestApp): Promise<void> {
  if (testDialect === 'postgresql') await dropDatabase(app.config.databaseUrl);
  else rmSync(app.dir, { recursive: true, force: true });
}

/** A GET to 127.0.0.1:port made from the local address `from` (127.0.0.2 is on this machine, but is not loopback's 127.0.0.1). */
export function getFrom(from: string, port: number, pathname: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path: pathname, localAddress: from }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** One sample of a Prometheus exposition. */
export type Sample = { name: string; labels: Record<string, string>; value: number };

/** The samples of a Prometheus text exposition (comments left out). */
export function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The value of the sample `name` whose labels include `labels` (undefined when there is none). */
export function sampleValue(all: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return all.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value;
}
