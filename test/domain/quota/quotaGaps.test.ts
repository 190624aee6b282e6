import { describe, it, expect } from 'vitest';
import { defaultRules } from '../../../src/domain/rules/defaults.ts';
import type { Rules } from '../../../src/domain/rules/schema.ts';
import { dueQuotaTrigger, quotaTriggers } from '../../../src/domain/quota/quotaTriggers.ts';
import { quotaGaps, type QuotaInput } from '../../../src/domain/quota/quotaGaps.ts';
import { officeCalendar } from '../../../src/domain/reminders/officeCalendar.ts';
import { snoozeUntil } from '../../../src/domain/reminders/snooze.ts';
import { parsePeriod, type Period } from '../../../src/domain/time/index.ts';
import type { UnitRecord } from '../../../src/domain/org/port.ts';
import type { UnitMember } from '../../../src/domain/quota/port.ts';
import type { LeaveRecord } from '../../../src/domain/reminders/port.ts';

const SH = 'Asia/Shanghai';
/** An instant written in Shanghai local time. */
const sh = (local: string) => new Date(`${local}+08:00`);
const calendar = officeCalendar(defaultRules, SH);

function period(text: string): Period {
  const parsed = parsePeriod(text, SH);
  if (!parsed.ok) throw new Error(text);
  return parsed.value;
}

const days = (p: Period, rules: Rules = defaultRules, cal = calendar) => quotaTriggers(p, cal, rules).map((t) => `${t.day} ${t.reason}`);

describe('when quota reminders are due', () => {
  it('a month: every Monday 09:00, and each of its last 5 working days at 15:00, once a day', () => {
    // November 2026: Mondays 2, 9, 16, 23, 30; the last five working days 24–27 and 30.
    expect(days(period('2026-11'))).toEqual([
      '2026-11-02 weekly',
      '2026-11-09 weekly',
      '2026-11-16 weekly',
      '2026-11-23 weekly',
      '2026-11-24 end',
      '2026-11-25 end',
      '2026-11-26 end',
      '2026-11-27 end',
      '2026-11-30 weekly', // the weekly nudge at 09:00 is the earlier of the two that Monday
    ]);
    const [first] = quotaTriggers(period('2026-11'), calendar, defaultRules);
    expect(first!.at).toEqual(sh('2026-11-02T09:00'));
    expect(quotaTriggers(period('2026-11'), calendar, defaultRules).find((t) => t.day === '2026-11-24')!.at).toEqual(sh('2026-11-24T15:00'));
  });

  it('a week, a quarter, a year: only the last working days', () => {
    expect(days(period('2026-W48'))).toEqual(['2026-11-23 end', '2026-11-24 end', '2026-11-25 end', '2026-11-26 end', '2026-11-27 end']);
    expect(days(period('2026-Q4'))).toEqual(['2026-12-25 end', '2026-12-28 end', '2026-12-29 end', '2026-12-30 end', '2026-12-31 end']);
    expect(days(period('2026'))).toEqual(days(period('2026-Q4')));
  });

  it('holidays are left out of the last working days, a swapped working Sunday (调休) is in', () => {
    const cal = { ...calendar, holidays: ['2026-11-27'], workingDays: ['2026-11-29'] };
    expect(days(period('2026-11'), defaultRules, cal).slice(-6)).toEqual([
      '2026-11-23 weekly',
      '2026-11-24 end',
      '2026-11-25 end',
      '2026-11-26 end',
      '2026-11-29 end',
      '2026-11-30 weekly',
    ]);
  });

  it('the rules say when: another weekday and time, fewer days, another time of day', () => {
    const rules: Rules = {
      ...defaultRules,
      reminders: { ...defaultRules.reminders, weeklyQuotaNudge: 'Wed 10:30', quotaBeforeEndWorkingDays: 2 },
      schedule: { ...defaultRules.schedule, quotaReminders: '45 16 * * 1-5' },
    };
    const triggers = quotaTriggers(period('2026-11'), calendar, rules);
    expect(triggers.map((t) => t.day)).toEqual(['2026-11-04', '2026-11-11', '2026-11-18', '2026-11-25', '2026-11-27', '2026-11-30']);
    expect(triggers.at(-1)!.at).toEqual(sh('2026-11-30T16:45'));
  });

  it('the latest trigger is due until the next one; none before the first or after the period', () => {
    const november = period('2026-11');
    expect(dueQuotaTrigger(november, sh('2026-11-23T08:59'), calendar, defaultRules)?.day).toBe('2026-11-16');
    expect(dueQuotaTrigger(november, sh('2026-11-23T09:00'), calendar, defaultRules)?.day).toBe('2026-11-23');
    expect(dueQuotaTrigger(november, sh('2026-11-24T14:59'), calendar, defaultRules)?.day).toBe('2026-11-23');
    expect(dueQuotaTrigger(november, sh('2026-11-02T08:00'), calendar, defaultRules)).toBeNull();
    expect(dueQuotaTrigger(november, sh('2026-12-01T09:00'), calendar, defaultRules)).toBeNull();
  });
});

