/**
 * Two running services on one database, both configured for the same WeCom bot: WeCom keeps one
 * connection per bot, so only the holder of the `wecom.connection` lease connects; when it stops,
 * the other takes the lease and connects (docs/wecom.md, "Two instances").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/observability/logger.ts';
import { type Services, startServices } from '../../../src/services.ts';
import { FAKE_WECOM_BOT_ID, FAKE_WECOM_SECRET, type FakeWeCom, startFakeWeCom } from '../../fakes/wecomServer.ts';
import { createTestApp, type TestApp } from '../../support/testApp.ts';

let wecom: FakeWeCom;
let app: TestApp;
let running: Services[] = [];

const LEASE = { ttlMs: 2000, renewMs: 100 };
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
  wecom = await startFakeWeCom();
  app = await createTestApp({ WECOM_BOT_ID: FAKE_WECOM_BOT_ID, WECOM_SECRET: FAKE_WECOM_SECRET, WECOM_WS_URL: wecom.url, PORT: '0', HOST: '127.0.0.1' });
  app.clock.set(new Date());
});

afterEach(async () => {
  for (const services of running) await services.stop();
  running = [];
  await app?.dispose();
  await wecom?.close();
});

const details = async (services: Services) =>
  (await (await fetch(`http://127.0.0.1:${services.port}/healthz/details`)).json()) as { wecomConnection?: string; adapters: string[] };

describe('the WeCom connection lease', () => {
  it('connects one of two instances only, and the other once the holder stops', async () => {
    const first = await startServices(app, { logger: silentLogger, pollLease: LEASE, dispatchIntervalMs: 50 });
    running.push(first);
    const second = await startServices(app, { logger: silentLogger, pollLease: LEASE, dispatchIntervalMs: 50 });
    running.push(second);
    await wecom.waitUntil(() => wecom.authenticated() === 1);
    await settle(1000); // ten renewals: the standby never connects
    expect(wecom.connectionsOpened()).toBe(1);
    expect((await details(first)).wecomConnection).toBe('holder');
    expect((await details(second)).wecomConnection).toBe('standby');
    expect((await details(first)).adapters).toContain('wecom');

    await first.stop();
    running = [second];
    await wecom.waitUntil(() => wecom.connectionsOpened() === 2 && wecom.authenticated() === 1);
    expect((await details(second)).wecomConnection).toBe('holder');
    await settle(500);
    expect(wecom.connectionsOpened()).toBe(2);
  });

  it("takes the connection over once a dead holder's lease expires, not before", async () => {
    const now = app.clock.now();
    await app.db.lease.create({ data: { name: 'wecom.connection', holder: 'dead-instance', takenAt: now, expiresAt: new Date(now.getTime() + LEASE.ttlMs) } });
    const services = await startServices(app, { logger: silentLogger, pollLease: LEASE, dispatchIntervalMs: 50 });
    running.push(services);
    await settle(500);
    expect(wecom.connectionsOpened()).toBe(0);
    expect((await details(services)).wecomConnection).toBe('standby');
    app.clock.advance(LEASE.ttlMs + 1);
    await wecom.waitUntil(() => wecom.authenticated() === 1);
    expect((await details(services)).wecomConnection).toBe('holder');
  });
});
