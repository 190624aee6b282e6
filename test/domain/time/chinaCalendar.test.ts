/**
 * China's working calendar: public holidays and 调休 working days come from the chinese-days
 * package, and a rules file replaces or adds whole years. Real dates of 2026 (国务院办公厅,
 * 国办发明电〔2025〕7号).
 */
import { describe, expect, it } from 'vitest';
import { officeCalendar } from '../../../src/domain/reminders/officeCalendar.ts';
import { defaultRules } from '../../../src/domain/rules/defaults.ts';
import { rulesSchema, type Rules } from '../../../src/domain/rules/schema.ts';
import { addDaysToKey, isWorkingDay, isWorkingTime, nextWorkingTime, workingDaysBetween } from '../../../src/domain/time/index.ts';
import { knownHolidayYears, PACKAGED_HOLIDAY_YEARS } from '../../../src/domain/time/publicHolidays.ts';

const SH = 'Asia/Shanghai';
const calendar = (rules: Rules = defaultRules) => officeCalendar(rules, SH);
const withCalendar = (holidays: string[], workingDays: string[]) => rulesSchema.parse({ calendar: { holidays, workingDays } });
const days = (from: string, count: number) => Array.from({ length: count }, (_, i) => addDaysToKey(from, i));

describe('the built-in calendar knows China’s public holidays', () => {
  it('国庆 2026: 1–7 October are rest days, and Saturday 10 October is worked (调休)', () => {
    for (const day of days('2026-10-01', 7)) expect([day, isWorkingDay(day, calendar())]).toEqual([day, false]);
    expect(isWorkingDay('2026-10-08', calendar())).toBe(true);
    expect(isWorkingDay('2026-10-10', calendar())).toBe(true);
    expect(isWorkingDay('2026-10-11', calendar())).toBe(false);
  });

  it('the 调休 weekend days of 2026 are working days', () => {
    // From the package's data for 2026: New Year, Spring Festival (twice), Labour Day, National Day (twice).
    for (const day of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      expect([day, isWorkingDay(day, calendar())]).toEqual([day, true]);
    }
  });

  it('春节 2026: 15–23 February are rest days; the weekdays among them included', () => {
    for (const day of days('2026-02-15', 9)) expect([day, isWorkingDay(day, calendar())]).toEqual([day, false]);
    expect(isWorkingDay('2026-02-24', calendar())).toBe(true);
    // February 2026: 20 weekdays, 6 of them in the holiday (16–20 and 23), 2 Saturdays worked: 16 working days.
    expect(workingDaysBetween('2026-02-01', '2026-03-01', calendar())).toBe(16);
  });

  it('a reminder due on the eve of 国庆 waits for the first working morning after it', () => {
    const eve = new Date('2026-09-30T10:00:00Z'); // Wednesday 18:00 in Shanghai, after hours
    expect(isWorkingTime(new Date('2026-10-02T02:00:00Z'), calendar())).toBe(false);
    expect(nextWorkingTime(eve, calendar())).toEqual(new Date('2026-10-08T00:30:00Z'));
  });

  it('knows the years the package carries', () => {
    expect(PACKAGED_HOLIDAY_YEARS).toContain('2026');
    expect(knownHolidayYears(defaultRules.calendar).has('2026')).toBe(true);
  });
});

describe('the rules file replaces or adds whole years', () => {
  it('a year the rules list is the rules’ alone: the package’s dates for it are not used', () => {
    const rules = withCalendar(['2026-10-01'], ['2026-10-11']);
    expect(isWorkingDay('2026-10-01', calendar(rules))).toBe(false);
    expect(isWorkingDay('2026-10-02', calendar(rules))).toBe(true);
    expect(isWorkingDay('2026-10-10', calendar(rules))).toBe(false);
    expect(isWorkingDay('2026-10-11', calendar(rules))).toBe(true);
    // Other years keep the package's dates.
    expect(isWorkingDay('2025-10-01', calendar(rules))).toBe(false);
  });

  it('a year the package does not carry is added by the rules', () => {
    const year = String(Number(PACKAGED_HOLIDAY_YEARS.at(-1)) + 1);
    expect(knownHolidayYears(defaultRules.calendar).has(year)).toBe(false);
    const rules = withCalendar([`${year}-10-01`, `${year}-10-04`], [`${year}-09-26`]);
    expect(knownHolidayYears(rules.calendar).has(year)).toBe(true);
    expect(isWorkingDay(`${year}-10-01`, calendar(rules))).toBe(false);
    expect(isWorkingDay(`${year}-10-04`, calendar(rules))).toBe(false);
    expect(isWorkingDay(`${year}-09-26`, calendar(rules))).toBe(true);
    expect(isWorkingDay('2026-10-01', calendar(rules))).toBe(false);
  });
});
