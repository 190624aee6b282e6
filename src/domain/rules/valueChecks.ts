/**
 * Small checks of the values a rules file holds: codes, times of day, dates, time zones,
 * weekday times and cron expressions. Pure; the rules schema (schema.ts) is built on them.
 */

export const CODE_PATTERN = /^[a-z0-9-]+$/;
export const HHMM_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
export const WEEKDAY_TIME_PATTERN = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** `true` for a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is refused). */
export function isRealDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** `true` for an IANA time zone this runtime knows, such as `Asia/Shanghai`. */
export function isTimeZone(text: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: text });
    return true;
  } catch {
    return false;
  }
}

/** Minutes since midnight of a valid `HH:mm`. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** `'Mon 09:00'` → `{ isoWeekday: 1, hour: 9, minute: 0 }`; undefined when malformed. */
export function parseWeekdayTime(text: string): { isoWeekday: number; hour: number; minute: number } | undefined {
  const m = WEEKDAY_TIME_PATTERN.exec(text);
  if (!m) return undefined;
  return {
    isoWeekday: WEEKDAY_NAMES.indexOf(m[1] as (typeof WEEKDAY_NAMES)[number]) + 1,
    hour: Number(m[2]),
    minute: Number(m[3]),
  };
}

const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'], base: 1 },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], base: 0 },
] as const;

/**
 * Why `text` is not a 5-field cron expression (minute hour day-of-month month day-of-week, as
 * node-cron reads them without the optional seconds field), or undefined when it is one.
 * Each field is `*` or a comma list of `N`, `N-M`, `*\/S` or `N-M/S`; months and weekdays may be
 * written as names (JAN, MON); weekday 0 and 7 are both Sunday.
 */
export function cronProblem(text: string): string | undefined {
  const example = 'e.g. "0 9 * * 1" for Mondays at 09:00';
  const fields = text
    .trim()
    .split(/\s+/)
    .filter((f) => f !== '');
  if (fields.length !== 5) {
    return `Must be a cron expression with 5 fields (minute hour day-of-month month day-of-week), ${example}; this one has ${fields.length}.`;
  }
  for (let i = 0; i < 5; i++) {
    const spec = CRON_FIELDS[i];
    const names: readonly string[] = 'names' in spec ? spec.names : [];
    const base = 'base' in spec ? spec.base : 0;
    const value = (token: string): number | undefined => {
      if (/^\d+$/.test(token)) return Number(token);
      const at = names.indexOf(token.toUpperCase());
      return at >= 0 ? at + base : undefined;
    };
    for (const part of fields[i].split(',')) {
      const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
      const bad = `The ${spec.name} field "${fields[i]}" of the cron expression is not valid; ${example}.`;
      if (!m) return bad;
      if (m[2] !== undefined && Number(m[2]) < 1) return bad;
      if (m[1] === '*') continue;
      const [from, to] = m[1].split('-').map(value);
      if (from === undefined || (m[1].includes('-') && to === undefined)) return bad;
      for (const v of to === undefined ? [from] : [from, to]) {
        if (v < spec.min || v > spec.max) {
          return `The ${spec.name} field "${fields[i]}" of the cron expression is out of range (${spec.min}–${spec.max}); ${example}.`;
        }
      }
      if (to !== undefined && to < from) return bad;
    }
  }
  return undefined;
}
