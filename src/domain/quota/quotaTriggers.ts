/**
 * When the quota reminders (目标进度提醒) of a period go out (domain rule 5: units below pace are
 * reminded before the period ends, not after). Pure: a function of the period, the calendar and
 * the rules.
 *
 * - The weekly nudge: every `reminders.weeklyQuotaNudge` (Monday 09:00) of a month, for the
 *   month's target.
 * - The end of each period with a target (week, month, quarter, year): each of its last
 *   `reminders.quotaBeforeEndWorkingDays` working days, at the time of day of
 *   `schedule.quotaReminders` (15:00 by default; its day fields are not used: the working
 *   calendar decides the days, so a swapped working Sunday (调休) counts and a holiday does not).
 *
 * At most one trigger per period and day (the earliest): the day is the nudge ledger's slot. The
 * triggers of all periods on one day make one round (`dueQuotaRound`), sent at the first of them:
 * each person gets at most one quota message a day, covering every period behind.
 */
import { CronExpressionParser } from 'cron-parser';
import type { Rules } from '../rules/schema.ts';
import { parseWeekdayTime } from '../rules/valueChecks.ts';
import {
  addDaysToKey,
  atLocalTime,
  isoWeekdayOfKey,
  lastWorkingDaysOf,
  periodContaining,
  periodDays,
  startOfDayKey,
  type Period,
  type WorkCalendar,
} from '../time/index.ts';
import { PERIOD_KINDS } from '../vocabulary.ts';

export type QuotaTrigger = {
  /** When it is due (it may go later: outside working time it waits for the next working minute). */
  at: Date;
  /** Its local day: the ledger slot. */
  day: string;
  reason: 'weekly' | 'end';
};

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The first time of day of a cron expression on local day `day` (its day fields ignored). */
function timeOfDayOn(expression: string, day: string, tz: string): Date {
  const [minute, hour] = expression.trim().split(/\s+/);
  const cron = CronExpressionParser.parse(`${minute} ${hour} * * *`, { currentDate: new Date(startOfDayKey(day, tz).getTime() - 1), tz });
  return cron.next().toDate();
}

/** Every trigger of `period`, earliest first. */
export function quotaTriggers(period: Period, calendar: WorkCalendar, rules: Rules): QuotaTrigger[] {
  const tz = calendar.tz;
  const byDay = new Map<string, QuotaTrigger>();
  const add = (trigger: QuotaTrigger) => {
    const earlier = byDay.get(trigger.day);
    if (!earlier || trigger.at.getTime() < earlier.at.getTime()) byDay.set(trigger.day, trigger);
  };
  const weekly = parseWeekdayTime(rules.reminders.weeklyQuotaNudge);
  if (period.kind === 'month' && weekly) {
    const { first, days } = periodDays(period, tz);
    for (let i = 0; i < days; i++) {
      const day = addDaysToKey(first, i);
      if (isoWeekdayOfKey(day) === weekly.isoWeekday) add({ at: atLocalTime(day, `${pad2(weekly.hour)}:${pad2(weekly.minute)}`, tz), day, reason: 'weekly' });
    }
  }
  for (const day of lastWorkingDaysOf(period, rules.reminders.quotaBeforeEndWorkingDays, calendar)) {
    add({ at: timeOfDayOn(rules.schedule.quotaReminders, day, tz), day, reason: 'end' });
  }
  return [...byDay.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The trigger of `period` due at `now`: the latest one at or before `now`, while the period has
 * not ended. It stays due until the next one replaces it, so a reminder held back (outside
 * working time, on leave, snoozed) or missed while the service was down still goes out if its
 * reason is still there; null when none is due.
 */
export function dueQuotaTrigger(period: Period, now: Date, calendar: WorkCalendar, rules: Rules): QuotaTrigger | null {
  if (now.getTime() >= period.end.getTime() || now.getTime() < period.start.getTime()) return null;
  let due: QuotaTrigger | null = null;
  for (const trigger of quotaTriggers(period, calendar, rules)) {
    if (trigger.at.getTime() > now.getTime()) break;
    due = trigger;
  }
  return due;
}

/** One day's quota reminders: the day (the ledger slot) and each period with a trigger that day. */
export type QuotaRound = { day: string; due: { period: Period; trigger: QuotaTrigger }[] };

/**
 * The round due at `now`, of the week, month, quarter and year containing it: the latest trigger
 * due among them (see dueQuotaTrigger) names the day, and the round covers every one of those
 * periods with a trigger that day, a later one that day included, so one message covers them all
 * (a Monday's weekly nudge for the month and the week's reminder at 15:00 go together at 09:00).
 * Null when nothing is due.
 */
export function dueQuotaRound(now: Date, calendar: WorkCalendar, rules: Rules): QuotaRound | null {
  const periods = PERIOD_KINDS.map((kind) => periodContaining(kind, now, calendar.tz));
  let day: string | null = null;
  for (const period of periods) {
    const trigger = dueQuotaTrigger(period, now, calendar, rules);
    if (trigger && (day === null || trigger.day > day)) day = trigger.day;
  }
  if (day === null) return null;
  const due = periods.flatMap((period) => {
    const trigger = quotaTriggers(period, calendar, rules).find((each) => each.day === day);
    return trigger ? [{ period, trigger }] : [];
  });
  return { day, due };
}
