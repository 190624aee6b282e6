import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tasksFixture, type TasksFixture } from '../support/tasksFixture.ts';
import { openApp } from '../../src/app.ts';
import { jobs, runJobs, type JobDeps } from '../../src/jobs/jobs.ts';
import { defaultRules } from '../../src/domain/rules/defaults.ts';
import type { Rules } from '../../src/domain/rules/schema.ts';

// TASKS_ORG: luoshan (reporters zhangwei and lisi, lead liuyang) has its own month target of 10
// items; gushi (reporter wangfang, lead sunqi) has none. The rules' default targets by unit kind
// are taken out here, so only luoshan's month is reminded (defaults are tested in quotaGaps.test.ts).
//
// November 2026 has 21 working days. On Monday 23 November 15 are behind: the pace expects
// 10 × 15/21 → 7 items. The weekly nudge is due Monday 09:00; the end-of-month reminders on
// 24–27 and 30 November at 15:00.

/** An instant written in Shanghai local time. */
const sh = (local: string) => new Date(`${local}+08:00`);
const MONDAY_9 = sh('2026-11-23T09:00');

let f: TasksFixture;
let deps: JobDeps;
let base: Rules;

type Sent = { to: string; priority: number; title: string; lines: string[]; params: Record<string, unknown>; buttons: string[] };

/** Runs every job at `at`; what the quota job counted and the quota messages queued (by person code, sorted). */
async function runAt(at: Date, with_: JobDeps = deps) {
  const mark = await f.lastOutboxId();
  const results = await runJobs(with_, at);
  return { sent: results.find((r) => r.job === 'quota.remind')!.sent, ...(await quotaSince(mark)) };
}

async function quotaSince(mark: number) {
  const rows = await f.app.db.outboxMessage.findMany({ where: { id: { gt: mark } }, orderBy: { id: 'asc' } });
  const messages: Sent[] = rows
    .map((row) => ({ to: f.codeOf.get(row.personId!)!, message: JSON.parse(row.payload), priority: row.priority }))
    .filter(({ message }) => message.title?.key?.startsWith('quota.'))
    .map(({ to, message, priority }) => ({
      to,
      priority,
      title: message.title.key,
      lines: message.lines.map((line: { key: string }) => line.key),
      params: Object.assign({}, message.title.params, ...message.lines.map((line: { params?: object }) => line.params ?? {})),
      buttons: (message.buttons ?? []).flat().map((button: { action: string }) => button.action),
    }));
  return { messages, to: messages.map((m) => m.to).sort() };
}

/** `count` items by `author`, submitted at `at` (default: early in November). */
async function submitted(author: string, count: number, at = sh('2026-11-10T10:00')) {
  f.app.clock.set(at);
  for (let i = 0; i < count; i++) await f.submit(author);
}

const withRules = (change: (rules: Rules) => Rules): JobDeps => ({ ...deps, rules: change(base) });

beforeEach(async () => {
  f = await tasksFixture();
  base = { ...f.app.rules, targets: { county: {}, department: {}, township: {}, direct: {} } };
  deps = { ...f.deps, rules: base };
});

afterEach(async () => {
  await f?.app.dispose();
});

