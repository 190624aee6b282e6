import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../support/testApp.ts';
import { xinbao } from '../support/run.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import { bindAccount } from '../../src/domain/accounts/bindAccount.ts';
import { declareUrgent } from '../../src/domain/urgent/declareUrgent.ts';

const HOUR = 3600_000;

/** 张伟 (bound on Telegram) reported a 特别重大 emergency just now: a chaser is due 2 hours later, at any hour. */
describe('xinbao jobs run', () => {
  let app: TestApp;
  let env: Record<string, string>;
  let later: string;

  beforeEach(async () => {
    app = await createTestApp();
    app.clock.set(new Date(Date.now() - 60_000));
    const imported = await importOrg(app, { text: SAMPLE_ORG, actor: 'test' });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    const issued = await issueInvite(app, { personCode: 'zhangwei' });
    if (!issued.ok) throw new Error(issued.error.code);
    expect((await bindAccount(app, { code: issued.value.code, identity: { platform: 'telegram', platformUserId: '100', chatId: '100' } })).ok).toBe(true);
    const reporter = (await app.store.people.byCode('zhangwei'))!;
    const report = await declareUrgent(app, { reporter, what: '某乡镇发生山体滑坡，道路中断', severity: 'grave' });
    if (!report.ok) throw new Error(report.error.code);
    later = new Date(report.value.nextDueAt!.getTime() + HOUR).toISOString();
    env = { DATABASE_URL: app.config.databaseUrl };
  });

  afterEach(async () => {
    await app?.dispose();
  });

  const chasers = () => app.db.outboxMessage.findMany({ where: { payload: { contains: 'urgent.chase.' } } });

  it('--at a later instant queues what is due then for delivery now, and prints how many messages each job queued', async () => {
    const before = Date.now();
    const result = await xinbao(['jobs', 'run', '--at', later], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('urgent.chase\tqueued 1\n');
    expect(result.stdout).not.toContain(' sent');
    const [chaser, ...more] = await chasers();
    expect(more).toEqual([]);
    expect(chaser!.chatId).toBe('100');
    // Due now, not an hour after the next follow-up was due.
    expect(chaser!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(chaser!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
  }, 30_000);

  it('--dry-run lists who would be sent what, and queues and records nothing', async () => {
    const outbox = await app.db.outboxMessage.count();
    const result = await xinbao(['jobs', 'run', '--at', later, '--dry-run'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('urgent.chase\twould queue 1\n  zhangwei 张伟\ttelegram:100\turgent\t⏰ 紧急信息 #1 续报已逾期\n');
    expect(result.stdout).toContain('nothing was queued or recorded');
    expect(await app.db.outboxMessage.count()).toBe(outbox);
    expect(await app.db.nudge.count()).toBe(0);
    // The real run still sends it.
    expect((await xinbao(['jobs', 'run', '--at', later], { env })).stdout).toContain('urgent.chase\tqueued 1\n');
  }, 30_000);
});

describe('xinbao jobs run with a bad --at', () => {
  it('is one sentence saying how to write it, and exit 2', async () => {
    const result = await xinbao(['jobs', 'run', '--at', 'tomorrow'], { env: { DATABASE_URL: 'file:/nonexistent/never-opened.db' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('xinbao: --at tomorrow is not a time: write it like 2026-11-21T09:00:00+08:00.\n');
  }, 30_000);
});
