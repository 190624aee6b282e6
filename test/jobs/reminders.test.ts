import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tasksFixture, type TasksFixture } from '../support/tasksFixture.ts';
import { createCommission } from '../../src/domain/commissions/createCommission.ts';
import { declareUrgent } from '../../src/domain/urgent/declareUrgent.ts';
import { runJobs, type JobDeps } from '../../src/jobs/jobs.ts';
import type { CommissionRecord } from '../../src/domain/commissions/port.ts';

// Working time, leave and snooze for the chasers (built-in rules: a reminder 24 h before a
// commission's due time, then a chaser every 24 h, the unit leads told from the second; the
// built-in calendar: Monday to Friday, 08:30–12:00 and 14:30–17:30, Asia/Shanghai).
// TASKS_ORG: luoshan reporters zhangwei and lisi, lead liuyang; gushi reporter wangfang, lead sunqi.

/** An instant written in Shanghai local time. */
const sh = (local: string) => new Date(`${local}+08:00`);

let f: TasksFixture;
let deps: JobDeps;

async function runAt(at: Date, job = 'commission.chase') {
  const mark = await f.lastOutboxId();
  const results = await runJobs(deps, at);
  const prefix = `${job.split('.')[0]}.`;
  const messages = (await f.outboxSince(mark)).filter((m) => m.title?.startsWith(prefix));
  return { sent: results.find((r) => r.job === job)!.sent, to: messages.map((m) => m.to).sort(), messages };
}