describe('quota reminders: pace', () => {
  it('a unit on pace gets nothing', async () => {
    await submitted('zhangwei', 4);
    await submitted('lisi', 3);
    expect(await runAt(MONDAY_9)).toMatchObject({ sent: 0, to: [] });
    expect(await f.app.db.nudge.count()).toBe(0);
  });

  it('a unit behind pace: its reporters get target, done, gap, days left; the lead a summary of who is behind', async () => {
    await submitted('zhangwei', 6);
    const run = await runAt(MONDAY_9);
    expect(run).toMatchObject({ sent: 3, to: ['lisi', 'liuyang', 'zhangwei'] });
    // Quota reminders go in the outbox's bulk lane (3), behind urgent and personal messages.
    expect(run.messages.map((m) => m.priority)).toEqual([3, 3, 3]);
    const toReporter = run.messages.find((m) => m.to === 'zhangwei')!;
    expect(toReporter).toMatchObject({
      title: 'quota.remind.title',
      lines: ['quota.line.figures', 'quota.line.pace'],
      params: { unit: '罗山县政府办', period: '@quota.period.month', target: 10, done: 6, gap: 4, daysLeft: 8, expected: 7 },
      buttons: ['snooze:quota.remind:1h', 'snooze:quota.remind:tomorrow'],
    });
    const summary = run.messages.find((m) => m.to === 'liuyang')!;
    expect(summary).toMatchObject({ title: 'quota.summary.title', lines: ['quota.line.figures', 'quota.summary.behind', 'quota.summary.silent'] });
    expect(summary.params).toMatchObject({ target: 10, done: 6, gap: 4, expected: 7, names: '李四' });
    // Gushi, with no target, and its people hear nothing.
    expect(run.to).not.toContain('wangfang');
  });

  it('a person with their own target is reminded of it; the lead hears who', async () => {
    await f.app.db.target.create({ data: { personId: f.people.zhangwei!.id, periodKind: 'month', submitted: 6 } });
    await submitted('zhangwei', 2);
    await submitted('lisi', 5);
    // The unit (7) is on pace; 张伟 (2 of 6, 4 expected) is not.
    const run = await runAt(MONDAY_9);
    expect(run).toMatchObject({ sent: 2, to: ['liuyang', 'zhangwei'] });
    expect(run.messages.find((m) => m.to === 'zhangwei')).toMatchObject({ title: 'quota.person.title', params: { target: 6, done: 2, gap: 4, expected: 4 } });
    expect(run.messages.find((m) => m.to === 'liuyang')).toMatchObject({
      lines: ['quota.line.figures', 'quota.summary.onPace', 'quota.summary.people'],
      params: { names: '张伟（2/6）' },
    });
  });
});

describe('quota reminders: working time and the calendar', () => {
  it('nothing on Saturday, nothing before working hours on Monday; the weekly nudge at Monday 09:00', async () => {
    await submitted('zhangwei', 6);
    expect(await runAt(sh('2026-11-21T10:00'))).toMatchObject({ sent: 0, to: [] });
    expect(await runAt(sh('2026-11-23T08:00'))).toMatchObject({ sent: 0, to: [] });
    // 08:45 is working time, but the trigger due then is last Monday's, when 6 was on pace (4 expected).
    expect(await runAt(sh('2026-11-23T08:45'))).toMatchObject({ sent: 0, to: [] });
    expect(await runAt(MONDAY_9)).toMatchObject({ sent: 3 });
    expect(await runAt(sh('2026-11-23T11:00'))).toMatchObject({ sent: 0 });
  });

  it('a holiday Monday sends nothing; the nudge waits for the next working time (Tuesday 08:30)', async () => {
    await submitted('zhangwei', 6);
    const holiday = withRules((rules) => ({ ...rules, calendar: { ...rules.calendar, holidays: ['2026-11-23'] } }));
    expect(await runAt(MONDAY_9, holiday)).toMatchObject({ sent: 0, to: [] });
    expect(await runAt(sh('2026-11-23T15:00'), holiday)).toMatchObject({ sent: 0, to: [] });
    const tuesday = await runAt(sh('2026-11-24T08:30'), holiday);
    expect(tuesday).toMatchObject({ sent: 3, to: ['lisi', 'liuyang', 'zhangwei'] });
    expect(tuesday.messages[0]!.params).toMatchObject({ expected: 7, daysLeft: 7 });
    // Each target is recorded under the day of its trigger; each person's message under the day it went.
    expect(new Set((await f.app.db.nudge.findMany({ where: { subject: { not: 'quota' } } })).map((n) => n.slot))).toEqual(new Set(['2026-11-23']));
    expect(new Set((await f.app.db.nudge.findMany({ where: { subject: 'quota' } })).map((n) => n.slot))).toEqual(new Set(['2026-11-24']));
  });

  it('a swapped working Sunday (调休) sends the end-of-month reminder; an ordinary Sunday does not', async () => {
    await submitted('zhangwei', 6);
    expect(await runAt(sh('2026-11-29T15:00'))).toMatchObject({ sent: 0, to: [] });
    const swapped = withRules((rules) => ({ ...rules, calendar: { ...rules.calendar, workingDays: ['2026-11-29'] } }));
    const sunday = await runAt(sh('2026-11-29T15:00'), swapped);
    expect(sunday).toMatchObject({ sent: 3 });
    // 20 of 22 working days behind (the swapped Sunday counts): 10 × 20/22 → 9 expected.
    expect(sunday.messages[0]!.params).toMatchObject({ expected: 9, done: 6, daysLeft: 2 });
    expect((await f.app.db.nudge.findFirst())!.slot).toBe('2026-11-29');
  });
});

