/**
 * `/healthz` and `/readyz` as a load balancer or a supervisor asks them: alive while serving;
 * ready while the database answers, the migrations are current and every chat adapter is
 * connected — or standing by for the polling lease, or disconnected for less than the grace
 * period (shortened here through the clock, not waited for).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TELEGRAM_POLL_LEASE } from '../../src/services.ts';
import { removeDatabase, samples, startOffice, sampleValue, type Office } from './support.ts';

const MINUTE = 60_000;

let office: Office | undefined;
afterEach(async () => {
  await office?.close();
  office = undefined;
});

const readyz = async (office: Office) => {
  const response = await fetch(office.url('/readyz'));
  return { status: response.status, body: (await response.json()) as { ok: boolean; checks: Record<string, string>; failing: string[] } };
};

describe('/readyz', () => {
  it('is 200 with every check named while the database, the migrations and the adapters are well', async () => {
    office = await startOffice({ telegram: 'polling', slack: 'http' });
    expect(await readyz(office)).toEqual({
      status: 200,
      body: { ok: true, checks: { database: 'ok', migrations: 'current', telegram: 'polling', slack: 'http' }, failing: [] },
    });
    const health = await fetch(office.url('/healthz'));
    expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
  });

  it('is 200 with Telegram’s webhook registered', async () => {
    office = await startOffice({ telegram: 'webhook' });
    expect(office.telegram.callsTo('setWebhook')).toHaveLength(1);
    expect(await readyz(office)).toMatchObject({ status: 200, body: { checks: { telegram: 'webhook' } } });
  });

  it('is 503 naming the database once it is gone, while /healthz still says the process is alive', async () => {
    office = await startOffice({ slack: 'http', readiness: { timeoutMs: 5000 } });
    expect((await readyz(office)).status).toBe(200);
    await removeDatabase(office.app);
    const { status, body } = await readyz(office);
    expect(status).toBe(503);
    expect(body).toMatchObject({ ok: false, checks: { database: 'unreachable', migrations: 'unknown', slack: 'http' }, failing: ['database', 'migrations'] });
    expect((await fetch(office.url('/healthz'))).status).toBe(200);
    // Said once in the log, with the reason; the body names only what is wrong.
    expect(office.logs.entries()).toContainEqual(
      expect.objectContaining({ level: 'warn', component: 'readiness', msg: 'not ready: database, migrations', reasons: { database: expect.any(String) } }),
    );
  });

  it('is 503 naming Slack once its Socket Mode connection has been down for more than a minute', async () => {
    office = await startOffice({ slack: 'socket' });
    await office.slack.waitForSocket();
    await expect.poll(async () => (await readyz(office!)).body.checks.slack).toBe('socket');

    await office.slack.close();
    // Down, but within the minute: still ready, saying since when.
    await expect.poll(async () => (await readyz(office!)).body.checks.slack).toMatch(/^disconnected since \d{4}-/);
    expect((await readyz(office)).status).toBe(200);
    const scraped = samples(await (await fetch(office.url('/metrics'))).text());
    expect(sampleValue(scraped, 'xinbao_adapter_up', { adapter: 'slack' })).toBe(0);

    office.app.clock.advance(MINUTE + 1000);
    const { status, body } = await readyz(office);
    expect(status).toBe(503);
    expect(body).toMatchObject({ ok: false, checks: { database: 'ok', migrations: 'current' }, failing: ['slack'] });
  }, 30_000);

  it('is 503 naming Telegram once polling has stopped for more than a minute (a revoked token)', async () => {
    office = await startOffice({ telegram: 'polling' });
    office.telegram.failNext('getUpdates', { error_code: 401, description: 'Unauthorized' }, 1000);
    await expect.poll(async () => (await readyz(office!)).body.checks.telegram, { timeout: 10_000 }).toMatch(/^disconnected since /);
    office.app.clock.advance(MINUTE + 1000);
    expect(await readyz(office)).toMatchObject({ status: 503, body: { failing: ['telegram'] } });
  }, 30_000);

  it('is 200 on an instance standing by for the polling lease another instance holds', async () => {
    office = await startOffice({
      telegram: 'polling',
      before: async (app) => {
        const now = app.clock.now();
        expect(await app.store.leases.take(TELEGRAM_POLL_LEASE, 'another-instance', now, new Date(now.getTime() + 60 * MINUTE))).toBe(true);
      },
    });
    office.app.clock.advance(2 * MINUTE);
    expect(await readyz(office)).toMatchObject({ status: 200, body: { ok: true, checks: { telegram: 'standby' } } });
    expect(office.telegram.polling()).toBe(false);
  });
});
