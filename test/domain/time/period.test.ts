import { describe, it, expect } from 'vitest';
import { getISOWeek, getISOWeeksInYear, getISOWeekYear } from 'date-fns';
import { tz as inZone } from '@date-fns/tz';
import {
  daysLeft,
  elapsedFraction,
  inPeriod,
  isoWeeksInYear,
  parsePeriod,
  periodContaining,
  periodDays,
  previousPeriod,
  type Period,
} from '../../../src/domain/time/period.ts';

const SH = 'Asia/Shanghai';

function parsed(text: string, tz = SH): Period {
  const r = parsePeriod(text, tz);
  if (!r.ok) throw new Error(`expected ${text} to parse, got ${r.error.code}`);
  return r.value;
}

const iso = (p: Period) => ({ kind: p.kind, key: p.key, start: p.start.toISOString(), end: p.end.toISOString() });

describe('parsePeriod', () => {
  it('reads an ISO week: 2026-W47 is Mon 16 Nov to Mon 23 Nov, 00:00 +08:00', () => {
    expect(iso(parsed('2026-W47'))).toEqual({
      kind: 'week',
      key: '2026-W47',
      start: '2026-11-15T16:00:00.000Z',
      end: '2026-11-22T16:00:00.000Z',
    });
    // the same week in UTC starts at UTC midnight
    expect(parsed('2026-W47', 'UTC').start.toISOString()).toBe('2026-11-16T00:00:00.000Z');
  });

  it('puts week 1 in the week holding 4 January (2026-W01 starts Mon 29 Dec 2025)', () => {
    expect(iso(parsed('2026-W01'))).toMatchObject({
      start: '2025-12-28T16:00:00.000Z',
      end: '2026-01-04T16:00:00.000Z',
    });
  });

  it('knows 2026 has 53 ISO weeks and 2025 has 52 (checked against date-fns)', () => {
    expect(getISOWeeksInYear(new Date(Date.UTC(2026, 5, 1)))).toBe(53);
    expect(getISOWeeksInYear(new Date(Date.UTC(2025, 5, 1)))).toBe(52);
    for (let y = 2000; y <= 2040; y++) {
      expect(isoWeeksInYear(y), String(y)).toBe(getISOWeeksInYear(new Date(Date.UTC(y, 5, 1))));
    }
    expect(iso(parsed('2026-W53'))).toMatchObject({
      key: '2026-W53',
      start: '2026-12-27T16:00:00.000Z', // Mon 28 Dec 2026 00:00 +08:00
      end: '2027-01-03T16:00:00.000Z', // Mon 4 Jan 2027 00:00 +08:00 (2027-W01)
    });
    expect(parsed('2027-W01').start).toEqual(parsed('2026-W53').end);
    expect(parsePeriod('2025-W53', SH)).toEqual({ ok: false, error: { code: 'PERIOD.INVALID', params: { text: '2025-W53' } } });
    expect(parsePeriod('2026-W54', SH).ok).toBe(false);
    expect(parsePeriod('2020-W53', SH).ok).toBe(true); // leap year starting on a Wednesday
  });

  it('reads a month in the office zone: 2026-11 starts 2026-10-31T16:00Z', () => {
    expect(iso(parsed('2026-11'))).toEqual({
      kind: 'month',
      key: '2026-11',
      start: '2026-10-31T16:00:00.000Z',
      end: '2026-11-30T16:00:00.000Z',
    });
    expect(iso(parsed('2026-12'))).toMatchObject({ end: '2026-12-31T16:00:00.000Z' });
    expect(iso(parsed('2028-02'))).toMatchObject({ start: '2028-01-31T16:00:00.000Z', end: '2028-02-29T16:00:00.000Z' });
  });

  it('reads a quarter and a year', () => {
    expect(iso(parsed('2026-Q4'))).toEqual({
      kind: 'quarter',
      key: '2026-Q4',
      start: '2026-09-30T16:00:00.000Z',
      end: '2026-12-31T16:00:00.000Z',
    });
    expect(iso(parsed('2026-Q1'))).toMatchObject({ start: '2025-12-31T16:00:00.000Z', end: '2026-03-31T16:00:00.000Z' });
    expect(iso(parsed('2026'))).toEqual({
      kind: 'year',
      key: '2026',
      start: '2025-12-31T16:00:00.000Z',
      end: '2026-12-31T16:00:00.000Z',
    });
  });

  it('reads a range of whole days, both inclusive', () => {
    expect(iso(parsed('2026-11-16..2026-11-29'))).toEqual({
      kind: 'range',
      key: '2026-11-16..2026-11-29',
      start: '2026-11-15T16:00:00.000Z',
      end: '2026-11-29T16:00:00.000Z',
    });
    expect(iso(parsed('2026-11-16..2026-11-16'))).toMatchObject({ end: '2026-11-16T16:00:00.000Z' });
  });

  it('trims the input and writes the canonical key', () => {
    expect(parsed('  2026-W47 \n').key).toBe('2026-W47');
    expect(parsed('2026-w47').key).toBe('2026-W47');
    expect(parsed('2026-q4').key).toBe('2026-Q4');
    expect(parsed(' 2026-11-16..2026-11-29 ').key).toBe('2026-11-16..2026-11-29');
  });

  it('refuses anything else with PERIOD.INVALID and the text', () => {
    const bad = [
      '',
      '   ',
      '2026-13',
      '2026-00',
      '2026-1',
      '2026-W00',
      '2026-W7',
      '2026-W054',
      '2026-Q0',
      '2026-Q5',
      '26',
      '12026',
      '0999',
      '2026-11-29..2026-11-16',
      '2026-02-30..2026-03-01',
      '2026-11-16...2026-11-29',
      '2026-11-16 .. 2026-11-29',
      '2026-11-16',
      '2026/11',
      'November 2026',
      'this month',
    ];
    for (const text of bad) {
      expect(parsePeriod(text, SH), JSON.stringify(text)).toEqual({
        ok: false,
        error: { code: 'PERIOD.INVALID', params: { text: text.trim() } },
      });
    }
  });

  it('throws on an unknown time zone (a configuration fault, not a user error)', () => {
    expect(() => parsePeriod('2026-11', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('periodContaining', () => {
  const at = new Date('2026-11-15T17:00:00Z'); // Mon 16 Nov 01:00 in Shanghai, Sun 15 Nov in UTC

  it('finds the week in the office zone, not in UTC', () => {
    expect(periodContaining('week', at, SH).key).toBe('2026-W47');
    expect(periodContaining('week', at, 'UTC').key).toBe('2026-W46');
    expect(periodContaining('week', at, SH)).toEqual(parsed('2026-W47'));
  });

  it('agrees with date-fns on the ISO week for every day of 2024 to mid-January 2028', () => {
    const shanghai = inZone(SH);
    for (let t = Date.UTC(2024, 0, 1, 4); t < Date.UTC(2028, 0, 15); t += 86_400_000) {
      const d = new Date(t);
      const expected = `${getISOWeekYear(d, { in: shanghai })}-W${String(getISOWeek(d, { in: shanghai })).padStart(2, '0')}`;
      expect(periodContaining('week', d, SH).key).toBe(expected);
    }
  });

  it('finds the week-53 and week-1 periods across the year boundary', () => {
    expect(periodContaining('week', new Date('2027-01-02T12:00:00Z'), SH).key).toBe('2026-W53');
    expect(periodContaining('week', new Date('2025-12-29T12:00:00Z'), SH).key).toBe('2026-W01');
  });

  it('finds the month, quarter and year', () => {
    const newYearsEveUtc = new Date('2026-12-31T17:00:00Z'); // already 1 Jan 2027 in Shanghai
    expect(periodContaining('month', newYearsEveUtc, SH).key).toBe('2027-01');
    expect(periodContaining('month', newYearsEveUtc, 'UTC').key).toBe('2026-12');
    expect(periodContaining('quarter', newYearsEveUtc, SH).key).toBe('2027-Q1');
    expect(periodContaining('quarter', newYearsEveUtc, 'UTC').key).toBe('2026-Q4');
    expect(periodContaining('year', newYearsEveUtc, SH)).toEqual(parsed('2027'));
    expect(periodContaining('quarter', new Date('2026-08-15T00:00:00Z'), SH)).toEqual(parsed('2026-Q3'));
  });

  it('holds its own start and not its end', () => {
    const p = parsed('2026-11');
    expect(periodContaining('month', p.start, SH).key).toBe('2026-11');
    expect(periodContaining('month', p.end, SH).key).toBe('2026-12');
    expect(periodContaining('month', new Date(p.end.getTime() - 1), SH).key).toBe('2026-11');
    expect(inPeriod(p, p.start)).toBe(true);
    expect(inPeriod(p, p.end)).toBe(false);
  });
});

describe('previousPeriod', () => {
  it('steps back one period of the same kind', () => {
    expect(previousPeriod(parsed('2026-W47'), SH)).toEqual(parsed('2026-W46'));
    expect(previousPeriod(parsed('2026-W01'), SH)).toEqual(parsed('2025-W52'));
    expect(previousPeriod(parsed('2027-W01'), SH)).toEqual(parsed('2026-W53'));
    expect(previousPeriod(parsed('2026-01'), SH)).toEqual(parsed('2025-12'));
    expect(previousPeriod(parsed('2026-03'), SH)).toEqual(parsed('2026-02'));
    expect(previousPeriod(parsed('2026-Q1'), SH)).toEqual(parsed('2025-Q4'));
    expect(previousPeriod(parsed('2026'), SH)).toEqual(parsed('2025'));
  });

  it('gives a range the same length just before it', () => {
    expect(previousPeriod(parsed('2026-11-16..2026-11-29'), SH)).toEqual(parsed('2026-11-02..2026-11-15'));
    expect(previousPeriod(parsed('2026-03-01..2026-03-01'), SH)).toEqual(parsed('2026-02-28..2026-02-28'));
  });
});

describe('daysLeft', () => {
  const nov = parsed('2026-11');

  it('counts today: on 21 Nov, 2026-11 has 10 days left', () => {
    expect(daysLeft(nov, new Date('2026-11-21T02:00:00Z'), SH)).toBe(10);
    expect(daysLeft(nov, new Date('2026-11-21T15:59:59Z'), SH)).toBe(10); // 23:59:59 local
  });

  it('is 1 on the last day, 0 after the end, the whole length before the start', () => {
    expect(daysLeft(nov, new Date('2026-11-30T08:00:00Z'), SH)).toBe(1);
    expect(daysLeft(nov, new Date('2026-11-30T16:00:00Z'), SH)).toBe(0); // 1 Dec 00:00 local
    expect(daysLeft(nov, new Date('2027-03-01T00:00:00Z'), SH)).toBe(0);
    expect(daysLeft(nov, new Date('2026-10-31T15:59:59Z'), SH)).toBe(30);
    expect(daysLeft(nov, new Date('2026-10-31T16:00:00Z'), SH)).toBe(30); // first day
    expect(daysLeft(nov, new Date('2026-11-01T16:00:00Z'), SH)).toBe(29);
  });

  it('works for weeks and ranges', () => {
    expect(daysLeft(parsed('2026-W47'), new Date('2026-11-22T03:00:00Z'), SH)).toBe(1); // Sunday
    expect(daysLeft(parsed('2026-11-16..2026-11-29'), new Date('2026-11-01T00:00:00Z'), SH)).toBe(14);
    expect(periodDays(parsed('2026-11-16..2026-11-29'), SH)).toEqual({ first: '2026-11-16', last: '2026-11-29', days: 14 });
  });
});

describe('elapsedFraction', () => {
  const week = parsed('2026-W47');

  it('goes linearly from 0 at the start to 1 at the end and stays within 0..1', () => {
    expect(elapsedFraction(week, new Date('2026-11-01T00:00:00Z'))).toBe(0);
    expect(elapsedFraction(week, week.start)).toBe(0);
    expect(elapsedFraction(week, new Date('2026-11-19T04:00:00Z'))).toBe(0.5); // Thu 12:00 local
    expect(elapsedFraction(week, new Date('2026-11-17T16:00:00Z'))).toBeCloseTo(2 / 7, 12);
    expect(elapsedFraction(week, week.end)).toBe(1);
    expect(elapsedFraction(week, new Date('2027-01-01T00:00:00Z'))).toBe(1);
  });
});