describe('quota gaps against a linear pace of working days', () => {
  const luoshan: UnitRecord = { id: 1, code: 'luoshan', name: '罗山县政府办', kind: 'county', signOff: false, active: true };
  // Everyone was added in October, before the period.
  const october = sh('2026-10-12T09:00');
  const members: UnitMember[] = [
    { personId: 11, name: '张伟', unitId: 1, reporter: true, lead: false, since: october },
    { personId: 12, name: '李四', unitId: 1, reporter: true, lead: false, since: october },
    { personId: 13, name: '刘洋', unitId: 1, reporter: false, lead: true, since: october },
  ];
  const november = period('2026-11');
  const noDefaults: Rules = { ...defaultRules, targets: { county: {}, department: {}, township: {}, direct: {} } };

  function gaps(done: Record<number, number>, extra: Partial<QuotaInput> = {}) {
    const now = extra.now ?? sh('2026-11-23T09:00');
    const trigger = dueQuotaTrigger(november, now, calendar, noDefaults)!;
    return quotaGaps({
      now,
      calendar,
      rules: noDefaults,
      period: november,
      trigger,
      units: [luoshan],
      members,
      targets: [{ unitId: 1, person: null, periodKind: 'month', submitted: 10, adopted: 3 }],
      counts: Object.entries(done).map(([authorId, count]) => ({ unitId: 1, authorId: Number(authorId), count })),
      leaves: [],
      ...extra,
    });
  }

  it('on Monday 23 November, 15 of 21 working days are behind: 10 × 15/21 → 7 expected; 7 done is on pace', () => {
    expect(gaps({ 11: 4, 12: 3 }).units).toEqual([]);
  });

  it('6 done is behind, with the numbers: target, done, gap, days left, expected', () => {
    const result = gaps({ 11: 6 });
    expect(result.daysLeft).toBe(8);
    expect(result.units).toHaveLength(1);
    expect(result.units[0]).toMatchObject({
      pace: { target: 10, done: 6, expected: 7, gap: 4, behind: true },
      silent: [{ name: '李四' }],
      onLeave: [],
    });
    expect(result.units[0]!.reporters.map((m) => m.name)).toEqual(['张伟', '李四']);
    expect(result.units[0]!.leads.map((m) => m.name)).toEqual(['刘洋']);
  });

  it('a reporter on leave is not reminded and does not drag the pace: 10 × (15 + 10) / (2 × 21) → 5 expected', () => {
    // 李四 on leave from Monday 16 to Friday 27 November: 10 of the 15 elapsed working days available.
    const leave: LeaveRecord = { id: 1, personId: 12, from: sh('2026-11-16T00:00'), until: sh('2026-11-28T00:00'), setBy: 'lisi' };
    expect(gaps({ 11: 6 }, { leaves: [leave] }).units).toEqual([]);
    const behind = gaps({ 11: 4 }, { leaves: [leave] }).units[0]!;
    expect(behind.pace).toMatchObject({ expected: 5, done: 4, behind: true });
    expect(behind.reporters.map((m) => m.name)).toEqual(['张伟']);
    expect(behind.onLeave.map((m) => m.name)).toEqual(['李四']);
    expect(behind.silent).toEqual([]);
  });

  it('a holiday is not a working day of the pace: with Monday 23 off, 10 × 15/20 → 7', () => {
    const cal = { ...calendar, holidays: ['2026-11-23'] };
    const now = sh('2026-11-24T08:30');
    const trigger = dueQuotaTrigger(november, now, cal, noDefaults)!;
    expect(trigger.day).toBe('2026-11-23');
    const result = quotaGaps({
      now,
      calendar: cal,
      rules: noDefaults,
      period: november,
      trigger,
      units: [luoshan],
      members,
      targets: [{ unitId: 1, person: null, periodKind: 'month', submitted: 10, adopted: null }],
      counts: [{ unitId: 1, authorId: 11, count: 6 }],
      leaves: [],
    });
    expect(result.units[0]!.pace).toMatchObject({ expected: 7, done: 6, gap: 4 });
    expect(result.daysLeft).toBe(7);
  });

  it('a unit without its own target takes the rules’ default for its kind; without either it has no pace', () => {
    const withDefaults = gaps({ 11: 1 }, { rules: defaultRules, targets: [] }).units[0]!;
    // County default for a month: 20 submitted; 20 × 15/21 → 14.
    expect(withDefaults.pace).toMatchObject({ target: 20, expected: 14, done: 1 });
    expect(gaps({}, { targets: [] }).units).toEqual([]);
  });

  it('a person with their own target is compared the same way, and named to the lead', () => {
    const result = gaps(
      { 11: 2, 12: 5 },
      {
        targets: [
          { unitId: 1, person: null, periodKind: 'month', submitted: 10, adopted: 3 },
          { unitId: null, person: { id: 11, name: '张伟', unitId: 1, active: true, since: october }, periodKind: 'month', submitted: 6, adopted: null },
        ],
      },
    );
    // 6 × 15/21 → 4 expected; 2 done. The unit (7 done) is on pace, but the lead still hears about 张伟.
    expect(result.people).toEqual([{ personId: 11, name: '张伟', unitId: 1, target: 6, done: 2, expected: 4, gap: 4, behind: true }]);
    expect(result.units[0]).toMatchObject({ pace: { behind: false }, people: [{ name: '张伟' }] });
  });
});

