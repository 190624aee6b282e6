/**
 * Time in the office's zone: periods (`2026-W47`, `2026-11`, `2026-Q4`, `2026`,
 * `2026-11-16..2026-11-29`), local days and times, and the working calendar.
 * Pure: no I/O, no clock (callers pass `now`).
 */
export {
  type Period,
  parsePeriod,
  periodContaining,
  previousPeriod,
  periodDays,
  inPeriod,
  daysLeft,
  elapsedFraction,
  isoWeeksInYear,
} from './period.ts';
export {
  isValidTimeZone,
  isDateKey,
  isTimeOfDay,
  addDaysToKey,
  daysBetweenKeys,
  isoWeekdayOfKey,
  startOfDayIn,
  startOfDayKey,
  localDateKey,
  atLocalTime,
  formatLocal,
  parseLocalDateTime,
} from './zoned.ts';
export {
  type WorkCalendar,
  MAX_SEARCH_DAYS,
  defaultCalendar,
  isWorkingDay,
  isWorkingTime,
  nextWorkingTime,
  addWorkingDays,
  workingDaysBetween,
  lastWorkingDaysOf,
} from './calendar.ts';
