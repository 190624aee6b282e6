/**
 * The circulars (通报) and when they go: the weekly notice and the biweekly ranking (003 篇5:
 * 一周一通报、两周一排名), the monthly circular (003 篇3), the quarterly circular and the year's
 * evaluation (003 篇7), and the monthly circular on urgent-report timeliness (003 篇3). Each
 * covers the period of its kind that most recently ended and is due at the first time its cron
 * expression (rules.schedule, office time zone) matches at or after that period's end. Pure.
 */
import { CronExpressionParser } from 'cron-parser';
import type { Rules, Schedule } from '../rules/schema.ts';
import { parsePeriod, periodContaining, periodDays, previousPeriod, type Period } from '../time/index.ts';
import type { PeriodKind } from '../vocabulary.ts';

export const CIRCULAR_KINDS = ['weekly', 'biweekly', 'monthly', 'quarterly', 'annual', 'urgent'] as const;
export type CircularKind = (typeof CIRCULAR_KINDS)[number];

/** The rules' schedule entry of each kind. */
const SCHEDULE_OF: Record<CircularKind, keyof Schedule> = {
  weekly: 'weeklyNotice',
  biweekly: 'biweeklyRanking',
  monthly: 'monthly',
  quarterly: 'quarterly',
  annual: 'annual',
  urgent: 'urgentTimeliness',
};

const PERIOD_OF: Record<Exclude<CircularKind, 'biweekly'>, PeriodKind> = {
  weekly: 'week',
  monthly: 'month',
  quarterly: 'quarter',
  annual: 'year',
  urgent: 'month',
};

/** The ranking circular for a period as written: week → weekly, month → monthly, quarter, year, a range of days → biweekly. */
export function rankingKindOf(period: Period): Exclude<CircularKind, 'urgent'> {
  switch (period.kind) {
    case 'week':
      return 'weekly';
    case 'month':
      return 'monthly';
    case 'quarter':
      return 'quarterly';
    case 'year':
      return 'annual';
    case 'range':
      return 'biweekly';
  }
}

const weekNumber = (week: Period) => Number(week.key.slice(-2));

/**
 * The two-week span (两周) of the biweekly ranking that most recently ended at or before `at`:
 * it ends with an even ISO week and starts after the even week before it, so it is two weeks
 * long, or three (weeks 53, 1 and 2) after a 53-week year. Written as a range of days.
 */
export function biweeklySpan(at: Date, tz: string): Period {
  let last = previousPeriod(periodContaining('week', at, tz), tz);
  while (weekNumber(last) % 2 === 1) last = previousPeriod(last, tz);
  let before = previousPeriod(last, tz);
  while (weekNumber(before) % 2 === 1) before = previousPeriod(before, tz);
  const first = periodDays(periodContaining('week', before.end, tz), tz).first;
  const span = parsePeriod(`${first}..${periodDays(last, tz).last}`, tz);
  if (!span.ok) throw new RangeError(`no biweekly span before ${at.toISOString()}`);
  return span.value;
}

/** The period of the circular of `kind` that most recently ended at or before `at`. */
export function lastEndedPeriod(kind: CircularKind, at: Date, tz: string): Period {
  if (kind === 'biweekly') return biweeklySpan(at, tz);
  return previousPeriod(periodContaining(PERIOD_OF[kind], at, tz), tz);
}

/** The first time the cron expression matches at or after `after`, in the office's time zone. */
export function firstCronMatch(expression: string, after: Date, tz: string): Date {
  const cron = CronExpressionParser.parse(expression, { currentDate: new Date(after.getTime() - 1), tz });
  return cron.next().toDate();
}

export type CircularSlot = { kind: CircularKind; period: Period; sendAt: Date };

/** The circular of `kind` that is (or is next to be) due at `now`: the last ended period and when it is sent. */
export function circularSlot(kind: CircularKind, now: Date, rules: Rules, tz: string): CircularSlot {
  const period = lastEndedPeriod(kind, now, tz);
  return { kind, period, sendAt: firstCronMatch(rules.schedule[SCHEDULE_OF[kind]], period.end, tz) };
}

const MANUAL = /^manual:(.+)@[^@]+$/;

/** The period key of a circular as recorded: the period's key, or `manual:<key>@<time>` for one sent by hand. */
export const manualPeriodKey = (period: Period, at: Date) => `manual:${period.key}@${at.toISOString()}`;

/** The period a recorded circular covered, from its period key (scheduled or manual); null for a key it cannot read. */
export function periodOfKey(periodKey: string, tz: string): Period | null {
  const manual = MANUAL.exec(periodKey);
  const parsed = parsePeriod(manual ? manual[1]! : periodKey, tz);
  return parsed.ok ? parsed.value : null;
}
