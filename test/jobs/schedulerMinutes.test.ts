/**
 * Two instances' schedulers on one database (docs/instances.md), driven minute by minute with
 * their own clocks: each minute is run by exactly one of them, and each reminder goes once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import { recordInstruction } from '../../src/domain/instructions/recordInstruction.ts';
import { MINUTES_KEPT_MS, minuteOf, runMinute } from '../../src/jobs/scheduler.ts';
import { after, DAY, HOUR, T0, tasksFixture, type TasksFixture } from '../support/tasksFixture.ts';
import { testClock } from '../support/testApp.ts';

const MINUTE = 60_000;
const MINUTES = 10;

let f: TasksFixture;
let other: App;

beforeEach(async () => {
  f = await tasksFixture();
  other = await openApp(f.app.config, testClock(T0));
});

afterEach(async () => {
  await other?.close();
  await f?.app.dispose();
});

describe('two schedulers on one database', () => {
  it('run each minute once between them, and send each reminder once', async () => {
    // Ten instructions, the reminder of the i-th due at T0 + i minutes (a day before its feedback is due).
    const item = await f.submit('zhangwei');
    f.app.clock.set(after(T0, -HOUR));
    const instructions = [];
    for (let i = 0; i < MINUTES; i += 1) {
      const recorded = await recordInstruction(f.deps, {
        editor: f.people.chenjing!,
        itemId: item.id,
        leader: 'huangmin',
        text: `请认真总结经验做法，抓好推广落实（第${i + 1}条）。`,
        dueAt: after(T0, DAY + i * MINUTE),
      });
      if (!recorded.ok) throw new Error(recorded.error.code);
      instructions.push(recorded.value);
    }
    const deps = (app: App) => ({ store: app.store, clock: app.clock, rules: app.rules, timezone: app.timezone });
    const ran: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < MINUTES; i += 1) {
      // Each instance's cron fires a little after the minute starts, by its own clock.
      const [a, b] = await Promise.all([runMinute(deps(f.app), after(T0, i * MINUTE + 150), 'a'), runMinute(deps(other), after(T0, i * MINUTE + 420), 'b')]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      ran[a ? 'a' : 'b']! += 1;
    }
    const minutes = await f.app.db.schedulerMinute.findMany({ orderBy: { minute: 'asc' } });
    expect(minutes.map((row) => row.minute)).toEqual(Array.from({ length: MINUTES }, (_, i) => after(T0, i * MINUTE)));
    expect(minutes.filter((row) => row.holder === 'a')).toHaveLength(ran.a!);
    expect(minutes.filter((row) => row.holder === 'b')).toHaveLength(ran.b!);

    // Each instruction's reminder went to its two reporters, once each.
    const reminders = (await f.outboxSince(0)).filter((message) => message.title === 'instruction.remind.title');
    const sent = reminders.map((message) => `${message.params.id} ${message.to}`).sort();
    const expected = instructions.flatMap((instruction) => [`${instruction.id} lisi`, `${instruction.id} zhangwei`]).sort();
    expect(sent).toEqual(expected);
    expect(await f.app.db.nudge.count({ where: { kind: 'instruction.chase' } })).toBe(2 * MINUTES);
  });

  it('forget the minutes older than two days as they go', async () => {
    const deps = { store: f.app.store, clock: f.app.clock, rules: f.app.rules, timezone: f.app.timezone };
    const old = after(T0, -MINUTES_KEPT_MS - MINUTE);
    await f.app.store.schedulerMinutes.record(old, 'gone', old);
    await f.app.store.schedulerMinutes.record(after(T0, -HOUR), 'gone', after(T0, -HOUR));
    expect(await runMinute(deps, after(T0, 5_000), 'a')).toBe(true);
    expect((await f.app.db.schedulerMinute.findMany({ orderBy: { minute: 'asc' } })).map((row) => row.minute)).toEqual([
      after(T0, -HOUR),
      minuteOf(after(T0, 5_000)),
    ]);
  });
});