describe('quota reminders: once only', () => {
  it('running the same instant twice, or twice at once, sends once', async () => {
    await submitted('zhangwei', 6);
    expect(await runAt(MONDAY_9)).toMatchObject({ sent: 3 });
    expect(await runAt(MONDAY_9)).toMatchObject({ sent: 0, to: [] });
    expect(await runAt(sh('2026-11-23T10:00'))).toMatchObject({ sent: 0, to: [] });
    const mark = await f.lastOutboxId();
    const both = await Promise.all([runJobs(deps, sh('2026-11-24T15:00')), runJobs(deps, sh('2026-11-24T15:00'))]);
    expect(
      both
        .flat()
        .filter((r) => r.job === 'quota.remind')
        .reduce((sum, r) => sum + r.sent, 0),
    ).toBe(3);
    expect((await quotaSince(mark)).to).toEqual(['lisi', 'liuyang', 'zhangwei']);
  });

  it('two schedulers on one database (two apps on the same file) send once', async () => {
    await submitted('zhangwei', 6);
    // The instant's circulars are out already. Two apps in one process share its event loop: while
    // one holds the circulars' write transaction, the other's synchronous SQLite busy wait would
    // block it from committing until the wait times out. Two real schedulers are two processes.
    await runJobs(
      deps,
      MONDAY_9,
      jobs.filter((job) => job.name === 'circulars.send'),
    );
    const second = await openApp(f.app.config, f.app.clock);
    try {
      const otherDeps: JobDeps = { store: second.store, clock: second.clock, rules: base, timezone: second.timezone };
      const mark = await f.lastOutboxId();
      const results = await Promise.all([runJobs(deps, MONDAY_9), runJobs(otherDeps, MONDAY_9), runJobs(deps, MONDAY_9), runJobs(otherDeps, MONDAY_9)]);
      expect(
        results
          .flat()
          .filter((r) => r.job === 'quota.remind')
          .reduce((sum, r) => sum + r.sent, 0),
      ).toBe(3);
      expect((await quotaSince(mark)).to).toEqual(['lisi', 'liuyang', 'zhangwei']);
      // Three messages, each recorded once for the day and once for the one target it covers.
      expect(await f.app.db.nudge.count({ where: { subject: 'quota' } })).toBe(3);
      expect(await f.app.db.nudge.count({ where: { subject: { not: 'quota' } } })).toBe(3);
    } finally {
      await second.close();
    }
  });
});

describe('quota reminders: catch-up after downtime', () => {
  it('down at Monday 09:00, back in the afternoon: sent then, because the unit is still behind', async () => {
    await submitted('zhangwei', 6);
    // 14:00 is still the lunch break in the built-in hours; 14:30 is the next working minute.
    expect(await runAt(sh('2026-11-23T14:00'))).toMatchObject({ sent: 0 });
    const back = await runAt(sh('2026-11-23T14:30'));
    expect(back).toMatchObject({ sent: 3, to: ['lisi', 'liuyang', 'zhangwei'] });
    expect(back.messages[0]!.params).toMatchObject({ expected: 7, done: 6 });
  });

  it('skipped when the quota was met meanwhile', async () => {
    await submitted('zhangwei', 6);
    await submitted('lisi', 1, sh('2026-11-23T10:30'));
    expect(await runAt(sh('2026-11-23T14:30'))).toMatchObject({ sent: 0, to: [] });
  });
});

