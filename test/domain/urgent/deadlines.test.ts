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

  it('nothing before the follow-up is due', () => {
    expect(chaseStep(due, at(-1), rules)).toBeNull();
    expect(chaseStep(due, at(-HOUR), rules)).toBeNull();
  });

  it('step 0 at the due time: the reporter only', () => {
    expect(chaseStep(due, due, rules)).toEqual({ step: 0, at: due, audience: ['reporter'] });
    expect(chaseStep(due, at(29 * MINUTE + 59_999), rules)).toEqual({ step: 0, at: due, audience: ['reporter'] });
  });

  it('step 1 after the 30-minute grace: the unit lead and duty officers too', () => {
    expect(chaseStep(due, at(30 * MINUTE), rules)).toEqual({ step: 1, at: at(30 * MINUTE), audience: ['reporter', 'lead', 'duty'] });
    expect(chaseStep(due, at(59 * MINUTE), rules)?.step).toBe(1);
  });

  it('step 2 after 60 minutes: editors and leaders too', () => {
    expect(chaseStep(due, at(60 * MINUTE), rules)).toEqual({
      step: 2,
      at: at(60 * MINUTE),
      audience: ['reporter', 'lead', 'duty', 'editor', 'leader'],
    });
  });

  it('step 3 after 90 minutes, and capped there however late', () => {
    const capped = { step: 3, at: at(90 * MINUTE), audience: ['reporter', 'lead', 'duty', 'editor', 'leader'] };
    expect(chaseStep(due, at(90 * MINUTE), rules)).toEqual(capped);
    expect(chaseStep(due, at(5 * HOUR), rules)).toEqual(capped);
    expect(chaseStep(due, at(30 * 24 * HOUR), rules)).toEqual(capped);
  });

  it('follows the rules: a different grace, cap and escalation point', () => {
    const custom: Rules = { ...rules, urgent: { ...rules.urgent, graceMinutes: 10, reminderCap: 2, escalateAfter: 1 } };
    expect(chaseStep(due, at(9 * MINUTE), custom)?.step).toBe(0);
    expect(chaseStep(due, at(10 * MINUTE), custom)).toEqual({
      step: 1,
      at: at(10 * MINUTE),
      audience: ['reporter', 'lead', 'duty', 'editor', 'leader'],
    });
    expect(chaseStep(due, at(10 * HOUR), custom)?.step).toBe(1);
  });
});
