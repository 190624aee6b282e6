import { describe, it, expect } from 'vitest';
import {
  addWorkingDays,
  defaultCalendar,
  isWorkingDay,
  isWorkingTime,
  lastWorkingDaysOf,
  nextWorkingTime,
  workingDaysBetween,
  type WorkCalendar,
} from '../../../src/domain/time/calendar.ts';
import { parsePeriod, type Period } from '../../../src/domain/time/period.ts';

const SH = 'Asia/Shanghai';

/**
 * A made-up calendar for the tests (not the official dates): National Day 2026 off from Thu 1 to
 * Wed 7 October, with Sun 27 September and Sat 10 October swapped into working days.
 */
const nationalDay: WorkCalendar = {
  ...defaultCalendar(SH),
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workingDays: ['2026-09-27', '2026-10-10'],
};

/** An instant written in Shanghai local time. */
const sh = (local: string) => new Date(`${local}+08:00`);

function period(text: string): Period {
  const r = parsePeriod(text, SH);
  if (!r.ok) throw new Error(text);
  return r.value;
}

describe('defaultCalendar', () => {
  it('is Monday to Friday, 08:30–12:00 and 14:30–17:30, no holidays', () => {
    expect(defaultCalendar(SH)).toEqual({
      tz: SH,
      workdays: [1, 2, 3, 4, 5],
      hours: [
        { start: '08:30', end: '12:00' },
        { start: '14:30', end: '17:30' },
      ],
      holidays: [],
      workingDays: [],
    });
  });
});

describe('isWorkingDay', () => {
  const cal = defaultCalendar(SH);

  it('takes weekdays as working days and weekends as days off', () => {
    expect(isWorkingDay('2026-11-20', cal)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-21', cal)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-22', cal)).toBe(false); // Sunday
  });

  it('takes the local day of an instant', () => {
    // Fri 20 Nov 23:00 UTC is Sat 21 Nov 07:00 in Shanghai
    expect(isWorkingDay(new Date('2026-11-20T23:00:00Z'), cal)).toBe(false);
    expect(isWorkingDay(new Date('2026-11-20T23:00:00Z'), defaultCalendar('UTC'))).toBe(true);
  });

  it('skips holidays and counts swapped weekend days (调休)', () => {
    expect(isWorkingDay('2026-10-01', nationalDay)).toBe(false); // Thursday, holiday
    expect(isWorkingDay('2026-10-07', nationalDay)).toBe(false); // Wednesday, holiday
    expect(isWorkingDay('2026-10-08', nationalDay)).toBe(true);
    expect(isWorkingDay('2026-09-27', nationalDay)).toBe(true); // swapped Sunday
    expect(isWorkingDay('2026-10-10', nationalDay)).toBe(true); // swapped Saturday
    expect(isWorkingDay('2026-10-11', nationalDay)).toBe(false); // ordinary Sunday
  });

  it('lets a holiday win over a swapped working day listed for the same day', () => {
    expect(isWorkingDay('2026-10-10', { ...nationalDay, holidays: ['2026-10-10'] })).toBe(false);
  });

  it('refuses a malformed day', () => {
    expect(() => isWorkingDay('2026-10-32', cal)).toThrow(RangeError);
  });
});

describe('isWorkingTime', () => {
  const cal = defaultCalendar(SH);

  it('is inside the working windows of a working day, start included, end excluded', () => {
    expect(isWorkingTime(sh('2026-11-18T08:29:59'), cal)).toBe(false);
    expect(isWorkingTime(sh('2026-11-18T08:30'), cal)).toBe(true);
    expect(isWorkingTime(sh('2026-11-18T11:59'), cal)).toBe(true);
    expect(isWorkingTime(sh('2026-11-18T12:00'), cal)).toBe(false); // lunch
    expect(isWorkingTime(sh('2026-11-18T14:30'), cal)).toBe(true);
    expect(isWorkingTime(sh('2026-11-18T17:29'), cal)).toBe(true);
    expect(isWorkingTime(sh('2026-11-18T17:30'), cal)).toBe(false);
    expect(isWorkingTime(sh('2026-11-21T10:00'), cal)).toBe(false); // Saturday
  });

  it('follows holidays and swapped days', () => {
    expect(isWorkingTime(sh('2026-10-05T10:00'), nationalDay)).toBe(false); // Monday, holiday
    expect(isWorkingTime(sh('2026-10-10T10:00'), nationalDay)).toBe(true); // swapped Saturday
  });
});