describe('quota reminders: snooze, leave and the cap', () => {
  it('a reporter who snoozed for an hour is reminded after it, the others at once', async () => {
    await submitted('zhangwei', 6);
    await f.app.store.snoozes.set(f.people.zhangwei!.id, 'quota.remind', sh('2026-11-24T15:50'));
    expect(await runAt(sh('2026-11-24T15:00'))).toMatchObject({ sent: 2, to: ['lisi', 'liuyang'] });
    expect(await runAt(sh('2026-11-24T15:49'))).toMatchObject({ sent: 0 });
    expect(await runAt(sh('2026-11-24T15:50'))).toMatchObject({ sent: 1, to: ['zhangwei'] });
    expect(await runAt(sh('2026-11-24T16:00'))).toMatchObject({ sent: 0 });
  });

  it('a reporter on leave gets no reminder, and the leave does not drag the unit’s pace', async () => {
    f.app.clock.set(sh('2026-11-15T10:00'));
    await f.app.store.leave.add({ personId: f.people.lisi!.id, from: sh('2026-11-16T00:00'), until: sh('2026-11-28T00:00'), setBy: 'lisi' });
    // 李四 was away 10 of the 15 working days: 10 × 25/42 → 5 expected; 6 is on pace.
    await submitted('zhangwei', 6);
    expect(await runAt(MONDAY_9)).toMatchObject({ sent: 0, to: [] });
    // Behind with 4: only 张伟 and the lead, who reads that 李四 is on leave.
    await f.app.db.item.deleteMany();
    await submitted('zhangwei', 4);
    const run = await runAt(sh('2026-11-24T15:00'));
    expect(run).toMatchObject({ sent: 2, to: ['liuyang', 'zhangwei'] });
    expect(run.messages.find((m) => m.to === 'liuyang')).toMatchObject({
      lines: ['quota.line.figures', 'quota.summary.behind', 'quota.summary.leave'],
      params: { names: '李四' },
    });
  });

  it('after 3 reminders without catching up, the fourth goes to the unit lead instead', async () => {
    await submitted('zhangwei', 6);
    for (const at of [MONDAY_9, sh('2026-11-24T15:00'), sh('2026-11-25T15:00')]) {
      expect(await runAt(at)).toMatchObject({ sent: 3, to: ['lisi', 'liuyang', 'zhangwei'] });
    }
    // The lead's one message of the day: the summary, then the escalation naming both reporters.
    const fourth = await runAt(sh('2026-11-26T15:00'));
    expect(fourth).toMatchObject({ sent: 1, to: ['liuyang'] });
    expect(fourth.messages[0]).toMatchObject({
      title: 'quota.daily.title',
      lines: [
        'quota.summary.title',
        'quota.line.figures',
        'quota.summary.behind',
        'quota.summary.silent',
        'quota.escalate.title',
        'quota.escalate.body',
        'quota.line.figures',
      ],
      params: { unit: '罗山县政府办', names: '张伟、李四', cap: 3, target: 10, done: 6 },
    });
    expect(
      await f.app.db.nudge.count({
        where: { kind: 'quota.remind', subject: `quota:unit:${f.people.zhangwei!.unit!.id}:2026-11`, recipientId: f.people.zhangwei!.id },
      }),
    ).toBe(3);
  });
});

describe('quota reminders: one message a person a day', () => {
  // The built-in targets by unit kind: a county has a week, a month, a quarter and a year target
  // (luoshan its own month 10 and year 1,103). On Tuesday 29 December all four periods are in
  // their last five working days.
  const allTargets = () => withRules((rules) => ({ ...rules, targets: defaultRules.targets }));
  const periodsIn = (message: Sent) => message.lines.length;

  it('on the last days of the year a reporter gets one message covering the week, month, quarter and year', async () => {
    const run = await runAt(sh('2026-12-29T15:00'), allTargets());
    expect(run.to).toEqual(['lisi', 'liuyang', 'sunqi', 'wangfang', 'zhangwei']);
    const toReporter = run.messages.find((m) => m.to === 'zhangwei')!;
    expect(toReporter.title).toBe('quota.daily.title');
    expect(toReporter.lines.filter((line) => line === 'quota.remind.title')).toHaveLength(4);
    expect(toReporter.lines.at(-1)).toBe('quota.line.submit');
    expect(periodsIn(toReporter)).toBe(4 * 3 + 1);
    // The rest of the day: nothing more; the next day, one message again.
    expect(await runAt(sh('2026-12-29T16:00'), allTargets())).toMatchObject({ sent: 0, to: [] });
    expect(await runAt(sh('2026-12-30T15:00'), allTargets())).toMatchObject({ sent: 5, to: ['lisi', 'liuyang', 'sunqi', 'wangfang', 'zhangwei'] });
  });

  it('the parts say which period: week, month, quarter and year in that order, each with its own figures', async () => {
    const f2 = await quotaPayloads(sh('2026-12-29T15:00'), allTargets(), 'zhangwei');
    expect(f2.filter((t) => t.key === 'quota.remind.title').map((t) => t.params!.period)).toEqual([
      '@quota.period.week',
      '@quota.period.month',
      '@quota.period.quarter',
      '@quota.period.year',
    ]);
    expect(f2.filter((t) => t.key === 'quota.line.figures').map((t) => t.params!.target)).toEqual([5, 10, 60, 1103]);
  });

  it('a reporter behind on their own target and in a unit behind gets one message with both', async () => {
    await f.app.db.target.create({ data: { personId: f.people.zhangwei!.id, periodKind: 'month', submitted: 6 } });
    await submitted('zhangwei', 2);
    const run = await runAt(MONDAY_9);
    expect(run).toMatchObject({ sent: 3, to: ['lisi', 'liuyang', 'zhangwei'] });
    expect(run.messages.find((m) => m.to === 'zhangwei')).toMatchObject({
      title: 'quota.daily.title',
      lines: [
        'quota.person.title',
        'quota.person.figures',
        'quota.line.expected',
        'quota.remind.title',
        'quota.line.figures',
        'quota.line.expected',
        'quota.line.submit',
      ],
    });
  });
});

