/**
 * The jobs run by hand (`xinbao jobs run --at T [--dry-run]`): what is due at T is queued for
 * delivery now, every message queued is counted, and a dry run lists them and keeps nothing.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tasksFixture, roundTheClock, HOUR, T0, after, type TasksFixture } from '../support/tasksFixture.ts';
import { createCommission } from '../../src/domain/commissions/createCommission.ts';
import { jobs, runJobs } from '../../src/jobs/jobs.ts';
import { runJobsByHand } from '../../src/jobs/runByHand.ts';

const DUE = new Date('2026-11-25T09:00:00Z'); // Wednesday 17:00 in Shanghai; reminded 24 h before
const REMIND = after(DUE, -24 * HOUR);

let f: TasksFixture;

beforeEach(async () => {
  f = await tasksFixture();
  f.deps = { ...f.deps, rules: roundTheClock(f.deps.rules) };
  // 王芳 (固始) has no chat account: a reminder to her queues no message.
  await f.app.db.chatIdentity.deleteMany({ where: { personId: f.people.wangfang!.id } });
  f.app.clock.set(T0);
  const created = await createCommission(f.deps, { editor: f.people.chenjing!, units: ['luoshan', 'gushi'], dueAt: DUE, topic: '秋冬种工作进展情况' });
  if (!created.ok) throw new Error(created.error.code);
});

afterEach(async () => {
  await f?.app.dispose();
});

// Only the commission chaser: quota reminders may be due at the same instants.
const COMMISSION_JOB = jobs.filter((job) => job.name === 'commission.chase');
const byHand = (at: Date, dryRun = false) => runJobsByHand(f.deps, at, { dryRun, deliverAt: () => f.app.clock.now(), list: COMMISSION_JOB });
const commissionRun = (runs: Awaited<ReturnType<typeof byHand>>) => runs.find((run) => run.job === 'commission.chase')!;

describe('jobs run by hand', () => {
  it('queues what is due at a later instant for delivery now, and counts the messages, not the reminders', async () => {
    const mark = await f.lastOutboxId();
    const run = commissionRun(await byHand(REMIND));
    const rows = await f.app.db.outboxMessage.findMany({ where: { id: { gt: mark } }, orderBy: { id: 'asc' } });
    // Three reminders (李四, 张伟, 王芳); 王芳 has no account, so two messages.
    expect(run.queued).toBe(2);
    expect(rows.map((row) => f.codeOf.get(row.personId!)).sort()).toEqual(['lisi', 'zhangwei']);
    // Due now (T0), not five days later at the instant the jobs were run for.
    for (const row of rows) expect(row.nextAttemptAt).toEqual(new Date(T0));
    const due = await f.app.store.outbox.claimDue(new Date(T0), after(T0, 60_000), 50);
    expect(due.filter((row) => row.message.title?.key === 'commission.remind.title')).toHaveLength(2);
    // The nudge ledger keeps the reminder once: run again, nothing.
    expect(commissionRun(await byHand(REMIND)).queued).toBe(0);
  });

  it('counts only messages that stayed queued: the jobs’ own figure counts the reminders', async () => {
    const results = await runJobs(f.deps, REMIND, COMMISSION_JOB);
    expect(results.find((r) => r.job === 'commission.chase')!.sent).toBe(3);
  });

  it('a dry run lists who would be sent what, and queues and records nothing', async () => {
    const before = { outbox: await f.app.db.outboxMessage.count(), nudges: await f.app.db.nudge.count() };
    const run = commissionRun(await byHand(REMIND, true));
    expect(run.queued).toBe(2);
    expect(run.messages.map((m) => [f.codeOf.get(m.personId!), m.platform, m.chatId, m.message.title?.key]).sort()).toEqual([
      ['lisi', 'telegram', '600', 'commission.remind.title'],
      ['zhangwei', 'telegram', '100', 'commission.remind.title'],
    ]);
    expect({ outbox: await f.app.db.outboxMessage.count(), nudges: await f.app.db.nudge.count() }).toEqual(before);
    // The real run afterwards still sends them.
    expect(commissionRun(await byHand(REMIND)).queued).toBe(2);
  });
});
