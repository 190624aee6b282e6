/**
 * The office's working calendar: which local days are working days (weekdays, minus official
 * holidays, plus the weekend days swapped into working days — 调休) and the working hours of
 * such a day. Reminders other than urgent ones go out only in working time.
 */
import type { Period } from './period.ts';
import { addDaysToKey, atLocalTime, daysBetweenKeys, isDateKey, isoWeekdayOfKey, localDateKey } from './zoned.ts';

/**
 * An office's working calendar.
 * - `tz`: IANA time zone of the office (e.g. `Asia/Shanghai`);
 * - `workdays`: ISO days of the week that are normally worked, 1 = Monday … 7 = Sunday;
 * - `hours`: the working windows of a working day, local `HH:mm`, each `start` inclusive and
 *   `end` exclusive (a window whose end is not after its start is empty);
 * - `holidays`: local days off (`YYYY-MM-DD`), even when they fall on a workday;
 * - `workingDays`: local days worked although not in `workdays` (调休, e.g. a swapped Sunday).
 *
 * A day listed both as a holiday and as a working day is treated as a holiday.
 */
export type WorkCalendar = {
  tz: string;
  workdays: number[];
  hours: { start: string; end: string }[];
  holidays: string[];
  workingDays: string[];
};

/** How far ahead (or back) a search for a working day or time looks before giving up. */
export const MAX_SEARCH_DAYS = 400;

/**
 * The default calendar in `tz`: Monday to Friday, 08:30–12:00 and 14:30–17:30,
 * no holidays and no swapped working days (an office adds its own).
 */
export function defaultCalendar(tz: string): WorkCalendar {
  return { tz, workdays: [...DEFAULT_WORKDAYS], hours: DEFAULT_HOURS.map((window) => ({ ...window })), holidays: [], workingDays: [] };
}

/** Monday to Friday (ISO weekdays 1–5). */
export const DEFAULT_WORKDAYS: readonly number[] = [1, 2, 3, 4, 5];
/** The usual government office hours: 08:30–12:00 and 14:30–17:30. */
export const DEFAULT_HOURS: readonly { start: string; end: string }[] = [
  { start: '08:30', end: '12:00' },
  { start: '14:30', end: '17:30' },
];

function assertKey(key: string): void {
  if (!isDateKey(key)) throw new RangeError(`Invalid date key: ${key}`);
}

/** Each list of days as a set, made once per list: a calendar carries China's holidays of twenty years. */
const daySets = new WeakMap<readonly string[], Set<string>>();
function daySet(days: readonly string[]): Set<string> {
  let set = daySets.get(days);
  if (!set) {
    set = new Set(days);
    daySets.set(days, set);
  }
  return set;
}

function isWorkingKey(key: string, cal: WorkCalendar): boolean {
  if (daySet(cal.holidays).has(key)) return false;
  if (daySet(cal.workingDays).has(key)) return true;
  return cal.workdays.includes(isoWeekdayOfKey(key));
}

/** The working windows of local day `key` as instants, earliest first (empty ones left out). */
function windowsOf(key: string, cal: WorkCalendar): { start: Date; end: Date }[] {
  return cal.hours
    .map((h) => ({ start: atLocalTime(key, h.start, cal.tz), end: atLocalTime(key, h.end, cal.tz) }))
    .filter((w) => w.end.getTime() > w.start.getTime())
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}

/**
 * Whether a day is a working day: `date` is either a date key `'YYYY-MM-DD'` or an instant, whose
 * local day in `cal.tz` is taken.
 */
export function isWorkingDay(date: Date | string, cal: WorkCalendar): boolean {
  const key = typeof date === 'string' ? date : localDateKey(date, cal.tz);
  assertKey(key);
  return isWorkingKey(key, cal);
}

/** Whether `instant` falls on a working day inside one of its working windows. */
export function isWorkingTime(instant: Date, cal: WorkCalendar): boolean {
  const key = localDateKey(instant, cal.tz);
  if (!isWorkingKey(key, cal)) return false;
  const t = instant.getTime();
  return windowsOf(key, cal).some((w) => t >= w.start.getTime() && t < w.end.getTime());
}

/**
 * `instant` itself when it is working time; otherwise the start of the next working window
 * (e.g. Friday 18:00 → Monday 08:30, 12:30 → 14:30 the same day, a holiday → the first window
 * of the next working day).
 * @throws Error when no working time exists within {@link MAX_SEARCH_DAYS} days (a calendar
 *   with no workdays, no hours, or an endless run of holidays).
 */
export function nextWorkingTime(instant: Date, cal: WorkCalendar): Date {
  const t = instant.getTime();
  const today = localDateKey(instant, cal.tz);
  for (let offset = 0; offset <= MAX_SEARCH_DAYS; offset++) {
    const key = addDaysToKey(today, offset);
    if (!isWorkingKey(key, cal)) continue;
    for (const w of windowsOf(key, cal)) {
      if (t < w.start.getTime()) return w.start;
      if (t < w.end.getTime()) return new Date(t);
    }
  }
  throw new Error(`No working time within ${MAX_SEARCH_DAYS} days after ${instant.toISOString()} in the office calendar`);
}

/**
 * The working day `n` working days after local day `dateKey` (before it when `n` is negative);
 * `dateKey` itself does not count, and `n = 0` returns `dateKey` unchanged even when it is not a
 * working day. Friday + 1 → Monday (without holidays).
 * @throws Error when a step finds no working day within {@link MAX_SEARCH_DAYS} days.
 */
export function addWorkingDays(dateKey: string, n: number, cal: WorkCalendar): string {
  assertKey(dateKey);
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of days: ${n}`);
  const step = n < 0 ? -1 : 1;
  let key = dateKey;
  for (let left = Math.abs(n); left > 0; left--) {
    let tries = 0;
    do {
      key = addDaysToKey(key, step);
      if (++tries > MAX_SEARCH_DAYS) {
        throw new Error(`No working day within ${MAX_SEARCH_DAYS} days of ${dateKey} in the office calendar`);
      }
    } while (!isWorkingKey(key, cal));
  }
  return key;
}

/**
 * The number of working days from `fromKey` (included) to `toKeyExclusive` (excluded);
 * 0 when `toKeyExclusive` is not after `fromKey`.
 */
export function workingDaysBetween(fromKey: string, toKeyExclusive: string, cal: WorkCalendar): number {
  assertKey(fromKey);
  assertKey(toKeyExclusive);
  const days = daysBetweenKeys(fromKey, toKeyExclusive);
  let count = 0;
  for (let i = 0; i < days; i++) {
    if (isWorkingKey(addDaysToKey(fromKey, i), cal)) count++;
  }
  return count;
}

/**
 * The last `n` working days of period `p` (local days in `cal.tz`), as date keys in calendar
 * order; fewer when the period has fewer working days, none when `n` ≤ 0. Used to remind units
 * below pace before the period ends.
 */
export function lastWorkingDaysOf(p: Period, n: number, cal: WorkCalendar): string[] {
  const first = localDateKey(p.start, cal.tz);
  const endKey = localDateKey(p.end, cal.tz);
  const found: string[] = [];
  let key = addDaysToKey(endKey, -1);
  while (found.length < n && daysBetweenKeys(first, key) >= 0) {
    if (isWorkingKey(key, cal)) found.push(key);
    key = addDaysToKey(key, -1);
  }
  return found.reverse();
}
