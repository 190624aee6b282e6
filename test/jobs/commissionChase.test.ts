import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tasksFixture, roundTheClock, DAY, HOUR, T0, after, type TasksFixture } from '../support/tasksFixture.ts';
import { createCommission } from '../../src/domain/commissions/createCommission.ts';
import { withdrawCommission } from '../../src/domain/commissions/withdrawCommission.ts';
import { runJobs } from '../../src/jobs/jobs.ts';
import type { CommissionRecord } from '../../src/domain/commissions/port.ts';

const MINUTE = 60_000;
// Built-in rules: a reminder 24 h before the due time, then a chaser every 24 h; from the
// second chaser each unit's lead is told too (luoshan: liuyang; gushi: sunqi); after 3 reminders
// (reminders.capBeforeEscalation) the reporters are not chased again, the leads are. Any hour is
// working time here: working time itself is tested in reminders.test.ts.
const DUE = new Date('2026-11-25T09:00:00Z'); // Wednesday 17:00 in Shanghai
const _LUOSHAN = ['lisi', 'zhangwei'];
const BOTH = ['lisi', 'wangfang', 'zhangwei'];
const BOTH_WITH_LEADS = ['lisi', 'liuyang', 'sunqi', 'wangfang', 'zhangwei'];

let f: TasksFixture;

async function runAt(at: Date) {
  const mark = await f.lastOutboxId();
  const results = await runJobs(f.deps, at);
  // Only this job's messages: other jobs (circulars, digests) may send at the same instants.
  const messages = (await f.outboxSince(mark)).filter((m) => m.title?.startsWith('commission.'));
  return { sent: results.find((r) => r.job === 'commission.chase')!.sent, to: messages.map((m) => m.to).sort(), messages };
}

