import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tasksFixture, roundTheClock, DAY, HOUR, T0, after, type TasksFixture } from '../support/tasksFixture.ts';
import { recordInstruction } from '../../src/domain/instructions/recordInstruction.ts';
import { addFeedback } from '../../src/domain/instructions/addFeedback.ts';
import { resolveInstruction } from '../../src/domain/instructions/resolveInstruction.ts';
import { runJobs } from '../../src/jobs/jobs.ts';
import type { InstructionRecord } from '../../src/domain/instructions/port.ts';
import type { ItemRecord } from '../../src/domain/items/port.ts';

const MINUTE = 60_000;
// Built-in rules: feedback due 7 days after the instruction, a reminder 24 h before, then a
// chaser every 24 h; from the second chaser the unit lead (liuyang) is told too; after 3
// reminders (reminders.capBeforeEscalation) the reporters are not chased again, the lead is.
// Any hour is working time here: working time itself is tested in reminders.test.ts.
const REPORTERS = ['lisi', 'zhangwei'];
const WITH_LEAD = ['lisi', 'liuyang', 'zhangwei'];

let f: TasksFixture;
let item: ItemRecord;

/** Runs every job at `at`; who got an instruction chaser (sorted) and what the job counted. */
async function runAt(at: Date) {
  const mark = await f.lastOutboxId();
  const results = await runJobs(f.deps, at);
  // Only this job's messages: other jobs (circulars, digests) may send at the same instants.
  const messages = (await f.outboxSince(mark)).filter((m) => m.title?.startsWith('instruction.'));
  return { sent: results.find((r) => r.job === 'instruction.chase')!.sent, to: messages.map((m) => m.to).sort(), messages };
}