describe('the pace starts when the office and the person did', () => {
  const luoshan: UnitRecord = { id: 1, code: 'luoshan', name: '罗山县政府办', kind: 'county', signOff: false, active: true };
  const october = sh('2026-10-12T09:00');
  const zhangwei: UnitMember = { personId: 11, name: '张伟', unitId: 1, reporter: true, lead: false, since: october };
  const lisi: UnitMember = { personId: 12, name: '李四', unitId: 1, reporter: true, lead: false, since: october };
  const now = sh('2026-11-23T09:00');

  function gaps(done: Record<number, number>, extra: Partial<QuotaInput> = {}) {
    const p = extra.period ?? period('2026-11');
    return quotaGaps({
      now,
      calendar,
      rules: defaultRules,
      period: p,
      trigger: dueQuotaTrigger(p, now, calendar, defaultRules)!,
      units: [luoshan],
      members: [zhangwei, lisi],
      targets: [{ unitId: 1, person: null, periodKind: 'month', submitted: 10, adopted: null }],
      counts: Object.entries(done).map(([authorId, count]) => ({ unitId: 1, authorId: Number(authorId), count })),
      leaves: [],
      ...extra,
    });
  }

  it('from the office’s go-live day: live since Monday 16 November, 5 of 21 working days are behind: 10 × 5/21 → 2', () => {
    expect(gaps({ 11: 2 }).units[0]!.pace).toMatchObject({ expected: 7, behind: true });
    expect(gaps({ 11: 2 }, { officeStart: '2026-11-16' }).units).toEqual([]);
    expect(gaps({ 11: 1 }, { officeStart: '2026-11-16' }).units[0]!.pace).toMatchObject({ target: 10, expected: 2, done: 1, gap: 9 });
    // A go-live before the period changes nothing.
    expect(gaps({ 11: 6 }, { officeStart: '2026-10-12' }).units[0]!.pace).toMatchObject({ expected: 7 });
  });

  it('the year of an office that started on 1 December counts from 1 December, not from 1 January', () => {
    const year = period('2026');
    const at = sh('2026-12-29T15:00');
    const input = { period: year, now: at, trigger: dueQuotaTrigger(year, at, calendar, defaultRules)!, members: [], targets: [] };
    // County default: 240 a year. From 1 January, 245 of 2026's 248 working days are behind (→ 237 expected);
    // from 1 December, 20 of them (→ 19).
    expect(gaps({}, input).units[0]!.pace).toMatchObject({ target: 240, expected: 237 });
    expect(gaps({}, { ...input, officeStart: '2026-12-01' }).units[0]!.pace).toMatchObject({ target: 240, expected: 19 });
  });

  it('from a reporter’s own start: 李四 added on 16 November counts 5 days, not 15: 10 × (15 + 5)/(2 × 21) → 4', () => {
    const late = { ...lisi, since: sh('2026-11-16T10:00') };
    expect(gaps({ 11: 4 }, { members: [zhangwei, late] }).units).toEqual([]);
    expect(gaps({ 11: 3 }, { members: [zhangwei, late] }).units[0]!.pace).toMatchObject({ expected: 4, done: 3 });
    // Their own target too: 6 × 5/21 → 1 expected.
    const own = {
      unitId: null,
      person: { id: 12, name: '李四', unitId: 1, active: true, since: late.since },
      periodKind: 'month' as const,
      submitted: 6,
      adopted: null,
    };
    expect(gaps({ 11: 9, 12: 1 }, { members: [zhangwei, late], targets: [own] }).people).toEqual([]);
    expect(gaps({ 11: 9 }, { members: [zhangwei, late], targets: [own] }).people).toMatchObject([{ name: '李四', expected: 1, done: 0 }]);
  });
});

describe('snooze', () => {
  it('an hour later, or at the start of the next working day', () => {
    expect(snoozeUntil('1h', sh('2026-11-20T10:00'), calendar)).toEqual(sh('2026-11-20T11:00'));
    // Friday → Monday 08:30; with Monday a holiday → Tuesday 08:30.
    expect(snoozeUntil('tomorrow', sh('2026-11-20T10:00'), calendar)).toEqual(sh('2026-11-23T08:30'));
    expect(snoozeUntil('tomorrow', sh('2026-11-20T10:00'), { ...calendar, holidays: ['2026-11-23'] })).toEqual(sh('2026-11-24T08:30'));
    // A swapped working Sunday (调休) is the next working day after Saturday.
    expect(snoozeUntil('tomorrow', sh('2026-11-28T10:00'), { ...calendar, workingDays: ['2026-11-29'] })).toEqual(sh('2026-11-29T08:30'));
  });
});