async function commission(units: string[] = ['luoshan', 'gushi'], dueAt = DUE): Promise<CommissionRecord> {
  f.app.clock.set(T0);
  const result = await createCommission(f.deps, { editor: f.people.chenjing!, units, dueAt, topic: '秋冬种工作进展情况' });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

beforeEach(async () => {
  f = await tasksFixture();
  f.deps = { ...f.deps, rules: roundTheClock(f.deps.rules) };
});

afterEach(async () => {
  await f?.app.dispose();
});

describe('chasing a commission', () => {
  it('reminds each unit’s reporters a day before, chases them from the due time, adds the leads from the second chaser', async () => {
    const c = await commission();
    expect(await runAt(after(DUE, -24 * HOUR - MINUTE))).toMatchObject({ sent: 0, to: [] });
    const before = await runAt(after(DUE, -24 * HOUR));
    expect(before).toMatchObject({ sent: 3, to: BOTH });
    expect(before.messages[0]).toMatchObject({
      title: 'commission.remind.title',
      params: { id: c.id },
      buttons: [`commission:${c.id}:answer`, 'snooze:commission.chase:1h', 'snooze:commission.chase:tomorrow'],
    });
    expect(await runAt(after(DUE, -MINUTE))).toMatchObject({ sent: 0 });

    const first = await runAt(DUE);
    expect(first).toMatchObject({ sent: 3, to: BOTH });
    expect(new Set(first.messages.map((m) => m.title))).toEqual(new Set(['commission.chase.title']));
    expect(await runAt(after(DUE, 12 * HOUR))).toMatchObject({ sent: 0 });

    const second = await runAt(after(DUE, DAY));
    expect(second).toMatchObject({ sent: 5, to: BOTH_WITH_LEADS });
    const leads = second.messages.filter((m) => m.to === 'liuyang' || m.to === 'sunqi');
    expect(leads.map((m) => m.title)).toEqual(['commission.escalate.title', 'commission.escalate.title']);
    // The leads get no answer button, only the snooze ones every reminder has.
    expect(leads.flatMap((m) => m.buttons).filter((action) => !action.startsWith('snooze:'))).toEqual([]);
    // The reporters had their 3 reminders: from the fourth, only the leads are chased.
    expect(await runAt(after(DUE, 2 * DAY))).toMatchObject({ sent: 2, to: ['liuyang', 'sunqi'] });
  });

  it('an answered commission stops its chasers for that unit only; the other unit is still chased', async () => {
    const c = await commission();
    expect(await runAt(DUE)).toMatchObject({ sent: 3, to: BOTH });
    f.app.clock.set(after(DUE, 3 * HOUR));
    await f.submit('lisi', { commissionId: c.id });
    expect(await runAt(after(DUE, DAY))).toMatchObject({ sent: 2, to: ['sunqi', 'wangfang'] });
    expect(await runAt(after(DUE, 2 * DAY))).toMatchObject({ sent: 2, to: ['sunqi', 'wangfang'] });
    // Gushi answers too: nothing more for anyone.
    f.app.clock.set(after(DUE, 2 * DAY + HOUR));
    await f.submit('wangfang', { commissionId: c.id });
    for (const offset of [3 * DAY, 4 * DAY, 20 * DAY]) expect(await runAt(after(DUE, offset))).toMatchObject({ sent: 0, to: [] });
  });

  it('a unit that answers before the reminder is never reminded', async () => {
    const c = await commission();
    f.app.clock.set(after(T0, HOUR));
    await f.submit('zhangwei', { commissionId: c.id });
    expect(await runAt(after(DUE, -24 * HOUR))).toMatchObject({ sent: 1, to: ['wangfang'] });
    expect(await runAt(DUE)).toMatchObject({ sent: 1, to: ['wangfang'] });
  });

  it('a withdrawn commission stops all chasers', async () => {
    const c = await commission();
    expect(await runAt(DUE)).toMatchObject({ sent: 3 });
    f.app.clock.set(after(DUE, 2 * HOUR));
    expect((await withdrawCommission(f.deps, { editor: f.people.chenjing!, commissionId: c.id })).ok).toBe(true);
    for (const offset of [DAY, 2 * DAY, 30 * DAY]) expect(await runAt(after(DUE, offset))).toMatchObject({ sent: 0, to: [] });
  });

  it('running the same instant twice sends nothing twice', async () => {
    await commission();
    for (const offset of [-24 * HOUR, 0, DAY]) {
      expect((await runAt(after(DUE, offset))).sent).toBeGreaterThan(0);
      expect(await runAt(after(DUE, offset))).toMatchObject({ sent: 0, to: [] });
      const both = await Promise.all([runJobs(f.deps, after(DUE, offset)), runJobs(f.deps, after(DUE, offset))]);
      expect(both.flat().reduce((sum, r) => sum + r.sent, 0)).toBe(0);
    }
  });

  it('the reporters of a unit are told even without a bound lead; a unit with no reporter has its lead told', async () => {
    await f.app.db.personRole.deleteMany({ where: { personId: f.people.wangfang!.id, role: 'reporter' } });
    try {
      await commission();
      expect(await runAt(DUE)).toMatchObject({ sent: 3, to: ['lisi', 'sunqi', 'zhangwei'] });
    } finally {
      await f.app.db.personRole.create({ data: { personId: f.people.wangfang!.id, role: 'reporter' } });
    }
  });
});

describe('a commission due within a day of its creation', () => {
  it('is reminded halfway between its creation and its due time, once, then chased from the due time', async () => {
    // Made at 10:00, due 16:00 the same day: the 24-hour reminder would have been before it existed.
    const due = after(T0, 6 * HOUR);
    await commission(['luoshan'], due);
    expect(await runAt(after(T0, 3 * HOUR - MINUTE))).toMatchObject({ sent: 0 });
    const halfway = await runAt(after(T0, 3 * HOUR));
    expect(halfway).toMatchObject({ sent: 2, to: ['lisi', 'zhangwei'] });
    expect(halfway.messages[0]!.title).toBe('commission.remind.title');
    expect(await runAt(after(T0, 5 * HOUR))).toMatchObject({ sent: 0 });
    expect(await runAt(due)).toMatchObject({ sent: 2, to: ['lisi', 'zhangwei'] });
  });

  it('outside working time the halfway reminder waits for the next working minute, if that is before the due time', async () => {
    f.deps = { ...f.deps, rules: f.app.rules }; // the built-in calendar: 08:30–12:00, 14:30–17:30
    // Made Friday 10:00, due 16:00: halfway is 13:00, lunch; it goes at 14:30.
    await commission(['luoshan'], after(T0, 6 * HOUR));
    expect(await runAt(after(T0, 3 * HOUR))).toMatchObject({ sent: 0 });
    expect(await runAt(after(T0, 4 * HOUR + 30 * MINUTE))).toMatchObject({ sent: 2, to: ['lisi', 'zhangwei'] });
  });
});
