import type { Rules } from '../rules/schema.ts';
import type { WorkCalendar } from '../time/index.ts';
import { holidayCalendar } from '../time/publicHolidays.ts';

/**
 * The office's working calendar from its rules (`calendar`: workdays, working hours, and China's
 * public holidays and 调休 working days — from the chinese-days package, each year the rules list
 * dates in replaced by theirs), in the office's time zone `timezone` (the one periods and times
 * are shown in, XINBAO_TZ), so that working days and periods agree.
 */
export function officeCalendar(rules: Rules, timezone: string): WorkCalendar {
  const { workdays, hours } = rules.calendar;
  const { holidays, workingDays } = holidayCalendar(rules.calendar);
  return { tz: timezone, workdays: [...workdays], hours: hours.map((span) => ({ ...span })), holidays, workingDays };
}
