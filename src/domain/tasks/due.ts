/**
 * Due times as people write them for instructions and commissions: `2026-11-30` or
 * `2026-11-30T17:00`.
 */
import type { Rules } from '../rules/schema.ts';
import { atLocalTime, isDateKey, parseLocalDateTime } from '../time/index.ts';

const HOUR = 3600_000;

/**
 * Reads a due time in the office's zone. A bare date means "by the end of that working day":
 * the end of the calendar's last working-hours span (17:30 with the built-in hours); a date and
 * time (`2026-11-30T17:00`, `2026-11-30 17:00`) is that local time. Null when unreadable.
 */
export function parseDue(text: string, timezone: string, rules: Rules): Date | null {
  const trimmed = text.trim();
  if (isDateKey(trimmed)) return atLocalTime(trimmed, rules.calendar.hours.at(-1)?.end ?? '23:59', timezone);
  return parseLocalDateTime(trimmed, timezone);
}

/** `hours` after `from`. */
export const hoursAfter = (from: Date, hours: number): Date => new Date(from.getTime() + hours * HOUR);