/** A commission to luoshan and gushi, asked on Thursday 19 November, due at `due`. */
async function commission(due: Date): Promise<CommissionRecord> {
  f.app.clock.set(sh('2026-11-19T10:00'));
  const result = await createCommission(f.deps, { editor: f.people.chenjing!, units: ['luoshan', 'gushi'], dueAt: due, topic: '冬季安全生产工作情况' });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

const count = (c: CommissionRecord, unit: 'luoshan' | 'gushi', person: string) =>
  f.app.db.nudge.count({
    where: {
      kind: 'commission.chase',
      subject: `commission:${c.id}:${f.people[unit === 'luoshan' ? 'zhangwei' : 'wangfang']!.unit!.id}`,
      recipientId: f.people[person]!.id,
    },
  });

beforeEach(async () => {
  f = await tasksFixture();
  // Only the chasers here: no target, so the quota reminders stay quiet.
  deps = { ...f.deps, rules: { ...f.app.rules, targets: { county: {}, department: {}, township: {}, direct: {} } } };
});

afterEach(async () => {
  await f?.app.dispose();
});

describe('working time', () => {
  it('a chaser due on Saturday waits for Monday 08:30 without spending its tries; a unit that answered meanwhile is skipped', async () => {
    const c = await commission(sh('2026-11-21T10:00')); // Saturday
    expect(await runAt(sh('2026-11-20T10:00'))).toMatchObject({ sent: 3, to: ['lisi', 'wangfang', 'zhangwei'] });
    expect(await runAt(sh('2026-11-21T10:00'))).toMatchObject({ sent: 0, to: [] });
    expect(await runAt(sh('2026-11-22T10:00'))).toMatchObject({ sent: 0, to: [] });
    // Gushi answers on Sunday.
    f.app.clock.set(sh('2026-11-22T11:00'));
    await f.submit('wangfang', { commissionId: c.id });
    expect(await runAt(sh('2026-11-23T08:00'))).toMatchObject({ sent: 0, to: [] });
    // Monday 08:30: the chaser due since Sunday 10:00 (the second interval, so the lead too), luoshan only.
    expect(await runAt(sh('2026-11-23T08:30'))).toMatchObject({ sent: 3, to: ['lisi', 'liuyang', 'zhangwei'] });
    // Nothing was spent over the weekend: two reminders so far, the cap (3) not reached.
    expect(await count(c, 'luoshan', 'zhangwei')).toBe(2);
    expect(await runAt(sh('2026-11-23T12:30'))).toMatchObject({ sent: 0 });
  });

  it('the lunch break and the evening are not working time', async () => {
    await commission(sh('2026-11-24T12:15'));
    expect(await runAt(sh('2026-11-23T12:15'))).toMatchObject({ sent: 0 });
    expect(await runAt(sh('2026-11-23T14:29'))).toMatchObject({ sent: 0 });
    expect(await runAt(sh('2026-11-23T14:30'))).toMatchObject({ sent: 3 });
    expect(await runAt(sh('2026-11-24T12:15'))).toMatchObject({ sent: 0 });
    expect(await runAt(sh('2026-11-24T18:00'))).toMatchObject({ sent: 0 });
    expect(await runAt(sh('2026-11-25T08:30'))).toMatchObject({ sent: 3, to: ['lisi', 'wangfang', 'zhangwei'] });
  });
});

describe('snooze and leave', () => {
  it('a snoozed reporter is chased after the snooze if it is still due; the others at once', async () => {
    const c = await commission(sh('2026-11-23T10:00'));
    await f.app.store.snoozes.set(f.people.lisi!.id, 'commission.chase', sh('2026-11-23T11:00'));
    expect(await runAt(sh('2026-11-23T10:00'))).toMatchObject({ sent: 2, to: ['wangfang', 'zhangwei'] });
    expect(await runAt(sh('2026-11-23T10:59'))).toMatchObject({ sent: 0 });
    expect(await runAt(sh('2026-11-23T11:00'))).toMatchObject({ sent: 1, to: ['lisi'] });
    // A snooze of another kind, or one that ran out, holds nothing.
    await f.app.store.snoozes.set(f.people.zhangwei!.id, 'instruction.chase', sh('2026-11-30T00:00'));
    expect(await runAt(sh('2026-11-24T10:00'))).toMatchObject({ sent: 5 });
    expect(await count(c, 'luoshan', 'lisi')).toBe(2);
  });

  it('snoozing everything (*) holds every non-urgent reminder, but not an urgent chaser', async () => {
    await commission(sh('2026-11-23T10:00'));
    await f.app.store.snoozes.set(f.people.zhangwei!.id, '*', sh('2026-11-24T09:00'));
    expect(await runAt(sh('2026-11-23T10:00'))).toMatchObject({ sent: 2, to: ['lisi', 'wangfang'] });

    f.app.clock.set(sh('2026-11-23T10:30'));
    const report = await declareUrgent(f.deps, { reporter: f.people.zhangwei!, what: '某乡镇发生山体滑坡，道路中断', severity: 'grave' });
    if (!report.ok) throw new Error(report.error.code);
    await f.app.store.leave.add({ personId: f.people.zhangwei!.id, from: sh('2026-11-23T00:00'), until: sh('2026-11-25T00:00'), setBy: 'zhangwei' });
    // Urgent chasers cannot be snoozed and ignore leave: the follow-up is due 2 hours later, at lunch time.
    const urgent = await runAt(report.value.nextDueAt!, 'urgent.chase');
    expect(urgent).toMatchObject({ sent: 1, to: ['zhangwei'] });
    expect(urgent.messages[0]!.buttons).toEqual([]);
  });

  it('a person on leave gets no chaser while away, and is chased again when back if it is still due', async () => {
    await commission(sh('2026-11-23T10:00'));
    await f.app.store.leave.add({ personId: f.people.zhangwei!.id, from: sh('2026-11-20T00:00'), until: sh('2026-11-24T00:00'), setBy: 'liuyang' });
    expect(await runAt(sh('2026-11-23T10:00'))).toMatchObject({ sent: 2, to: ['lisi', 'wangfang'] });
    expect(await runAt(sh('2026-11-23T16:00'))).toMatchObject({ sent: 0 });
    // Back on Tuesday 08:30, while Monday's chaser is still the one due.
    expect(await runAt(sh('2026-11-24T08:30'))).toMatchObject({ sent: 1, to: ['zhangwei'] });
  });
});