async function instruct(at: Date | string = T0, dueAt?: Date): Promise<InstructionRecord> {
  f.app.clock.set(at);
  const result = await recordInstruction(f.deps, {
    editor: f.people.chenjing!,
    itemId: item.id,
    leader: 'huangmin',
    text: '请认真总结经验做法，抓好推广落实。',
    dueAt,
  });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

async function feedbackAt(at: Date, instruction: InstructionRecord) {
  f.app.clock.set(at);
  const result = await addFeedback(f.deps, { author: f.people.zhangwei!, instructionId: instruction.id, text: '已召开专题会议部署落实。' });
  if (!result.ok) throw new Error(result.error.code);
}

beforeEach(async () => {
  f = await tasksFixture();
  f.deps = { ...f.deps, rules: roundTheClock(f.deps.rules) };
  item = await f.submit('zhangwei');
});

afterEach(async () => {
  await f?.app.dispose();
});

describe('chasing a leader-instruction follow-up', () => {
  it('reminds the reporters a day before, chases them from the due time, adds the lead from the second chaser, until resolved', async () => {
    const instruction = await instruct();
    const due = instruction.dueAt;
    expect(due).toEqual(after(T0, 7 * DAY));

    expect(await runAt(after(due, -24 * HOUR - MINUTE))).toMatchObject({ sent: 0, to: [] });
    const before = await runAt(after(due, -24 * HOUR));
    expect(before).toMatchObject({ sent: 2, to: REPORTERS });
    expect(before.messages[0]).toMatchObject({ title: 'instruction.remind.title', params: { id: instruction.id } });
    expect(await runAt(after(due, -MINUTE))).toMatchObject({ sent: 0, to: [] });

    const first = await runAt(due);
    expect(first).toMatchObject({ sent: 2, to: REPORTERS });
    expect(first.messages.map((m) => m.title)).toEqual(['instruction.chase.title', 'instruction.chase.title']);
    expect(await runAt(after(due, 23 * HOUR))).toMatchObject({ sent: 0, to: [] });

    const second = await runAt(after(due, DAY));
    expect(second).toMatchObject({ sent: 3, to: WITH_LEAD });
    expect(Object.fromEntries(second.messages.map((m) => [m.to, m.title]))).toEqual({
      zhangwei: 'instruction.chase.title',
      lisi: 'instruction.chase.title',
      liuyang: 'instruction.escalate.title',
    });
    // The reporters had their 3 reminders: the fourth goes to the lead instead.
    const capped = await runAt(after(due, 2 * DAY));
    expect(capped).toMatchObject({ sent: 1, to: ['liuyang'] });
    expect(capped.messages[0]!.title).toBe('instruction.escalate.title');

    f.app.clock.set(after(due, 2 * DAY + 2 * HOUR));
    expect((await resolveInstruction(f.deps, { editor: f.people.chenjing!, instructionId: instruction.id })).ok).toBe(true);
    for (const offset of [3 * DAY, 4 * DAY, 30 * DAY]) expect(await runAt(after(due, offset))).toMatchObject({ sent: 0, to: [] });

    // Another unit's people were never told.
    const ledger = await f.app.db.nudge.findMany({ where: { subject: `instruction:${instruction.id}` } });
    expect(ledger.filter((n) => [f.people.wangfang!.id, f.people.sunqi!.id].includes(n.recipientId))).toEqual([]);
    expect(
      await f.app.db.nudge.count({ where: { kind: 'instruction.chase', subject: `instruction:${instruction.id}`, recipientId: f.people.zhangwei!.id } }),
    ).toBe(3);
    expect(
      await f.app.db.nudge.count({ where: { kind: 'instruction.chase', subject: `instruction:${instruction.id}`, recipientId: f.people.liuyang!.id } }),
    ).toBe(2);
  });

  it('running the same instant twice sends nothing twice', async () => {
    const instruction = await instruct();
    const due = instruction.dueAt;
    for (const offset of [-24 * HOUR, 0, DAY]) {
      expect((await runAt(after(due, offset))).sent).toBeGreaterThan(0);
      expect(await runAt(after(due, offset))).toMatchObject({ sent: 0, to: [] });
      const both = await Promise.all([runJobs(f.deps, after(due, offset)), runJobs(f.deps, after(due, offset))]);
      expect(both.flat().reduce((sum, r) => sum + r.sent, 0)).toBe(0);
    }
  });

  it('a feedback after the due time quiets it for one interval, then the chasers start again from the reporters', async () => {
    const instruction = await instruct();
    const due = instruction.dueAt;
    expect(await runAt(due)).toMatchObject({ sent: 2, to: REPORTERS });
    expect(await runAt(after(due, DAY))).toMatchObject({ sent: 3, to: WITH_LEAD });
    await feedbackAt(after(due, 30 * HOUR), instruction);
    // Next feedback due 24 h after it: nothing at +48 h.
    expect(await runAt(after(due, 2 * DAY))).toMatchObject({ sent: 0, to: [] });
    expect(await runAt(after(due, 54 * HOUR - MINUTE))).toMatchObject({ sent: 0, to: [] });
    expect(await runAt(after(due, 54 * HOUR))).toMatchObject({ sent: 2, to: REPORTERS });
    expect(await runAt(after(due, 78 * HOUR))).toMatchObject({ sent: 3, to: WITH_LEAD });
  });

  it('a feedback just before the due time moves the first chaser to one interval after it', async () => {
    const instruction = await instruct();
    const due = instruction.dueAt;
    expect(await runAt(after(due, -24 * HOUR))).toMatchObject({ sent: 2 });
    await feedbackAt(after(due, -2 * HOUR), instruction);
    expect(await runAt(due)).toMatchObject({ sent: 0 });
    expect(await runAt(after(due, 22 * HOUR))).toMatchObject({ sent: 2, to: REPORTERS });
  });

  it('no reminder before when the due time is closer than the reminder lead time; chased from the due time', async () => {
    const instruction = await instruct(T0, after(T0, 12 * HOUR));
    expect(await runAt(after(T0, MINUTE))).toMatchObject({ sent: 0 });
    expect(await runAt(after(T0, 11 * HOUR))).toMatchObject({ sent: 0 });
    expect(await runAt(instruction.dueAt)).toMatchObject({ sent: 2, to: REPORTERS });
  });

  it('after downtime sends one catch-up chaser (with the lead), not a burst', async () => {
    const instruction = await instruct();
    const late = after(instruction.dueAt, 5 * DAY + 3 * HOUR);
    expect(await runAt(late)).toMatchObject({ sent: 3, to: WITH_LEAD });
    const slots = (await f.app.db.nudge.findMany({ where: { subject: `instruction:${instruction.id}` } })).map((n) => n.slot);
    expect(new Set(slots)).toEqual(new Set([`${instruction.dueAt.toISOString()}#5`]));
    expect(await runAt(after(late, MINUTE))).toMatchObject({ sent: 0 });
  });
});
