/**
 * Reporting periods: ISO weeks (Monday first), months, quarters, years and ranges of whole days,
 * each anchored in the office's time zone.
 */
import { fail, ok, type Result } from '../result.ts';
import type { PeriodKind } from '../vocabulary.ts';
import { addDaysToKey, daysBetweenKeys, isDateKey, isoWeekdayOfKey, localDateKey, startOfDayKey } from './zoned.ts';

/**
 * A reporting period.
 * - `start` is the instant the first day starts in the office's time zone;
 * - `end` is exclusive: the instant the day after the last day starts;
 * - `key` is the canonical text: `2026-W47`, `2026-11`, `2026-Q4`, `2026`, or
 *   `2026-11-16..2026-11-29` for a range (both days inclusive).
 */
export type Period = {
  kind: PeriodKind | 'range';
  key: string;
  start: Date;
  end: Date;
};

const pad2 = (n: number): string => String(n).padStart(2, '0');
const yearText = (y: number): string => String(y).padStart(4, '0');
const MIN_YEAR = 1000;

/** Number of ISO weeks (52 or 53) in ISO week-numbering year `year`. */
export function isoWeeksInYear(year: number): number {
  const jan1 = isoWeekdayOfKey(`${yearText(year)}-01-01`);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
}

/** Monday (date key) of ISO week 1 of `year`: the week that holds 4 January. */
function isoWeekOneMonday(year: number): string {
  const jan4 = `${yearText(year)}-01-04`;
  return addDaysToKey(jan4, 1 - isoWeekdayOfKey(jan4));
}

/** Builds a period from its first day and its exclusive end day (date keys). */
function build(kind: Period['kind'], key: string, fromKey: string, toKeyExclusive: string, tz: string): Period {
  return { kind, key, start: startOfDayKey(fromKey, tz), end: startOfDayKey(toKeyExclusive, tz) };
}

function weekPeriod(isoYear: number, week: number, tz: string): Period {
  const monday = addDaysToKey(isoWeekOneMonday(isoYear), 7 * (week - 1));
  return build('week', `${yearText(isoYear)}-W${pad2(week)}`, monday, addDaysToKey(monday, 7), tz);
}

function monthPeriod(year: number, month: number, tz: string): Period {
  const next = month === 12 ? `${yearText(year + 1)}-01-01` : `${yearText(year)}-${pad2(month + 1)}-01`;
  return build('month', `${yearText(year)}-${pad2(month)}`, `${yearText(year)}-${pad2(month)}-01`, next, tz);
}

function quarterPeriod(year: number, quarter: number, tz: string): Period {
  const firstMonth = 3 * (quarter - 1) + 1;
  const from = `${yearText(year)}-${pad2(firstMonth)}-01`;
  const to = quarter === 4 ? `${yearText(year + 1)}-01-01` : `${yearText(year)}-${pad2(firstMonth + 3)}-01`;
  return build('quarter', `${yearText(year)}-Q${quarter}`, from, to, tz);
}

function yearPeriod(year: number, tz: string): Period {
  return build('year', yearText(year), `${yearText(year)}-01-01`, `${yearText(year + 1)}-01-01`, tz);
}

function rangePeriod(fromKey: string, lastKey: string, tz: string): Period {
  return build('range', `${fromKey}..${lastKey}`, fromKey, addDaysToKey(lastKey, 1), tz);
}

/** ISO week-numbering year and week of a date key. */
function isoWeekOfKey(key: string): { isoYear: number; week: number } {
  const thursday = addDaysToKey(key, 4 - isoWeekdayOfKey(key));
  const isoYear = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetweenKeys(`${thursday.slice(0, 4)}-01-01`, thursday) / 7) + 1;
  return { isoYear, week };
}

const WEEK = /^(\d{4})-W(\d{2})$/i;
const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/i;
const YEAR = /^(\d{4})$/;
const RANGE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

/**
 * Reads a period written as `2026-W47` (ISO week), `2026-11` (month), `2026-Q4` (quarter),
 * `2026` (year) or `2026-11-16..2026-11-29` (whole days, both inclusive), anchored in `tz`.
 * The input is trimmed; the letters `W` and `Q` may be lower case (the key is canonical).
 * Anything else is `PERIOD.INVALID` with `{ text }` (the trimmed input): month 13, week 53 of a 52-week year,
 * `2026-02-30`, a range that ends before it starts, years before 1000, and so on.
 * @throws RangeError when `tz` is not a known time zone (a configuration fault).
 */
