/**
 * Instants and local calendar days in an office's time zone.
 *
 * Two kinds of value are used throughout the time module:
 * - an instant is a plain `Date` (always returned as a plain `Date`, never a `TZDate`, so that
 *   `toISOString()` and equality behave the usual way);
 * - a local calendar day is a date key `'YYYY-MM-DD'`, which has no time zone of its own; the
 *   arithmetic on keys below is pure calendar arithmetic and never depends on the host's zone.
 *
 * All time-zone arithmetic goes through `@date-fns/tz`, so zones with daylight saving time are
 * handled too (a local time that does not exist is moved forward by the gap, as `TZDate` does).
 */
import { TZDate, tz as inZone } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { startOfDay } from 'date-fns/startOfDay';

const DATE_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MS = 86_400_000;

const checkedZones = new Set<string>();

/** True when `tz` is an IANA time-zone name this runtime knows (e.g. `Asia/Shanghai`). */
export function isValidTimeZone(tz: string): boolean {
  if (checkedZones.has(tz)) return true;
  if (typeof tz !== 'string' || tz.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    return false;
  }
  checkedZones.add(tz);
  return true;
}

function assertZone(tz: string): void {
  if (!isValidTimeZone(tz)) throw new RangeError(`Unknown time zone: ${tz}`);
}

function assertInstant(date: Date): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError('Invalid date');
  }
}

