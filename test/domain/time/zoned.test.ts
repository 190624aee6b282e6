import { describe, it, expect } from 'vitest';
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import {
  addDaysToKey,
  atLocalTime,
  daysBetweenKeys,
  formatLocal,
  isDateKey,
  isoWeekdayOfKey,
  isValidTimeZone,
  localDateKey,
  parseLocalDateTime,
  startOfDayIn,
  startOfDayKey,
} from '../../../src/domain/time/zoned.ts';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';

describe('local days', () => {
  const at = new Date('2026-11-15T17:00:00Z');

  it('gives the local day and its start in the zone', () => {
    expect(localDateKey(at, SH)).toBe('2026-11-16');
    expect(localDateKey(at, 'UTC')).toBe('2026-11-15');
    expect(startOfDayIn(at, SH).toISOString()).toBe('2026-11-15T16:00:00.000Z');
    expect(startOfDayIn(at, 'UTC').toISOString()).toBe('2026-11-15T00:00:00.000Z');
    expect(startOfDayIn(at, SH)).toBeInstanceOf(Date);
    expect(startOfDayIn(at, SH).constructor).toBe(Date); // a plain Date, not a TZDate
  });

  it('handles a daylight-saving zone', () => {
    expect(startOfDayIn(new Date('2026-03-08T12:00:00Z'), NY).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(atLocalTime('2026-03-08', '12:00', NY).toISOString()).toBe('2026-03-08T16:00:00.000Z'); // EDT
    expect(atLocalTime('2026-11-16', '12:00', NY).toISOString()).toBe('2026-11-16T17:00:00.000Z'); // EST
  });

  it('builds a local time on a local day', () => {
    expect(atLocalTime('2026-11-16', '00:00', SH).toISOString()).toBe('2026-11-15T16:00:00.000Z');
    expect(atLocalTime('2026-11-30', '17:00', SH).toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(startOfDayKey('2026-11-01', SH).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(() => atLocalTime('2026-02-30', '08:00', SH)).toThrow(RangeError);
    expect(() => atLocalTime('2026-11-16', '24:00', SH)).toThrow(RangeError);
    expect(() => atLocalTime('2026-11-16', '8:30', SH)).toThrow(RangeError);
  });

  it('formats in local time', () => {
    expect(formatLocal(new Date('2026-11-30T09:00:00Z'), SH)).toBe('2026-11-30 17:00');
    expect(formatLocal(new Date('2026-11-30T09:00:00Z'), 'UTC')).toBe('2026-11-30 09:00');
    expect(formatLocal(new Date('2026-11-15T17:00:00Z'), SH, 'EEE d MMM HH:mm')).toBe('Mon 16 Nov 01:00');
  });

  it('refuses an unknown zone', () => {
    expect(isValidTimeZone(SH)).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(() => localDateKey(at, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('date keys', () => {
  it('checks real calendar days', () => {
    expect(isDateKey('2026-11-30')).toBe(true);
    expect(isDateKey('2028-02-29')).toBe(true);
    expect(isDateKey('2026-02-29')).toBe(false);
    expect(isDateKey('2026-11-31')).toBe(false);
    expect(isDateKey('2026-13-01')).toBe(false);
    expect(isDateKey('2026-1-01')).toBe(false);
  });

  it('adds days, counts days and names weekdays', () => {
    expect(addDaysToKey('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDaysToKey('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDaysToKey('2026-11-16', 0)).toBe('2026-11-16');
    expect(daysBetweenKeys('2026-11-01', '2026-12-01')).toBe(30);
    expect(daysBetweenKeys('2026-12-01', '2026-11-01')).toBe(-30);
    expect(isoWeekdayOfKey('2026-11-16')).toBe(1); // Monday
    expect(isoWeekdayOfKey('2026-11-22')).toBe(7); // Sunday
    expect(isoWeekdayOfKey('2026-10-01')).toBe(4); // Thursday
  });
});

describe('parseLocalDateTime', () => {
  it('reads a bare date as 00:00 local of that day', () => {
    expect(parseLocalDateTime('2026-11-30', SH)?.toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(parseLocalDateTime(' 2026-11-30 ', 'UTC')?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });

  it('reads a local date and time with T or a space', () => {
    expect(parseLocalDateTime('2026-11-30T17:00', SH)?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(parseLocalDateTime('2026-11-30 17:00', SH)?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(parseLocalDateTime('2026-07-01 09:00', NY)?.toISOString()).toBe('2026-07-01T13:00:00.000Z');
  });

  it('takes a full ISO string with Z or an offset as is', () => {
    expect(parseLocalDateTime('2026-11-30T09:00:00Z', SH)?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(parseLocalDateTime('2026-11-30T09:00:00.250Z', SH)?.toISOString()).toBe('2026-11-30T09:00:00.250Z');
    expect(parseLocalDateTime('2026-11-30T17:00+08:00', 'UTC')?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(parseLocalDateTime('2026-11-30T04:00:00-05:00', SH)?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });

  it('gives null for anything else', () => {
    for (const text of [
      '',
      'tomorrow',
      '2026-02-30',
      '2026-11-30T24:00',
      '2026-11-30 17:60',
      '2026-11-30T7:00',
      '2026-11-30T17',
      '30/11/2026',
      '2026-11-30T17:00:00', // seconds without an offset: not one of the forms
      '2026-02-30T09:00:00Z',
      '2026-11-30T25:00:00Z',
      '2026-11-30 17:00 +08:00',
    ]) {
      expect(parseLocalDateTime(text, SH), text).toBeNull();
    }
  });
});

describe('localDateKey against date-fns, across zones and the day’s edges', () => {
  it.each(['Asia/Shanghai', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'])('agrees in %s', (zone) => {
    const start = Date.UTC(2026, 0, 1);
    for (let ms = start; ms < start + 400 * 86_400_000; ms += 3_600_000 * 7 + 61_000) {
      const at = new Date(ms);
      expect(localDateKey(at, zone)).toBe(format(at, 'yyyy-MM-dd', { in: tz(zone) }));
    }
  });

  it('pads early years and answers the same day’s start twice', () => {
    expect(localDateKey(new Date('0099-03-01T12:00:00Z'), 'UTC')).toBe('0099-03-01');
    expect(startOfDayKey('2026-10-01', 'Asia/Shanghai')).toEqual(new Date('2026-09-30T16:00:00Z'));
    expect(startOfDayKey('2026-10-01', 'Asia/Shanghai')).toEqual(new Date('2026-09-30T16:00:00Z'));
    expect(startOfDayKey('2026-10-01', 'America/New_York')).toEqual(new Date('2026-10-01T04:00:00Z'));
  });
});
