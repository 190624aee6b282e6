import type { Rules } from '../rules/schema.ts';
import type { WorkCalendar } from '../time/index.ts';

/**
 * The office's working calendar from its rules (`calendar`: workdays, working hours, holidays and
 * the weekend days swapped into working days, 调休), in the office's time zone `timezone` (the
 * one periods and times are shown in, XINBAO_TZ), so that working days and periods agree.
 */
export function officeCalendar(rules: Rules, timezone: string): WorkCalendar {
  const { workdays, hours, holidays, workingDays } = rules.calendar;
  return { tz: timezone, workdays: [...workdays], hours: hours.map((span) => ({ ...span })), holidays: [...holidays], workingDays: [...workingDays] };
}
