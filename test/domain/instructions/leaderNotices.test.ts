import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tasksFixture, T0, HOUR, after, type TasksFixture } from '../../support/tasksFixture.ts';
import { recordInstruction } from '../../../src/domain/instructions/recordInstruction.ts';
import { addFeedback } from '../../../src/domain/instructions/addFeedback.ts';
import { resolveInstruction } from '../../../src/domain/instructions/resolveInstruction.ts';
import { setFeedbackNotices } from '../../../src/domain/instructions/setFeedbackNotices.ts';
import { readInstruction } from '../../../src/domain/instructions/readInstruction.ts';
import type { ItemRecord } from '../../../src/domain/items/port.ts';

let f: TasksFixture;
let item: ItemRecord;

const TEXT = '这条经验很好，请认真总结，在全省推广。';
const FEEDBACK = '已召开专题会议，部署在全县推广。';

async function record(leader: string) {
  const result = await recordInstruction(f.deps, { editor: f.people.chenjing!, itemId: item.id, leader, text: TEXT });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

async function feedback(instructionId: number, author = 'zhangwei', text = FEEDBACK) {
  const result = await addFeedback(f.deps, { author: f.people[author]!, instructionId, text });
  if (!result.ok) throw new Error(result.error.code);
}

/** What was queued for `code` after `since`. */
const queuedFor = async (code: string, since: number) => (await f.outboxSince(since)).filter((row) => row.to === code);

beforeEach(async () => {
  f = await tasksFixture();
  f.app.clock.set(T0);
  item = await f.submit('zhangwei');
});

afterEach(async () => {
  await f?.app.dispose();
});

describe('an instruction linked to its leader', () => {
  it('stores the leader when the name is a leader of the org file, by code or name; none for any other name', async () => {
    expect((await record('huangmin')).leaderId).toBe(f.people.huangmin!.id);
    expect((await record('张省长')).leaderId).toBe(f.people.zhangsheng!.id);
    expect((await record('吴明（市）')).leaderId).toBe(f.people.wuming!.id);
    expect((await record('王市长（市）')).leaderId).toBeNull();
    const stored = await f.app.db.instruction.findMany({ orderBy: { id: 'asc' }, select: { leaderId: true } });
    expect(stored.map((row) => row.leaderId)).toEqual([f.people.huangmin!.id, f.people.zhangsheng!.id, f.people.wuming!.id, null]);
  });
});

describe('the leader told of feedback', () => {
  it('one notice to the leader with the item, the instruction, the unit, the feedback and the local time, and two buttons', async () => {
    const instruction = await record('huangmin');
    f.app.clock.set(after(T0, 3 * HOUR));
    const since = await f.lastOutboxId();
    await feedback(instruction.id);
    const told = await queuedFor('huangmin', since);
    expect(told).toEqual([
      {
        to: 'huangmin',
        title: 'leaders.feedback.title',
        lines: ['leaders.line.item', 'leaders.line.instruction', 'leaders.feedback.unit', 'leaders.feedback.text', 'leaders.line.at'],
        params: expect.objectContaining({ unit: '罗山县政府办' }),
        buttons: [`instruction:read:${instruction.id}`, 'notices:feedback:off'],
      },
    ]);
    const row = await f.app.db.outboxMessage.findFirstOrThrow({ where: { id: { gt: since }, personId: f.people.huangmin!.id } });
    const params = JSON.parse(row.payload).lines.map((line: { params: Record<string, unknown> }) => line.params)[0];
    expect(params).toMatchObject({
      itemId: item.id,
      title: item.title,
      short: TEXT,
      author: '张伟',
      feedback: FEEDBACK,
      at: '2026-11-20 13:00', // 05:00Z in Shanghai
    });
    // The editors are told as before; nobody else.
    expect((await f.outboxSince(since)).map((r) => r.to).sort()).toEqual(['chenjing', 'huangmin']);
  });

  it('a leader who turned the notices off is not told; turned on again, told again; each change audited once', async () => {
    const instruction = await record('huangmin');
    const audits = await f.app.db.auditLog.count();
    expect(await setFeedbackNotices(f.deps, { leader: f.people.huangmin!, on: false })).toEqual({ ok: true, value: { on: false, changed: true } });
    expect(await setFeedbackNotices(f.deps, { leader: f.people.huangmin!, on: false })).toEqual({ ok: true, value: { on: false, changed: false } });
    let since = await f.lastOutboxId();
    await feedback(instruction.id);
    expect(await queuedFor('huangmin', since)).toEqual([]);
    expect(await queuedFor('chenjing', since)).toHaveLength(1);
    expect(await setFeedbackNotices(f.deps, { leader: f.people.huangmin!, on: true })).toMatchObject({ ok: true, value: { changed: true } });
    since = await f.lastOutboxId();
    await feedback(instruction.id, 'lisi');
    expect(await queuedFor('huangmin', since)).toHaveLength(1);
    const entries = await f.app.db.auditLog.findMany({ where: { id: { gt: audits } }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => [e.action, e.actor, e.subject])).toEqual([
      ['notices.feedback', 'huangmin', 'person:huangmin'],
      ['notices.feedback', 'huangmin', 'person:huangmin'],
    ]);
  });

  it('only leaders have these notices to turn off; nothing is stored for anyone else', async () => {
    const audits = await f.app.db.auditLog.count();
    for (const code of ['zhangwei', 'liuyang', 'chenjing']) {
      expect(await setFeedbackNotices(f.deps, { leader: f.people[code]!, on: false })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    expect(await f.app.db.auditLog.count()).toBe(audits);
    expect(await f.app.db.person.count({ where: { feedbackNotices: false } })).toBe(0);
  });

  it('nothing is queued for a leader bound to no chat, nor for a name outside the org file, nor for a leader deactivated since', async () => {
    const unbound = await record('吴明（市）');
    const outsider = await record('王市长（市）');
    const since = await f.lastOutboxId();
    await feedback(unbound.id);
    await feedback(outsider.id);
    expect((await f.outboxSince(since)).map((r) => r.to)).toEqual(['chenjing', 'chenjing']);
    const gone = await record('huangmin');
    await f.app.db.person.update({ where: { id: f.people.huangmin!.id }, data: { active: false, deactivatedAt: new Date(T0) } });
    const later = await f.lastOutboxId();
    await feedback(gone.id);
    expect((await f.outboxSince(later)).map((r) => r.to)).toEqual(['chenjing']);
  });

  it('an instruction recorded before leaders were linked finds its leader by name', async () => {
    const instruction = await record('huangmin');
    await f.app.db.instruction.update({ where: { id: instruction.id }, data: { leaderId: null } });
    const since = await f.lastOutboxId();
    await feedback(instruction.id);
    expect(await queuedFor('huangmin', since)).toHaveLength(1);
  });

  it('a refused feedback tells nobody', async () => {
    const instruction = await record('huangmin');
    const since = await f.lastOutboxId();
    expect(await addFeedback(f.deps, { author: f.people.wangfang!, instructionId: instruction.id, text: FEEDBACK })).toMatchObject({ ok: false });
    expect(await f.outboxSince(since)).toEqual([]);
  });

  it('the leader is told when the follow-up is resolved, with the count of feedback', async () => {
    const instruction = await record('张省长');
    await feedback(instruction.id);
    const since = await f.lastOutboxId();
    const resolved = await resolveInstruction(f.deps, { editor: f.people.chenjing!, instructionId: instruction.id });
    expect(resolved.ok).toBe(true);
    const told = await queuedFor('zhangsheng', since);
    expect(told).toMatchObject([{ title: 'leaders.resolved.title', lines: expect.arrayContaining(['leaders.resolved.body']) }]);
    const row = await f.app.db.outboxMessage.findFirstOrThrow({ where: { id: { gt: since }, personId: f.people.zhangsheng!.id } });
    expect(JSON.parse(row.payload).lines[2].params).toMatchObject({ count: 1 });
  });
});

describe('reading an instruction with its feedback', () => {
  it('the leader reads every feedback, oldest first; a reporter of another unit is refused', async () => {
    const instruction = await record('huangmin');
    await feedback(instruction.id, 'zhangwei', '第一次反馈：已部署。');
    f.app.clock.set(after(T0, HOUR));
    await feedback(instruction.id, 'lisi', '第二次反馈：已落实。');
    const read = await readInstruction(f.deps, { viewer: f.people.huangmin!, instructionId: instruction.id });
    expect(read.ok && read.value.feedback.map((x) => [x.authorName, x.text])).toEqual([
      ['张伟', '第一次反馈：已部署。'],
      ['李四', '第二次反馈：已落实。'],
    ]);
    expect(await readInstruction(f.deps, { viewer: f.people.wangfang!, instructionId: instruction.id })).toMatchObject({
      ok: false,
      error: { code: 'INSTRUCTION.NOT_YOUR_UNIT' },
    });
    expect(await readInstruction(f.deps, { viewer: f.people.huangmin!, instructionId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'INSTRUCTION.UNKNOWN' },
    });
  });
});