describe('nextWorkingTime', () => {
  const cal = defaultCalendar(SH);

  it('returns the instant itself in working time', () => {
    const t = sh('2026-11-18T10:15:30');
    expect(nextWorkingTime(t, cal).toISOString()).toBe(t.toISOString());
  });

  it('goes from Friday 18:00 to Monday 08:30', () => {
    expect(nextWorkingTime(sh('2026-11-20T18:00'), cal).toISOString()).toBe(sh('2026-11-23T08:30').toISOString());
  });

  it('goes from the lunch break to 14:30 the same day', () => {
    expect(nextWorkingTime(sh('2026-11-18T12:30'), cal).toISOString()).toBe(sh('2026-11-18T14:30').toISOString());
    expect(nextWorkingTime(sh('2026-11-18T12:00'), cal).toISOString()).toBe(sh('2026-11-18T14:30').toISOString());
  });

  it('goes from early morning to 08:30 the same day', () => {
    expect(nextWorkingTime(sh('2026-11-18T06:00'), cal).toISOString()).toBe(sh('2026-11-18T08:30').toISOString());
  });

  it('skips a holiday run', () => {
    expect(nextWorkingTime(sh('2026-09-30T18:00'), nationalDay).toISOString()).toBe(sh('2026-10-08T08:30').toISOString());
    expect(nextWorkingTime(sh('2026-10-03T10:00'), nationalDay).toISOString()).toBe(sh('2026-10-08T08:30').toISOString());
  });

  it('stops on a swapped Saturday and a swapped Sunday', () => {
    expect(nextWorkingTime(sh('2026-10-09T18:00'), nationalDay).toISOString()).toBe(sh('2026-10-10T08:30').toISOString());
    expect(nextWorkingTime(sh('2026-09-26T09:00'), nationalDay).toISOString()).toBe(sh('2026-09-27T08:30').toISOString());
  });

  it('works in the office zone whatever the instant is written in', () => {
    // Fri 20 Nov 10:00 UTC is 18:00 in Shanghai
    expect(nextWorkingTime(new Date('2026-11-20T10:00:00Z'), cal).toISOString()).toBe('2026-11-23T00:30:00.000Z');
  });

  it('gives up with an Error when no working time comes within 400 days', () => {
    expect(() => nextWorkingTime(sh('2026-11-18T10:00'), { ...cal, workdays: [] })).toThrow(Error);
    expect(() => nextWorkingTime(sh('2026-11-18T10:00'), { ...cal, hours: [] })).toThrow(/400 days/);
    const everyDayOff: string[] = [];
    for (let t = Date.UTC(2026, 10, 18); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
      everyDayOff.push(new Date(t).toISOString().slice(0, 10));
    }
    expect(() => nextWorkingTime(sh('2026-11-18T10:00'), { ...cal, holidays: everyDayOff })).toThrow(/400 days/);
  });
});

describe('addWorkingDays', () => {
  const cal = defaultCalendar(SH);

  it('counts working days forward and back', () => {
    expect(addWorkingDays('2026-11-20', 1, cal)).toBe('2026-11-23'); // Friday + 1 → Monday
    expect(addWorkingDays('2026-11-16', 5, cal)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-23', -1, cal)).toBe('2026-11-20');
    expect(addWorkingDays('2026-11-21', 0, cal)).toBe('2026-11-21');
    expect(addWorkingDays('2026-11-21', 1, cal)).toBe('2026-11-23'); // from a Saturday
  });

  it('skips holidays and uses swapped days', () => {
    expect(addWorkingDays('2026-09-30', 1, nationalDay)).toBe('2026-10-08');
    expect(addWorkingDays('2026-10-09', 1, nationalDay)).toBe('2026-10-10');
    expect(addWorkingDays('2026-10-08', -1, nationalDay)).toBe('2026-09-30');
    expect(addWorkingDays('2026-09-25', 1, nationalDay)).toBe('2026-09-27');
  });

  it('throws instead of looping forever on a calendar with no working days', () => {
    expect(() => addWorkingDays('2026-11-20', 1, { ...cal, workdays: [] })).toThrow(Error);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days from the first day up to, not including, the last', () => {
    const cal = defaultCalendar(SH);
    expect(workingDaysBetween('2026-11-16', '2026-11-23', cal)).toBe(5);
    expect(workingDaysBetween('2026-11-16', '2026-11-16', cal)).toBe(0);
    expect(workingDaysBetween('2026-11-23', '2026-11-16', cal)).toBe(0);
    // Mon 28 – Wed 30 Sep, holiday, Thu 8, Fri 9, swapped Sat 10 Oct
    expect(workingDaysBetween('2026-09-28', '2026-10-12', nationalDay)).toBe(6);
    expect(workingDaysBetween('2026-09-27', '2026-10-12', nationalDay)).toBe(7);
  });
});

describe('lastWorkingDaysOf', () => {
  it('gives the last n working days of a period in calendar order', () => {
    // 30 Nov 2026 is a Monday
    expect(lastWorkingDaysOf(period('2026-11'), 3, defaultCalendar(SH))).toEqual(['2026-11-26', '2026-11-27', '2026-11-30']);
    expect(lastWorkingDaysOf(period('2026-W47'), 2, defaultCalendar(SH))).toEqual(['2026-11-19', '2026-11-20']);
    expect(lastWorkingDaysOf(period('2026-11'), 0, defaultCalendar(SH))).toEqual([]);
  });

  it('follows holidays and swapped days', () => {
    const october = lastWorkingDaysOf(period('2026-10'), 100, nationalDay);
    expect(october).toHaveLength(18);
    expect(october.slice(0, 4)).toEqual(['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12']);
    expect(lastWorkingDaysOf(period('2026-09-28..2026-10-07'), 2, nationalDay)).toEqual(['2026-09-29', '2026-09-30']);
  });

  it('returns nothing for a period without working days', () => {
    expect(lastWorkingDaysOf(period('2026-10-01..2026-10-07'), 3, nationalDay)).toEqual([]);
  });
});
