import { describe, it, expect } from 'vitest';
import { chaseStep, firstReportDue, nextFollowUpDue, timeliness } from '../../../src/domain/urgent/deadlines.ts';
import { defaultRules } from '../../../src/domain/rules/defaults.ts';
import type { Rules } from '../../../src/domain/rules/schema.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const rules = defaultRules;
const T0 = new Date('2026-11-20T02:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('first report deadline (003 篇3: 4 h; 篇6: 2 h for major problems)', () => {
  it.each([
    ['general', 4],
    ['large', 4],
    ['major', 2],
    ['grave', 2],
  ] as const)('%s: due %i h after the event', (severity, hours) => {
    expect(firstReportDue(T0, severity, rules)).toEqual(at(hours * HOUR));
  });
});

describe('follow-up interval', () => {
  it.each([
    ['general', 24],
    ['large', 24],
    ['major', 4],
    ['grave', 2],
  ] as const)('%s: next follow-up %i h after the last report', (severity, hours) => {
    expect(nextFollowUpDue(T0, severity, rules)).toEqual(at(hours * HOUR));
  });

  it('reads the interval from the rules, not from code', () => {
    const custom: Rules = { ...rules, urgent: { ...rules.urgent, major: { firstReportHours: 1, followUpHours: 6 } } };
    expect(nextFollowUpDue(T0, 'major', custom)).toEqual(at(6 * HOUR));
    expect(firstReportDue(T0, 'major', custom)).toEqual(at(1 * HOUR));
  });
});

describe('timeliness (迟报)', () => {
  it('general: 4 h 0 min is on time, 4 h 1 min is late', () => {
    expect(timeliness(T0, at(4 * HOUR), 'general', rules)).toEqual({ delayMinutes: 240, late: false });
    expect(timeliness(T0, at(4 * HOUR + MINUTE), 'general', rules)).toEqual({ delayMinutes: 241, late: true });
  });

  it('major and grave: 2 h 0 min is on time, 2 h 1 min is late', () => {
    for (const severity of ['major', 'grave'] as const) {
      expect(timeliness(T0, at(2 * HOUR), severity, rules)).toEqual({ delayMinutes: 120, late: false });
      expect(timeliness(T0, at(2 * HOUR + MINUTE), severity, rules)).toEqual({ delayMinutes: 121, late: true });
    }
  });

  it('3 h after the event: on time for general, late for major', () => {
    expect(timeliness(T0, at(3 * HOUR), 'general', rules)).toEqual({ delayMinutes: 180, late: false });
    expect(timeliness(T0, at(3 * HOUR), 'major', rules)).toEqual({ delayMinutes: 180, late: true });
  });

  it('a report made at the moment of the event has no delay', () => {
    expect(timeliness(T0, T0, 'grave', rules)).toEqual({ delayMinutes: 0, late: false });
  });
});

describe('chaseStep: the reminder ladder (grace 30 min, cap 4, escalate after 2)', () => {
  const due = T0;
  const ladder = (step: number, audience: string[]) => ({ step, repeat: 0, slot: String(step), at: at(step * 30 * MINUTE), audience });

  it('nothing before the follow-up is due', () => {
    expect(chaseStep(due, at(-1), rules, 'general')).toBeNull();
    expect(chaseStep(due, at(-HOUR), rules, 'grave')).toBeNull();
  });

  it('step 0 at the due time: the reporter only', () => {
    expect(chaseStep(due, due, rules, 'general')).toEqual(ladder(0, ['reporter']));
    expect(chaseStep(due, at(29 * MINUTE + 59_999), rules, 'general')).toEqual(ladder(0, ['reporter']));
  });

  it('step 1 after the 30-minute grace: the unit lead and duty officers too', () => {
    expect(chaseStep(due, at(30 * MINUTE), rules, 'general')).toEqual(ladder(1, ['reporter', 'lead', 'duty']));
    expect(chaseStep(due, at(59 * MINUTE), rules, 'general')?.step).toBe(1);
  });

  it('step 2 after 60 minutes: editors and leaders too', () => {
    expect(chaseStep(due, at(60 * MINUTE), rules, 'general')).toEqual(ladder(2, ['reporter', 'lead', 'duty', 'editor', 'leader']));
  });

  it('step 3 after 90 minutes is the last of the ladder', () => {
    const last = ladder(3, ['reporter', 'lead', 'duty', 'editor', 'leader']);
    expect(chaseStep(due, at(90 * MINUTE), rules, 'general')).toEqual(last);
    expect(chaseStep(due, at(5 * HOUR), rules, 'general')).toEqual(last);
    expect(chaseStep(due, at(24 * HOUR - 1), rules, 'general')).toEqual(last);
  });

  it('past the ladder, chased again at every follow-up interval from the due time: reporter, lead and duty', () => {
    const repeat = (n: number, hours: number) => ({ step: 3, repeat: n, slot: `r${n}`, at: at(n * hours * HOUR), audience: ['reporter', 'lead', 'duty'] });
    // 一般: every 24 hours, for as long as it stays open.
    expect(chaseStep(due, at(24 * HOUR), rules, 'general')).toEqual(repeat(1, 24));
    expect(chaseStep(due, at(47 * HOUR), rules, 'general')).toEqual(repeat(1, 24));
    expect(chaseStep(due, at(30 * 24 * HOUR), rules, 'general')).toEqual(repeat(30, 24));
    // 特别重大: every 2 hours.
    expect(chaseStep(due, at(2 * HOUR), rules, 'grave')).toEqual(repeat(1, 2));
    expect(chaseStep(due, at(5 * HOUR), rules, 'grave')).toEqual(repeat(2, 2));
  });

  it('a repeat that would fall inside the ladder waits for the ladder to end', () => {
    const long: Rules = { ...rules, urgent: { ...rules.urgent, graceMinutes: 60, reminderCap: 4 } };
    // 特别重大 every 2 h, but the ladder runs to 3 h: the first repeat is the one at 4 h.
    expect(chaseStep(due, at(2 * HOUR), long, 'grave')).toMatchObject({ step: 2, repeat: 0 });
    expect(chaseStep(due, at(3 * HOUR), long, 'grave')).toMatchObject({ step: 3, repeat: 0 });
    expect(chaseStep(due, at(4 * HOUR), long, 'grave')).toMatchObject({ repeat: 2, slot: 'r2' });
  });

  it('follows the rules: a different grace, cap and escalation point', () => {
    const custom: Rules = { ...rules, urgent: { ...rules.urgent, graceMinutes: 10, reminderCap: 2, escalateAfter: 1 } };
    expect(chaseStep(due, at(9 * MINUTE), custom, 'general')?.step).toBe(0);
    expect(chaseStep(due, at(10 * MINUTE), custom, 'general')).toEqual({
      step: 1,
      repeat: 0,
      slot: '1',
      at: at(10 * MINUTE),
      audience: ['reporter', 'lead', 'duty', 'editor', 'leader'],
    });
    expect(chaseStep(due, at(10 * HOUR), custom, 'general')).toMatchObject({ step: 1, repeat: 0 });
  });
});