/** Number of days in a month (`month` 1–12) of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The parts of a valid date key, or null. */
function keyParts(key: string): { y: number; m: number; d: number } | null {
  const match = DATE_KEY.exec(key);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

function mustKeyParts(key: string): { y: number; m: number; d: number } {
  const parts = keyParts(key);
  if (!parts) throw new RangeError(`Invalid date key: ${key}`);
  return parts;
}

function minutesOf(hhmm: string): { h: number; min: number } {
  const match = HH_MM.exec(hhmm);
  if (!match) throw new RangeError(`Invalid time of day (HH:mm expected): ${hhmm}`);
  return { h: Number(match[1]), min: Number(match[2]) };
}

function keyToUtcMs(key: string): number {
  const { y, m, d } = mustKeyParts(key);
  return Date.UTC(y, m - 1, d);
}

function utcMsToKey(ms: number): string {
  const date = new Date(ms);
  const y = String(date.getUTCFullYear()).padStart(4, '0');
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** True when `key` is a real calendar day written `YYYY-MM-DD` (so `2026-02-30` is refused). */
export function isDateKey(key: string): boolean {
  return keyParts(key) !== null;
}

/** True when `text` is a time of day written `HH:mm` (00:00–23:59). */
export function isTimeOfDay(text: string): boolean {
  return HH_MM.test(text);
}

/**
 * The date key `n` calendar days after `key` (`n` may be negative).
 * @throws RangeError when `key` is not a valid date key.
 */
export function addDaysToKey(key: string, n: number): string {
  return utcMsToKey(keyToUtcMs(key) + n * DAY_MS);
}

/**
 * Calendar days from `fromKey` to `toKey` (`toKey − fromKey`; negative when `toKey` is earlier).
 * @throws RangeError when a key is not a valid date key.
 */
export function daysBetweenKeys(fromKey: string, toKey: string): number {
  return Math.round((keyToUtcMs(toKey) - keyToUtcMs(fromKey)) / DAY_MS);
}

/**
 * ISO day of the week of a date key: 1 = Monday … 7 = Sunday.
 * @throws RangeError when `key` is not a valid date key.
 */
export function isoWeekdayOfKey(key: string): number {
  const day = new Date(keyToUtcMs(key)).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The instant the local day containing `date` starts in `tz` (local 00:00, or the first
 * existing instant of that day in a zone that skips midnight).
 */
export function startOfDayIn(date: Date, tz: string): Date {
  assertInstant(date);
  assertZone(tz);
  return new Date(startOfDay(date, { in: inZone(tz) }).getTime());
}

/** The local calendar day of the instant `date` in `tz`, as `'YYYY-MM-DD'`. */
export function localDateKey(date: Date, tz: string): string {
  assertInstant(date);
  assertZone(tz);
  const parts = dayFormatter(tz).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((each) => each.type === type)?.value ?? '';
  // Years before the common era are left to date-fns (they never occur in an office's work).
  if (part('era') !== 'AD') return format(date, 'yyyy-MM-dd', { in: inZone(tz) });
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/**
 * One formatter per zone for local calendar days. Every update asks for a few (the period, the
 * days left), and building a formatter, or a `TZDate`, each time was a tenth of an update's CPU.
 */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();
function dayFormatter(tz: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(tz);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', era: 'short' });
    dayFormatters.set(tz, formatter);
  }
  return formatter;
}

/**
 * The instant at local time `hhmm` (`'HH:mm'`) on local day `dateKey` in `tz`.
 * `atLocalTime('2026-11-16', '00:00', 'Asia/Shanghai')` is `2026-11-15T16:00:00Z`.
 * @throws RangeError on a malformed date key, time of day or zone.
 */
export function atLocalTime(dateKey: string, hhmm: string, tz: string): Date {
  const { y, m, d } = mustKeyParts(dateKey);
  const { h, min } = minutesOf(hhmm);
  assertZone(tz);
  return new Date(new TZDate(y, m - 1, d, h, min, tz).getTime());
}

/** The instant local day `dateKey` starts in `tz` (its local 00:00). */
export function startOfDayKey(dateKey: string, tz: string): Date {
  const key = `${tz}|${dateKey}`;
  let ms = dayStarts.get(key);
  if (ms === undefined) {
    ms = atLocalTime(dateKey, '00:00', tz).getTime();
    if (dayStarts.size >= DAY_STARTS_KEPT) dayStarts.clear();
    dayStarts.set(key, ms);
  }
  return new Date(ms);
}

/** Days whose start was worked out already (a zone's rules do not change while the process runs). */
const dayStarts = new Map<string, number>();
const DAY_STARTS_KEPT = 4096;

/**
 * Formats an instant in local time of `tz` with a date-fns pattern
 * (default `yyyy-MM-dd HH:mm`, e.g. `2026-11-30 17:00`).
 */
export function formatLocal(date: Date, tz: string, pattern = 'yyyy-MM-dd HH:mm'): string {
  assertInstant(date);
  assertZone(tz);
  return format(date, pattern, { in: inZone(tz) });
}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?$/;
const ISO_WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/i;

/**
 * Reads a date or date-time a person typed, in the office's zone `tz`. Accepted (after trimming):
 * - `2026-11-30` — a bare date means **00:00 local** of that day (the start of the day, not its
 *   end); a caller that wants "by the end of the day" must move it itself;
 * - `2026-11-30T17:00` or `2026-11-30 17:00` — that local time in `tz`;
 * - a full ISO 8601 date-time with `Z` or an offset (`2026-11-30T09:00:00Z`,
 *   `2026-11-30T17:00+08:00`, seconds and fractions optional) — taken as is, `tz` is ignored.
 *
 * Impossible dates and times (`2026-02-30`, `24:00`, `17:60`) give null, as does anything else.
 */
export function parseLocalDateTime(text: string, tz: string): Date | null {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const local = LOCAL_DATE_TIME.exec(trimmed);
  if (local) {
    const dateKey = local[1]!;
    const time = local[2] ?? '00:00';
    if (!isDateKey(dateKey) || !isTimeOfDay(time)) return null;
    return atLocalTime(dateKey, time, tz);
  }
  const iso = ISO_WITH_OFFSET.exec(trimmed);
  if (iso) {
    const [, dateKey, hh, mm, ss, , oh, om] = iso;
    if (!isDateKey(dateKey!)) return null;
    if (Number(hh) > 23 || Number(mm) > 59 || (ss !== undefined && Number(ss) > 59)) return null;
    if (oh !== undefined && (Number(oh) > 23 || Number(om) > 59)) return null;
    const ms = Date.parse(trimmed.toUpperCase());
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  return null;
}
