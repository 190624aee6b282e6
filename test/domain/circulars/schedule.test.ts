import { describe, it, expect } from 'vitest';
import {
  biweeklySpan,
  circularSlot,
  firstCronMatch,
  lastEndedPeriod,
  manualPeriodKey,
  periodOfKey,
  rankingKindOf,
} from '../../../src/domain/circulars/schedule.ts';
import { defaultRules } from '../../../src/domain/rules/defaults.ts';
import { parsePeriod } from '../../../src/domain/time/index.ts';

const SH = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);
const period = (text: string) => {
  const parsed = parsePeriod(text, SH);
  if (!parsed.ok) throw new Error(text);
  return parsed.value;
};

describe('which period each circular covers and when it is sent (built-in schedule, Shanghai time)', () => {
  // Monday 23 November 2026, 10:00 in Shanghai (ISO week 48).
  const monday = at('2026-11-23T02:00:00Z');

  it('the weekly notice: last ISO week, Monday 09:00', () => {
    const slot = circularSlot('weekly', monday, defaultRules, SH);
    expect(slot.period.key).toBe('2026-W47');
    expect(slot.sendAt).toEqual(at('2026-11-23T01:00:00Z'));
  });

  it('the biweekly ranking: the two weeks ending on an even ISO week, Monday 09:30 after them', () => {
    // Week 47 is odd: the latest span is weeks 45–46, sent on Monday 16 November.
    const slot = circularSlot('biweekly', monday, defaultRules, SH);
    expect(slot.period.key).toBe('2026-11-02..2026-11-15');
    expect(slot.sendAt).toEqual(at('2026-11-16T01:30:00Z'));
    // A week later, weeks 47–48 have ended.
    const next = circularSlot('biweekly', at('2026-11-30T02:00:00Z'), defaultRules, SH);
    expect(next.period.key).toBe('2026-11-16..2026-11-29');
    expect(next.sendAt).toEqual(at('2026-11-30T01:30:00Z'));
  });

  it('after a 53-week year the span holds weeks 53, 1 and 2', () => {
    // 2026 has 53 ISO weeks (1 January 2026 is a Thursday); 2027-W02 ends on Sunday 17 January.
    expect(biweeklySpan(at('2027-01-18T02:00:00Z'), SH).key).toBe('2026-12-28..2027-01-17');
    expect(biweeklySpan(at('2027-02-01T02:00:00Z'), SH).key).toBe('2027-01-18..2027-01-31');
    expect(biweeklySpan(at('2026-12-30T02:00:00Z'), SH).key).toBe('2026-12-14..2026-12-27');
  });

  it('the monthly, quarterly, annual and urgent-timeliness circulars', () => {
    expect(circularSlot('monthly', monday, defaultRules, SH)).toMatchObject({ period: { key: '2026-10' }, sendAt: at('2026-11-01T01:00:00Z') });
    expect(circularSlot('quarterly', monday, defaultRules, SH)).toMatchObject({ period: { key: '2026-Q3' }, sendAt: at('2026-10-01T02:00:00Z') });
    expect(circularSlot('annual', monday, defaultRules, SH)).toMatchObject({ period: { key: '2025' }, sendAt: at('2026-01-01T03:00:00Z') });
    expect(circularSlot('urgent', monday, defaultRules, SH)).toMatchObject({ period: { key: '2026-10' }, sendAt: at('2026-11-01T02:30:00Z') });
    // 00:30 on 1 December in Shanghai is still before the monthly circular's 09:00.
    const early = circularSlot('monthly', at('2026-11-30T16:30:00Z'), defaultRules, SH);
    expect(early).toMatchObject({ period: { key: '2026-11' }, sendAt: at('2026-12-01T01:00:00Z') });
  });

  it('a cron that matches exactly when the period ends sends then', () => {
    expect(firstCronMatch('0 0 * * 1', period('2026-W47').end, SH)).toEqual(period('2026-W47').end);
    expect(lastEndedPeriod('weekly', period('2026-W48').start, SH).key).toBe('2026-W47');
  });

  it('reads the period back from a scheduled or a manual key, and names the circular of a period', () => {
    const november = period('2026-11');
    expect(periodOfKey('2026-11', SH)).toEqual(november);
    expect(periodOfKey(manualPeriodKey(november, at('2026-11-20T02:00:00Z')), SH)).toEqual(november);
    expect(periodOfKey('nonsense', SH)).toBeNull();
    expect(['2026-W47', '2026-11', '2026-Q4', '2026', '2026-11-16..2026-11-29'].map((text) => rankingKindOf(period(text)))).toEqual([
      'weekly',
      'monthly',
      'quarterly',
      'annual',
      'biweekly',
    ]);
  });
});