describe('quota reminders: the pace starts when the office did', () => {
  // 罗山's own year target: 1,103. On 29 December 245 of 2026's 248 working days are behind.
  const yearLine = async (at: Date, with_: JobDeps) =>
    (await quotaPayloads(at, with_, 'zhangwei')).find((t) => t.key === 'quota.line.figures' && t.params!.period === '@quota.period.year');

  it('live since September: the year’s pace counts from 1 September, not 1 January', async () => {
    // Both reporters since 1 September: 81 of 248 working days each → 1,103 × 162/496 → 360 (not 1,089).
    const line = await yearLine(sh('2026-12-29T15:00'), deps);
    expect(line!.params).toMatchObject({ target: 1103, done: 0, expected: 360 });
  });

  it('an office that went live on 1 December is expected 20 days’ worth, not eleven months’', async () => {
    await f.app.store.settings.set('office.goLive', sh('2026-12-01T09:00').toISOString());
    // 20 working days from 1 to 28 December: 1,103 × 40/496 → 88.
    expect((await yearLine(sh('2026-12-29T15:00'), deps))!.params).toMatchObject({ expected: 88 });
  });

  it('the rules’ goLive wins over the day of the first import', async () => {
    const rules = withRules((r) => ({ ...r, reminders: { ...r.reminders, goLive: '2026-12-14' } }));
    // 11 working days from 14 to 28 December: 1,103 × 22/496 → 48.
    expect((await yearLine(sh('2026-12-29T15:00'), rules))!.params).toMatchObject({ expected: 48 });
  });

  it('a reporter added later counts from the day they were added', async () => {
    await f.app.db.person.update({ where: { id: f.people.lisi!.id }, data: { createdAt: sh('2026-12-01T09:00') } });
    // 张伟 81 days, 李四 20: 1,103 × 101/496 → 224.
    expect((await yearLine(sh('2026-12-29T15:00'), deps))!.params).toMatchObject({ expected: 224 });
  });
});

describe('quota reminders: China’s holidays', () => {
  it('国庆 is not counted in October’s pace: by Monday 26 October 21 of a target of 30 are expected, so 22 are on pace', async () => {
    await f.app.db.target.updateMany({ where: { unitId: f.people.zhangwei!.unit!.id, periodKind: 'month' }, data: { submitted: 30 } });
    // October 2026 has 18 working days (1, 2 and 5–7 off, Saturday 10 worked); 13 are behind by the 26th: 30 × 13/18 → 21.
    // Counted as plain weekdays it would be 30 × 17/22 → 23, and 22 would be behind.
    await submitted('zhangwei', 20, sh('2026-10-09T10:00'));
    const behind = await runAt(sh('2026-10-26T09:00'));
    expect(behind).toMatchObject({ sent: 3 });
    expect(behind.messages.find((m) => m.to === 'zhangwei')!.params).toMatchObject({ target: 30, done: 20, expected: 21 });
    await f.app.db.nudge.deleteMany();
    await submitted('lisi', 2, sh('2026-10-09T11:00'));
    expect(await runAt(sh('2026-10-26T09:00'))).toMatchObject({ sent: 0, to: [] });
  });
});

/** The texts of the quota message queued to `to` (after running the jobs at `at` when given). */
async function quotaPayloads(at: Date | null, with_: JobDeps | null, to: string) {
  if (at && with_) await runJobs(with_, at);
  const rows = await f.app.db.outboxMessage.findMany({ where: { personId: f.people[to]!.id }, orderBy: { id: 'desc' } });
  const message = rows.map((row) => JSON.parse(row.payload)).find((m) => m.title?.key?.startsWith('quota.'));
  return [message.title, ...message.lines] as { key: string; params?: Record<string, unknown> }[];
}
