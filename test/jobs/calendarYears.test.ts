import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runJobs, type JobDeps } from '../../src/jobs/jobs.ts';
import { rulesSchema } from '../../src/domain/rules/schema.ts';
import { PACKAGED_HOLIDAY_YEARS } from '../../src/domain/time/publicHolidays.ts';
import { tasksFixture, type TasksFixture } from '../support/tasksFixture.ts';

// The pinned chinese-days package carries the holidays up to 2026, so from 1 December 2026 the
// editors (TASKS_ORG: chenjing) are told once a week that 2027's are not known yet, until they are.

/** An instant written in Shanghai local time. */
const sh = (local: string) => new Date(`${local}+08:00`);

let f: TasksFixture;
let deps: JobDeps;

async function runAt(at: Date, with_: JobDeps = deps) {
  const mark = await f.lastOutboxId();
  const results = await runJobs(with_, at);
  const messages = (await f.outboxSince(mark)).filter((m) => m.title?.startsWith('calendar.'));
  return { sent: results.find((r) => r.job === 'calendar.years')!.sent, to: messages.map((m) => m.to).sort(), messages };
}

beforeEach(async () => {
  f = await tasksFixture();
  // Only this job speaks: no targets, so the quota reminders stay quiet.
  deps = { ...f.deps, rules: { ...f.app.rules, targets: { county: {}, department: {}, township: {}, direct: {} } } };
});

afterEach(async () => {
  await f?.app.dispose();
});

describe('the coming year’s holidays', () => {
  it('the package carries 2026 and not 2027 (move these dates on when it is updated)', () => {
    expect(PACKAGED_HOLIDAY_YEARS.at(-1)).toBe('2026');
  });

  it('from 1 December the editors are told once a week while next year’s dates are unknown', async () => {
    expect(await runAt(sh('2026-11-30T10:00'))).toMatchObject({ sent: 0, to: [] });
    const first = await runAt(sh('2026-12-01T10:00'));
    expect(first).toMatchObject({ sent: 1, to: ['chenjing'] });
    expect(first.messages[0]).toMatchObject({ title: 'calendar.missing.title', params: { years: '2027' }, buttons: [] });
    // Not again that week, however often the job runs.
    expect(await runAt(sh('2026-12-01T10:01'))).toMatchObject({ sent: 0 });
    expect(await runAt(sh('2026-12-04T16:00'))).toMatchObject({ sent: 0 });
    // Nor at a weekend; the next week on Monday morning.
    expect(await runAt(sh('2026-12-05T10:00'))).toMatchObject({ sent: 0 });
    expect(await runAt(sh('2026-12-07T08:30'))).toMatchObject({ sent: 1, to: ['chenjing'] });
    // Into the new year too, while 2027 is still unknown.
    expect(await runAt(sh('2027-01-04T09:00'))).toMatchObject({ sent: 1, to: ['chenjing'] });
    expect(await f.app.db.nudge.count({ where: { kind: 'calendar.years', subject: 'calendar:2027' } })).toBe(3);
  });

  it('says nothing once the rules file carries the year', async () => {
    const loaded = { ...deps, rules: rulesSchema.parse({ calendar: { holidays: ['2027-01-01', '2027-10-01'], workingDays: [] } }) };
    expect(await runAt(sh('2026-12-01T10:00'), loaded)).toMatchObject({ sent: 0, to: [] });
    expect(await runAt(sh('2026-12-07T09:00'), loaded)).toMatchObject({ sent: 0, to: [] });
  });
});