export function parsePeriod(text: string, tz: string): Result<Period> {
  const input = typeof text === 'string' ? text.trim() : '';
  const invalid = () => fail<Period>('PERIOD.INVALID', { text: input });

  let match = WEEK.exec(input);
  if (match) {
    const year = Number(match[1]);
    const week = Number(match[2]);
    if (year < MIN_YEAR || week < 1 || week > isoWeeksInYear(year)) return invalid();
    return ok(weekPeriod(year, week, tz));
  }
  match = MONTH.exec(input);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    if (year < MIN_YEAR || month < 1 || month > 12) return invalid();
    return ok(monthPeriod(year, month, tz));
  }
  match = QUARTER.exec(input);
  if (match) {
    const year = Number(match[1]);
    if (year < MIN_YEAR) return invalid();
    return ok(quarterPeriod(year, Number(match[2]), tz));
  }
  match = YEAR.exec(input);
  if (match) {
    const year = Number(match[1]);
    if (year < MIN_YEAR) return invalid();
    return ok(yearPeriod(year, tz));
  }
  match = RANGE.exec(input);
  if (match) {
    const from = match[1]!;
    const last = match[2]!;
    if (!isDateKey(from) || !isDateKey(last)) return invalid();
    if (Number(from.slice(0, 4)) < MIN_YEAR || daysBetweenKeys(from, last) < 0) return invalid();
    return ok(rangePeriod(from, last, tz));
  }
  return invalid();
}

/** The week, month, quarter or year that holds the instant `at` in `tz`. */
export function periodContaining(kind: PeriodKind, at: Date, tz: string): Period {
  const key = localDateKey(at, tz);
  const year = Number(key.slice(0, 4));
  const month = Number(key.slice(5, 7));
  switch (kind) {
    case 'week': {
      const { isoYear, week } = isoWeekOfKey(key);
      return weekPeriod(isoYear, week, tz);
    }
    case 'month':
      return monthPeriod(year, month, tz);
    case 'quarter':
      return quarterPeriod(year, Math.floor((month - 1) / 3) + 1, tz);
    case 'year':
      return yearPeriod(year, tz);
    default: {
      const never: never = kind;
      throw new RangeError(`Unknown period kind: ${String(never)}`);
    }
  }
}

/** First day and last day (inclusive) of a period, as date keys in `tz`. */
export function periodDays(p: Period, tz: string): { first: string; last: string; days: number } {
  const first = localDateKey(p.start, tz);
  const endKey = localDateKey(p.end, tz);
  return { first, last: addDaysToKey(endKey, -1), days: daysBetweenKeys(first, endKey) };
}

/**
 * The period of the same kind just before `p`: the previous week, month, quarter or year; for a
 * range, the range of the same number of days that ends the day before `p` starts.
 */
export function previousPeriod(p: Period, tz: string): Period {
  if (p.kind === 'range') {
    const { first, days } = periodDays(p, tz);
    return rangePeriod(addDaysToKey(first, -days), addDaysToKey(first, -1), tz);
  }
  const dayBefore = addDaysToKey(localDateKey(p.start, tz), -1);
  return periodContaining(p.kind, startOfDayKey(dayBefore, tz), tz);
}

/** True when the instant `at` falls in `p` (`start` ≤ `at` < `end`). */
export function inPeriod(p: Period, at: Date): boolean {
  const t = at.getTime();
  return t >= p.start.getTime() && t < p.end.getTime();
}

/**
 * Calendar days left in `p` at `now`, counting today: on the last day 1, after the end 0,
 * before the start the whole length of the period. Days are local days in `tz`.
 */
export function daysLeft(p: Period, now: Date, tz: string): number {
  const { first, days } = periodDays(p, tz);
  const today = localDateKey(now, tz);
  const sinceStart = daysBetweenKeys(first, today);
  if (sinceStart < 0) return days;
  return Math.max(0, days - sinceStart);
}

/**
 * The fraction of `p` elapsed at `now`, from 0 (at or before the start) to 1 (at or after the
 * end), measured in time, for a linear pace: the expected count by now is `target × fraction`.
 */
export function elapsedFraction(p: Period, now: Date): number {
  const total = p.end.getTime() - p.start.getTime();
  if (total <= 0) return 1;
  const fraction = (now.getTime() - p.start.getTime()) / total;
  return Math.min(1, Math.max(0, fraction));
}
