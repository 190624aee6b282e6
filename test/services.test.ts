/**
 * The whole service as an office runs it: Telegram and Slack side by side on one HTTP server,
 * the outbox dispatcher and the scheduler, against the local fake Telegram and Slack servers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueInvite } from '../src/domain/accounts/issueInvite.ts';
import { importOrg } from '../src/domain/org/importOrg.ts';
import { silentLogger } from '../src/observability/logger.ts';
import { startServices, type Services } from '../src/services.ts';
import { signSlackRequest, slashCommandBody, startFakeSlack, type FakeSlack } from './fakes/slackServer.ts';
import { startFakeTelegram, type FakeTelegram } from './fakes/telegramServer.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from './support/testApp.ts';
import { dropDatabase, emptyDatabaseUrl } from './support/databases.ts';
import { npmDetached, type NpmProcess } from './support/run.ts';

/** A GET to 127.0.0.1:port made from the local address `from`. */
function getFrom(from: string, port: number, pathname: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path: pathname, localAddress: from }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end();
  });
}

const ORG = `${SAMPLE_ORG}  - { code: zhengqiang, name: 郑强, roles: [duty] }\n`;
const SECRET = 'services-signing-secret';

describe('npm start with Telegram and Slack credentials', () => {
  let telegram: FakeTelegram;
  let slack: FakeSlack;
  let app: TestApp;
  let services: Services;
  let invites: Record<string, string>;

  beforeEach(async () => {
    telegram = await startFakeTelegram();
    slack = await startFakeSlack();
    app = await createTestApp({
      TELEGRAM_BOT_TOKEN: '123456:services-test',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      SLACK_BOT_TOKEN: 'xoxb-services',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    app.clock.set(new Date());
    const imported = await importOrg(app, { text: ORG, actor: 'test' });
    if (!imported.ok) throw new Error('org');
    invites = Object.fromEntries(imported.value.invites.map((entry) => [entry.person, entry.invite]));
    services = await startServices(app, { logger: silentLogger, dispatchIntervalMs: 50 });
  }, 60_000);

  afterEach(async () => {
    await services?.stop();
    await app?.dispose();
    await telegram?.close();
    await slack?.close();
  });

  const slash = (userId: string, text: string) => {
    const body = slashCommandBody({ user_id: userId, channel_id: `C${userId}`, text });
    return fetch(`http://127.0.0.1:${services.port}/slack/events`, { method: 'POST', headers: signSlackRequest(SECRET, body), body });
  };

  it('serves /healthz as ok and nothing more, and its details only to a request from this machine', async () => {
    const response = await fetch(`http://127.0.0.1:${services.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });

    const details = await fetch(`http://127.0.0.1:${services.port}/healthz/details`);
    expect(details.status).toBe(200);
    expect(await details.json()).toEqual({
      ok: true,
      adapters: ['telegram:polling', 'slack:http'],
      outbox: { pending: 0, sent: 0, dead: 0 },
      deadByLane: { urgent: 0, reply: 0, normal: 0, bulk: 0 },
      // This instance (host:pid:random), and that it polls Telegram: no other instance holds the lease.
      instance: expect.stringMatching(new RegExp(`^.+:${process.pid}:[0-9a-f]{8}$`)),
      telegramPolling: 'holder',
    });
    // From another address (127.0.0.2 is not 127.0.0.1), or relayed by a proxy on this machine: refused.
    const elsewhere = await getFrom('127.0.0.2', services.port, '/healthz/details');
    expect(elsewhere).toEqual({ status: 403, body: { ok: false } });
    const relayed = await fetch(`http://127.0.0.1:${services.port}/healthz/details`, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
    expect(relayed.status).toBe(403);
    expect((await getFrom('127.0.0.2', services.port, '/healthz')).status).toBe(200);
  });

  it('alerts a duty officer bound on both platforms at once when a reporter sends /urgent on Telegram', async () => {
    // The reporter binds on Telegram; the duty officer on Telegram, then on Slack with a second invite.
    telegram.pushText(501, `/start ${invites.zhangwei}`);
    await telegram.waitFor((call) => call.method === 'sendMessage' && String(call.params.chat_id) === '501');
    telegram.pushText(777, `/start ${invites.zhengqiang}`);
    await telegram.waitFor((call) => call.method === 'sendMessage' && String(call.params.chat_id) === '777' && /郑强/.test(String(call.params.text)));
    const second = await issueInvite(app, { personCode: 'zhengqiang' });
    if (!second.ok) throw new Error('invite');
    expect((await slash('U777', `start ${second.value.code}`)).status).toBe(200);
    await slack.waitFor((call) => call.method === 'chat.postMessage' && JSON.stringify(call.params).includes('郑强'));
    const identities = await app.db.chatIdentity.findMany({ where: { person: { code: 'zhengqiang' } } });
    expect(identities.map((identity) => identity.platform).sort()).toEqual(['slack', 'telegram']);

    const from = telegram.calls.length;
    const slackFrom = slack.calls.length;
    telegram.pushText(501, '/urgent [重大] 罗山县某镇发生山体滑坡，两户房屋受损，正在转移群众');
    const onTelegram = await telegram.waitFor(
      (call) => call.method === 'sendMessage' && String(call.params.chat_id) === '777' && /紧急信息 #1/.test(String(call.params.text)),
      10_000,
      from,
    );
    expect(String(onTelegram.params.text)).toContain('山体滑坡');
    expect(String(onTelegram.params.parse_mode)).toBe('HTML');
    const onSlack = await slack.waitFor((call) => call.method === 'chat.postMessage' && JSON.stringify(call.params).includes('紧急信息 #1'), 10_000, slackFrom);
    expect(JSON.stringify(onSlack.params)).toContain('山体滑坡');
    // The reporter saw the reference and the next due time.
    const toReporter = telegram.calls.slice(from).find((call) => call.method === 'sendMessage' && String(call.params.chat_id) === '501');
    expect(String(toReporter?.params.text)).toMatch(/已报告紧急信息 #1（重大）[\s\S]*请在 \d{4}-\d\d-\d\d \d\d:\d\d 前发送续报/);
    // Every alert left the outbox exactly once.
    await expect.poll(async () => (await app.db.outboxMessage.findMany()).map((row) => row.status).filter((s) => s !== 'sent')).toEqual([]);
    const rows = await app.db.outboxMessage.findMany();
    expect(rows.filter((row) => row.personId === identities[0]!.personId)).toHaveLength(2);
  }, 30_000);
});

describe('stopping npm start', () => {
  let telegram: FakeTelegram;
  let dir: string;
  let npm: NpmProcess | undefined;
  let databaseUrl: string;

  beforeEach(async () => {
    telegram = await startFakeTelegram();
    dir = mkdtempSync(path.join(tmpdir(), 'xinbao-sigterm-'));
    databaseUrl = await emptyDatabaseUrl(dir);
  });

  afterEach(async () => {
    npm?.killGroup();
    npm = undefined;
    await telegram?.close();
    await dropDatabase(databaseUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  /** `npm start` (the real npm, its script and shell) with a Telegram bot, until it listens. */
  const startNpm = async () => {
    npm = npmDetached(['start'], {
      env: {
        DATABASE_URL: databaseUrl,
        TELEGRAM_BOT_TOKEN: '123456:sigterm',
        TELEGRAM_API_ROOT: telegram.apiRoot,
        PORT: '0',
        HOST: '127.0.0.1',
      },
    });
    await npm.shown('"msg":"listening on 127.0.0.1:');
    return npm;
  };

  // A supervisor may signal only the process it started (npm), or the whole group (a terminal's
  // Ctrl-C, systemd's default); either way the app stops through its own shutdown.
  const cases: { to: string; signal: NodeJS.Signals; send: (npm: NpmProcess, signal: NodeJS.Signals) => void }[] = [
    { to: 'the npm process alone', signal: 'SIGTERM', send: (npm, signal) => process.kill(npm.pid, signal) },
    { to: 'its whole process group', signal: 'SIGTERM', send: (npm, signal) => process.kill(-npm.pid, signal) },
    { to: 'its whole process group (Ctrl-C)', signal: 'SIGINT', send: (npm, signal) => process.kill(-npm.pid, signal) },
  ];
  for (const { to, signal, send } of cases) {
    it(`stops through the app's own shutdown on ${signal} to ${to}, leaving no process behind`, async () => {
      const npm = await startNpm();
      send(npm, signal);
      // npm exits 0, not by the signal: it waited for the app, which stopped and exited 0.
      expect(await npm.exited).toEqual({ code: 0, signal: null });
      // The service's log: JSON lines on stderr (not a terminal), the signal and the stop among them.
      const lines = npm
        .stderr()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: string; msg: string });
      expect(lines).toContainEqual(expect.objectContaining({ level: 'info', msg: `${signal}: stopping`, signal }));
      expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'stopped' });
      await expect.poll(() => npm.groupAlive(), { timeout: 10_000 }).toBe(false);
      expect(npm.stderr()).not.toContain('sigterm'); // the token never reaches a log
    }, 60_000);
  }
});
