import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  adoptionPoints,
  completeRulesSchema,
  cronProblem,
  defaultRules,
  instructionBonus,
  negativeFeedbackBonus,
  parseRules,
  publicationByCode,
  rulesProblems,
  rulesSchema,
  urgentPenalty,
  type Rules,
} from '../../../src/domain/rules/index.ts';

const exampleText = readFileSync(new URL('../../../src/domain/rules/example.yaml', import.meta.url), 'utf8');

function rulesOf(text: string): Rules {
  const r = parseRules(text);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

function firstProblem(text: string) {
  const r = parseRules(text);
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('expected a failure');
  expect(r.error.code).toBe('RULES.INVALID');
  return r.error.params as { line: number; key: string; reason: string };
}

describe('defaultRules', () => {
  it('validates against the complete schema unchanged', () => {
    const parsed = completeRulesSchema.safeParse(defaultRules);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(defaultRules);
  });

  it('is what an empty file or an empty object gives', () => {
    expect(rulesOf('')).toEqual(defaultRules);
    expect(rulesOf('{}')).toEqual(defaultRules);
    const filled: Rules = rulesSchema.parse({}); // z.infer of rulesSchema is Rules
    expect(filled).toEqual(defaultRules);
    expect(rulesOf('# only a comment\n')).toEqual(defaultRules);
  });

  it('follows the seeds for urgent deadlines and the calendar', () => {
    expect(defaultRules.urgent.general).toEqual({ firstReportHours: 4, followUpHours: 24 });
    expect(defaultRules.urgent.large).toEqual({ firstReportHours: 4, followUpHours: 24 });
    expect(defaultRules.urgent.major).toEqual({ firstReportHours: 2, followUpHours: 4 });
    expect(defaultRules.urgent.grave).toEqual({ firstReportHours: 2, followUpHours: 2 });
    expect(defaultRules.instruction.dueDays).toBe(7);
    expect(defaultRules.schedule.weeklyNotice).toBe('0 9 * * 1');
    expect(defaultRules.schedule.monthly).toBe('0 9 1 * *');
    expect(defaultRules.calendar).toEqual({
      timezone: 'Asia/Shanghai',
      workdays: [1, 2, 3, 4, 5],
      hours: [
        { start: '08:30', end: '12:00' },
        { start: '14:30', end: '17:30' },
      ],
      holidays: [],
      workingDays: [],
    });
    expect(defaultRules.reminders).toEqual({ quotaBeforeEndWorkingDays: 5, weeklyQuotaNudge: 'Mon 09:00', capBeforeEscalation: 3 });
  });

  it('does not change when a parsed result is mutated', () => {
    const rules = rulesOf('penalties: { lateUrgent: 3 }');
    rules.calendar.holidays.push('2026-10-01');
    rules.publications[0].points = 99;
    expect(defaultRules.calendar.holidays).toEqual([]);
    expect(defaultRules.publications[0].points).toBe(1);
  });
});

describe('points', () => {
  it('gives Fenyang its 75 points for 2014 (seed 002)', () => {
    const total =
      23 * adoptionPoints(defaultRules, 'lvliang-putong')! +
      9 * adoptionPoints(defaultRules, 'jinzheng-putong')! +
      8 * adoptionPoints(defaultRules, 'jinzheng-internet')!;
    expect(total).toBe(75);
    expect(23 * adoptionPoints(defaultRules, 'lvliang-putong')!).toBe(23);
    expect(9 * adoptionPoints(defaultRules, 'jinzheng-putong')!).toBe(36);
    expect(8 * adoptionPoints(defaultRules, 'jinzheng-internet')!).toBe(16);
  });

  it('looks publications up by code', () => {
    expect(publicationByCode(defaultRules, 'guoban-zhibao')).toMatchObject({ name: '《国办直报信息》', level: 'state' });
    expect(publicationByCode(defaultRules, ' XINYANG-KUAIBAO ')?.level).toBe('province');
    expect(publicationByCode(defaultRules, 'nope')).toBeUndefined();
    expect(adoptionPoints(defaultRules, 'nope')).toBeUndefined();
  });

  it('gives bonuses and penalties from the rules', () => {
    const rules = rulesOf('bonuses: { leaderInstruction: { province: 8 }, negativeFeedback: 2 }\npenalties: { missedUrgent: 10 }');
    expect(instructionBonus(rules, 'province')).toBe(8);
    expect(instructionBonus(rules, 'city')).toBe(defaultRules.bonuses.leaderInstruction.city);
    expect(negativeFeedbackBonus(rules, 'problem')).toBe(2);
    expect(negativeFeedbackBonus(rules, 'dynamic')).toBe(0);
    expect(urgentPenalty(rules, 'missed')).toBe(10);
    expect(urgentPenalty(rules, 'late')).toBe(defaultRules.penalties.lateUrgent);
  });
});

describe('a partial file', () => {
  it('overrides only what it names: objects merge, arrays replace', () => {
    const rules = rulesOf(
      [
        'publications:',
        '  - { code: shi-kuaibao, name: 《市快报》, level: city, points: 3 }',
        'urgent:',
        '  grave: { followUpHours: 1 }',
        'calendar:',
        "  holidays: ['2026-10-01']",
        'targets:',
        '  county: { month: { adopted: 5 } }',
        '  township: { year: null }',
      ].join('\n'),
    );
    expect(rules.publications).toEqual([{ code: 'shi-kuaibao', name: '《市快报》', level: 'city', points: 3 }]);
    expect(rules.urgent.grave).toEqual({ firstReportHours: 2, followUpHours: 1 });
    expect(rules.urgent.major).toEqual(defaultRules.urgent.major);
    expect(rules.urgent.graceMinutes).toBe(defaultRules.urgent.graceMinutes);
    expect(rules.calendar.holidays).toEqual(['2026-10-01']);
    expect(rules.calendar.hours).toEqual(defaultRules.calendar.hours);
    expect(rules.calendar.timezone).toBe('Asia/Shanghai');
    expect(rules.targets.county.month).toEqual({ submitted: 20, adopted: 5 });
    expect(rules.targets.township.year).toBeUndefined();
    expect(rules.targets.township.month).toEqual(defaultRules.targets.township.month);

    const { publications, urgent, calendar, targets, ...rest } = rules;
    const { publications: _p, urgent: _u, calendar: _c, targets: _t, ...defaultRest } = defaultRules;
    expect(rest).toEqual(defaultRest);
  });

  it('reads JSON as well', () => {
    const rules = rulesOf('{"schedule": {"monthly": "0 8 2 * *"}, "reminders": {"weeklyQuotaNudge": "Tue 10:30"}}');
    expect(rules.schedule.monthly).toBe('0 8 2 * *');
    expect(rules.schedule.weeklyNotice).toBe(defaultRules.schedule.weeklyNotice);
    expect(rules.reminders.weeklyQuotaNudge).toBe('Tue 10:30');
  });
});

describe('bad files', () => {
  it('refuses negative points', () => {
    const text = [
      'publications:',
      '  - code: a',
      '    name: 《甲》',
      '    level: city',
      '    points: 1',
      '  - code: b',
      '    name: 《乙》',
      '    level: province',
      '    points: -2',
    ].join('\n');
    const p = firstProblem(text);
    expect(p).toMatchObject({ key: 'publications.1.points', line: 9 });
    expect(p.reason).toMatch(/at least 0/);
  });

  it('refuses a duplicate publication code', () => {
    const text = [
      'publications:',
      '  - { code: a, name: 《甲》, level: city, points: 1 }',
      '  - { code: b, name: 《乙》, level: city, points: 1 }',
      '  - { code: a, name: 《丙》, level: province, points: 4 }',
    ].join('\n');
    const p = firstProblem(text);
    expect(p).toMatchObject({ key: 'publications.2.code', line: 4 });
    expect(p.reason).toMatch(/"a".*already used by publications\.0/);
  });

  it('refuses a bad cron expression', () => {
    const text = ['# rules', 'schedule:', "  weeklyNotice: '0 9 * * 1'", "  monthly: '0 9 1 *'"].join('\n');
    const p = firstProblem(text);
    expect(p).toMatchObject({ key: 'schedule.monthly', line: 4 });
    expect(p.reason).toMatch(/5 fields/);
    expect(firstProblem("schedule:\n  annual: '0 25 1 1 *'")).toMatchObject({ key: 'schedule.annual', line: 2 });
    expect(firstProblem("schedule:\n  annual: 'every day'")).toMatchObject({ key: 'schedule.annual', line: 2 });
  });

  it('refuses a date that does not exist', () => {
    const text = ['calendar:', '  holidays:', "    - '2026-02-28'", "    - '2026-02-30'"].join('\n');
    const p = firstProblem(text);
    expect(p).toMatchObject({ key: 'calendar.holidays.1', line: 4 });
    expect(p.reason).toMatch(/real calendar date/);
  });

  it('refuses working hours that end before they start', () => {
    const text = ['calendar:', '  hours:', "    - { start: '08:30', end: '12:00' }", '    - start: "17:30"', '      end: "14:30"'].join('\n');
    const p = firstProblem(text);
    expect(p).toMatchObject({ key: 'calendar.hours.1.end', line: 5 });
    expect(p.reason).toMatch(/later than the start/);
    expect(firstProblem("calendar:\n  hours: [{ start: '8:30', end: '12:00' }]")).toMatchObject({ key: 'calendar.hours.0.start', line: 2 });
  });

  it('refuses an unknown severity key', () => {
    const text = ['urgent:', '  major: { firstReportHours: 2, followUpHours: 4 }', '  catastrophic:', '    firstReportHours: 1'].join('\n');
    const p = firstProblem(text);
    expect(p).toMatchObject({ key: 'urgent.catastrophic', line: 3 });
    expect(p.reason).toMatch(/Unknown key "catastrophic".*general, large, major, grave/);
  });

  it('reports a YAML syntax error with its line', () => {
    const text = ['penalties:', '  lateUrgent: 2', '  missedUrgent: [5', 'calendar:', '  workdays: [1, 2]'].join('\n');
    const p = firstProblem(text);
    expect(p.line).toBeGreaterThanOrEqual(3);
    expect(p.reason).toMatch(/not valid YAML/);
    const dup = firstProblem('penalties:\n  lateUrgent: 2\n  lateUrgent: 3\n');
    expect(dup.line).toBe(3);
  });

  it('refuses other mistakes with their key', () => {
    expect(firstProblem('bonuses:\n  negativeFeedback: lots')).toMatchObject({ key: 'bonuses.negativeFeedback', line: 2 });
    expect(firstProblem('publication: []')).toMatchObject({ key: 'publication', line: 1 });
    expect(firstProblem('publications: []')).toMatchObject({ key: 'publications', line: 1 });
    expect(firstProblem('publications:\n  - { code: Bad_Code, name: x, level: city, points: 1 }')).toMatchObject({ key: 'publications.0.code', line: 2 });
    expect(firstProblem('publications:\n  - { code: x, name: x, level: town, points: 1 }')).toMatchObject({ key: 'publications.0.level', line: 2 });
    expect(firstProblem('publications:\n  - { code: x, name: x, level: city }')).toMatchObject({ key: 'publications.0.points', line: 2 });
    expect(firstProblem('reminders:\n  weeklyQuotaNudge: Monday 9am')).toMatchObject({ key: 'reminders.weeklyQuotaNudge', line: 2 });
    expect(firstProblem('calendar:\n  timezone: Mars/Olympus')).toMatchObject({ key: 'calendar.timezone', line: 2 });
    expect(firstProblem('calendar:\n  workdays: [1, 8]')).toMatchObject({ key: 'calendar.workdays.1', line: 2 });
    expect(firstProblem('urgent:\n  reminderCap: 1\n  escalateAfter: 3')).toMatchObject({ key: 'urgent.escalateAfter', line: 3 });
    expect(firstProblem('targets:\n  county:\n    month: { submitted: 2.5 }')).toMatchObject({ key: 'targets.county.month.submitted', line: 3 });
    expect(firstProblem('- a\n- b')).toMatchObject({ key: '', line: 1 });
  });

  it('lists every problem in file order', () => {
    const text = [
      'publications:',
      '  - { code: a, name: 《甲》, level: city, points: -1 }',
      'schedule:',
      "  monthly: '0 9 1 *'",
      'calendar:',
      "  holidays: ['2026-02-30']",
      'urgent:',
      '  catastrophic: {}',
    ].join('\n');
    expect(rulesProblems(text).map((p) => [p.key, p.line])).toEqual([
      ['publications.0.points', 2],
      ['schedule.monthly', 4],
      ['calendar.holidays.0', 6],
      ['urgent.catastrophic', 8],
    ]);
    expect(rulesProblems(exampleText)).toEqual([]);
  });
});

describe('cronProblem', () => {
  it('accepts 5-field expressions and refuses others', () => {
    for (const ok of ['0 9 * * 1', '*/15 8-17 * * 1-5', '0 9 1 1,4,7,10 *', '30 10 1 JAN MON', '0 0 * * 7']) {
      expect(cronProblem(ok), ok).toBeUndefined();
    }
    for (const bad of ['0 9 * *', '0 0 9 * * 1', '60 9 * * 1', '0 9 0 * *', '0 9 * 13 *', '0 9 * * 8', '0 9 * * MONDAY', '0 9 5-1 * *', '*/0 * * * *', '']) {
      expect(cronProblem(bad), bad).toBeTypeOf('string');
    }
  });
});

describe('example.yaml', () => {
  it('parses, and documents exactly the built-in defaults', () => {
    expect(rulesOf(exampleText)).toEqual(defaultRules);
  });
});
