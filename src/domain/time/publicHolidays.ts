/**
 * China's public holidays (法定节假日) and the weekend days worked in exchange (调休上班日), year by
 * year, from the `chinese-days` package (MIT), which follows the State Council General Office's
 * yearly notice. A rules file replaces a year or adds one: a year in which the rules list any
 * holiday or working day is the rules' alone (see docs/rules.md, "The working calendar").
 */
import packaged from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

export type HolidayDays = { holidays: string[]; workingDays: string[] };

const yearOf = (day: string) => day.slice(0, 4);

function byYear(days: HolidayDays): Map<string, HolidayDays> {
  const years = new Map<string, HolidayDays>();
  const of = (day: string) => years.get(yearOf(day)) ?? years.set(yearOf(day), { holidays: [], workingDays: [] }).get(yearOf(day))!;
  for (const day of days.holidays) of(day).holidays.push(day);
  for (const day of days.workingDays) of(day).workingDays.push(day);
  return years;
}

const PACKAGED = byYear({ holidays: Object.keys(packaged.holidays), workingDays: Object.keys(packaged.workdays) });

/** The years the installed package carries, oldest first. */
export const PACKAGED_HOLIDAY_YEARS: readonly string[] = [...PACKAGED.keys()].sort();

const merged = new WeakMap<HolidayDays, HolidayDays>();

/**
 * The office's holidays and 调休 working days: the package's, year by year, except the years the
 * rules list dates in, which are the rules' alone (a correction or a year the package lacks).
 */
export function holidayCalendar(rules: HolidayDays): HolidayDays {
  const cached = merged.get(rules);
  if (cached) return cached;
  const own = byYear(rules);
  const days: HolidayDays = { holidays: [...rules.holidays], workingDays: [...rules.workingDays] };
  for (const [year, packagedDays] of PACKAGED) {
    if (own.has(year)) continue;
    days.holidays.push(...packagedDays.holidays);
    days.workingDays.push(...packagedDays.workingDays);
  }
  merged.set(rules, days);
  return days;
}

/** The years whose holidays are known: those the package carries and those the rules list. */
export function knownHolidayYears(rules: HolidayDays): Set<string> {
  return new Set([...PACKAGED_HOLIDAY_YEARS, ...byYear(rules).keys()]);
}
