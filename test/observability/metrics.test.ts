/**
 * `/metrics` as Prometheus scrapes it: what the service counted after a few updates and an
 * urgent alert, with the right labels and values; and only for this machine, or the addresses
 * the office allowed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../fakes/slackServer.ts';
import { getFrom, SIGNING_SECRET, samples, startOffice, sampleValue, type Office } from './support.ts';

const ZHANGWEI = 501;
const ZHENGQIANG = 777;

let office: Office | undefined;
afterEach(async () => {
  await office?.close();
  office = undefined;
});

const scrape = async (office: Office) => {
  const response = await fetch(office.url('/metrics'));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return samples(await response.text());
};

describe('/metrics', () => {
  it('counts updates by platform and command, the alerts sent and how long they took, the jobs, and the outbox', async () => {
    office = await startOffice({ telegram: 'polling' });
    const { telegram, invites } = office;
    const answered = async (chatId: number, text: string, pattern: RegExp) => {
      const from = telegram.calls.length;
      telegram.pushText(chatId, text);
      await telegram.waitFor((call) => call.method === 'sendMessage' && call.params.chat_id === chatId && pattern.test(String(call.params.text)), 10_000, from);
    };
    await answered(ZHANGWEI, `/start ${invites.zhangwei}`, /张伟/);
    await answered(ZHENGQIANG, `/start ${invites.zhengqiang}`, /郑强/);
    await answered(ZHANGWEI, '/help', /./);
    await answered(ZHANGWEI, '/help', /./);
    await answered(ZHANGWEI, '/frobnicate', /frobnicate/);
    const from = telegram.calls.length;
    telegram.pushText(ZHANGWEI, '/urgent [重大] 罗山县某镇发生山体滑坡，两户房屋受损，正在转移群众');
    await telegram.waitFor(
      (call) => call.method === 'sendMessage' && call.params.chat_id === ZHENGQIANG && /紧急信息 #1/.test(String(call.params.text)),
      10_000,
      from,
    );
    // The alert leaves the outbox; the scraped counters follow it.
    await expect.poll(async () => sampleValue(await scrape(office!), 'xinbao_outbox_sent_total', { lane: 'urgent', platform: 'telegram' })).toBeGreaterThan(0);

    const all = await scrape(office);
    const updates = (command: string) => sampleValue(all, 'xinbao_updates_total', { platform: 'telegram', command, outcome: 'ok' });
    expect([updates('start'), updates('help'), updates('unknown'), updates('urgent')]).toEqual([2, 2, 1, 1]);
    expect(sampleValue(all, 'xinbao_update_duration_seconds_count', { platform: 'telegram', command: 'help' })).toBe(2);
    // The urgent alert went to every recipient bound on Telegram: each delivery timed from the report.
    const alerts = sampleValue(all, 'xinbao_outbox_sent_total', { lane: 'urgent', platform: 'telegram' });
    expect(sampleValue(all, 'xinbao_urgent_alert_seconds_count')).toBe(alerts);
    expect(sampleValue(all, 'xinbao_urgent_alert_seconds_bucket', { le: '+Inf' })).toBe(alerts);
    // The scheduler ran its first minute at start: every job once, each with its reminders (none due).
    expect(sampleValue(all, 'xinbao_job_duration_seconds_count', { job: 'urgent.chase' })).toBe(1);
    expect(sampleValue(all, 'xinbao_reminders_sent_total', { kind: 'urgent.chase' })).toBe(0);
    // Read from the database at the scrape: the urgent report's messages to people bound nowhere wait.
    const pendingUrgent = await office.app.db.outboxMessage.count({ where: { status: 'pending', priority: 0, platform: 'telegram' } });
    expect(sampleValue(all, 'xinbao_outbox_messages', { status: 'pending', lane: 'urgent', platform: 'telegram' }) ?? 0).toBe(pendingUrgent);
    expect(sampleValue(all, 'xinbao_adapter_up', { adapter: 'telegram' })).toBe(1);
    // Node's own, by prom-client's default collectors.
    expect(sampleValue(all, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(all, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  }, 60_000);

  it('counts the dead messages by lane and platform, read from the database', async () => {
    office = await startOffice({ slack: 'http' });
    const person = await office.app.store.people.byCode('chenjing');
    await office.app.store.outbox.enqueue({
      personId: person!.id,
      platform: 'slack',
      chatId: 'U404',
      message: { lines: [{ key: 'fault.generic' }] },
      at: office.app.clock.now(),
    });
    office.slack.failNext('conversations.open', 'user_not_found');
    await expect.poll(async () => sampleValue(await scrape(office!), 'xinbao_outbox_messages', { status: 'dead', lane: 'normal', platform: 'slack' })).toBe(1);
    expect(sampleValue(await scrape(office), 'xinbao_outbox_dead_total', { lane: 'normal', platform: 'slack' })).toBe(1);
  });

  it('counts the statements the database refused for a fault, by kind', async () => {
    office = await startOffice({ slack: 'http' });
    await expect(office.app.db.$queryRawUnsafe('SELECT * FROM "NoSuchTable"')).rejects.toThrow();
    expect(sampleValue(await scrape(office), 'xinbao_database_errors_total', { kind: 'TableDoesNotExist' })).toBe(1);
  });

  it('keeps each service’s counts apart: two services in one process, two registries', async () => {
    office = await startOffice({ slack: 'http' });
    const other = await startOffice({ slack: 'http' });
    try {
      const body = new URLSearchParams({ command: '/xinbao', text: 'help', user_id: 'U1', channel_id: 'D1', team_id: 'T1' }).toString();
      expect((await fetch(other.url('/slack/events'), { method: 'POST', headers: signSlackRequest(SIGNING_SECRET, body), body })).status).toBe(200);
      await expect.poll(async () => sampleValue(await scrape(other), 'xinbao_updates_total', { platform: 'slack', command: 'help' })).toBe(1);
      expect(sampleValue(await scrape(office), 'xinbao_updates_total', { platform: 'slack', command: 'help' })).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});

describe('who may read /metrics and /healthz/details', () => {
  it('this machine only: another address, or a request relayed by a proxy, is refused', async () => {
    office = await startOffice({ slack: 'http' });
    const { port } = office.services;
    for (const path of ['/metrics', '/healthz/details']) {
      expect((await getFrom('127.0.0.1', port, path)).status).toBe(200);
      expect((await getFrom('127.0.0.2', port, path)).status).toBe(403);
      expect((await fetch(office.url(path), { headers: { 'X-Forwarded-For': '203.0.113.7' } })).status).toBe(403);
    }
    // The probes a load balancer asks stay open to anyone.
    expect((await getFrom('127.0.0.2', port, '/healthz')).status).toBe(200);
    expect((await getFrom('127.0.0.2', port, '/readyz')).status).toBe(200);
  });

  it('and the addresses and networks in XINBAO_METRICS_ALLOW', async () => {
    office = await startOffice({ slack: 'http', env: { XINBAO_METRICS_ALLOW: '10.0.0.0/8, 127.0.0.2' } });
    const { port } = office.services;
    const metrics = await getFrom('127.0.0.2', port, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('xinbao_updates_total');
    expect((await getFrom('127.0.0.2', port, '/healthz/details')).status).toBe(200);
    expect((await getFrom('127.0.0.3', port, '/metrics')).status).toBe(403);
  });
});
