import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tasksFixture, DAY, T0, after, type TasksFixture } from '../../support/tasksFixture.ts';
import { recordInstruction } from '../../../src/domain/instructions/recordInstruction.ts';
import { addFeedback } from '../../../src/domain/instructions/addFeedback.ts';
import { resolveInstruction } from '../../../src/domain/instructions/resolveInstruction.ts';
import { parseLeader, leaderLevelFromWord } from '../../../src/domain/instructions/leaders.ts';
import { unitStatus } from '../../../src/domain/units/unitStatus.ts';
import type { ItemRecord } from '../../../src/domain/items/port.ts';

let f: TasksFixture;
let item: ItemRecord;

const TEXT = '这条经验很好，请认真总结，在全省推广。';

const counts = async () => ({
  instructions: await f.app.db.instruction.count(),
  feedback: await f.app.db.instructionFeedback.count(),
  outbox: await f.app.db.outboxMessage.count(),
  audit: await f.app.db.auditLog.count(),
});

async function record(leader: string, extra: { dueAt?: Date; itemId?: number } = {}) {
  f.app.clock.set(T0);
  const result = await recordInstruction(f.deps, { editor: f.people.chenjing!, itemId: extra.itemId ?? item.id, leader, text: TEXT, dueAt: extra.dueAt });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

beforeEach(async () => {
  f = await tasksFixture();
  item = await f.submit('zhangwei');
});

afterEach(async () => {
  await f?.app.dispose();
});

describe('reading the leader', () => {
  it('reads a name with its level in brackets, Chinese or English', () => {
    expect(parseLeader('张省长（省）')).toEqual({ name: '张省长', level: '省' });
    expect(parseLeader('张省长[province]')).toEqual({ name: '张省长', level: 'province' });
    expect(parseLeader(' 王市长 【市级】 ')).toEqual({ name: '王市长', level: '市级' });
    expect(parseLeader('huangmin')).toEqual({ name: 'huangmin' });
    expect(['县', '市', '省', '国家', '国家级', 'State'].map(leaderLevelFromWord)).toEqual(['county', 'city', 'province', 'state', 'state', 'state']);
    expect(leaderLevelFromWord('乡')).toBeUndefined();
  });
});

describe('recording a leader instruction', () => {
  it('only editors may record one; nothing is stored otherwise', async () => {
    const before = await counts();
    for (const who of ['zhangwei', 'liuyang', 'huangmin'] as const) {
      const result = await recordInstruction(f.deps, { editor: f.people[who]!, itemId: item.id, leader: 'huangmin', text: TEXT });
      expect(result).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    expect(await counts()).toEqual(before);
  });

  it('a known leader: the level from the people file and its bonus (city: 2); due in 7 days by default', async () => {
    const instruction = await record('huangmin');
    expect(instruction).toMatchObject({
      itemId: item.id,
      itemTitle: item.title,
      unit: { code: 'luoshan' },
      leaderName: '黄敏',
      leaderLevel: 'city',
      bonusPoints: 2,
      status: 'open',
      text: TEXT,
      dueAt: after(T0, 7 * DAY),
      createdById: f.people.chenjing!.id,
    });
    expect(await f.app.db.instruction.findUniqueOrThrow({ where: { id: instruction.id } })).toMatchObject({ bonusPoints: 2, rulesVersion: 0 });
  });

  it('by name too, and a name with the level given: 张省长（省） 5, [state] 10, 县 1', async () => {
    expect((await record('黄敏')).bonusPoints).toBe(2);
    expect(await record('张省长')).toMatchObject({ leaderName: '张省长', leaderLevel: 'province', bonusPoints: 5 });
    expect(await record('李部长[state]')).toMatchObject({ leaderName: '李部长', leaderLevel: 'state', bonusPoints: 10 });
    expect(await record('赵县长（县）')).toMatchObject({ leaderName: '赵县长', leaderLevel: 'county', bonusPoints: 1 });
    // A level given for a known leader wins over the people file.
    expect(await record('huangmin（省）')).toMatchObject({ leaderName: '黄敏', leaderLevel: 'province', bonusPoints: 5 });
  });

  it('refuses an unknown leader without a level, a leader without a level, a bad level word and an invisible name', async () => {
    const before = await counts();
    const attempt = (leader: string) => recordInstruction(f.deps, { editor: f.people.chenjing!, itemId: item.id, leader, text: TEXT });
    expect(await attempt('王市长')).toMatchObject({ ok: false, error: { code: 'INSTRUCTION.LEADER_UNKNOWN', params: { leader: '王市长' } } });
    expect(await attempt('wuming')).toMatchObject({ ok: false, error: { code: 'INSTRUCTION.LEADER_LEVEL', params: { leader: '吴明' } } });
    expect(await attempt('王市长（乡）')).toMatchObject({ ok: false, error: { code: 'INSTRUCTION.LEVEL', params: { level: '乡' } } });
    // A name of only zero-width characters is no name, even with a level.
    for (const leader of ['\u200B\u2060（省）', '\u200B', '（省）'])
      expect(await attempt(leader)).toEqual({ ok: false, error: { code: 'INSTRUCTION.LEADER_EMPTY' } });
    expect(await counts()).toEqual(before);
  });

  it('takes an explicit due time, which must be in the future', async () => {
    const due = new Date('2026-12-01T09:30:00Z');
    expect((await record('huangmin', { dueAt: due })).dueAt).toEqual(due);
    const past = await recordInstruction(f.deps, { editor: f.people.chenjing!, itemId: item.id, leader: 'huangmin', text: TEXT, dueAt: after(T0, -1) });
    expect(past).toEqual({ ok: false, error: { code: 'DUE.PAST' } });
  });

  it('needs an item that reached the office: unknown and awaiting-sign-off items are refused', async () => {
    const unsigned = await f.submit('wangfang'); // gushi requires sign-off
    expect(unsigned.status).toBe('signoff');
    const attempt = (itemId: number) => recordInstruction(f.deps, { editor: f.people.chenjing!, itemId, leader: 'huangmin', text: TEXT });
    expect(await attempt(9999)).toEqual({ ok: false, error: { code: 'INSTRUCTION.ITEM_UNKNOWN', params: { id: 9999 } } });
    expect(await attempt(unsigned.id)).toEqual({ ok: false, error: { code: 'INSTRUCTION.ITEM_STATUS', params: { id: unsigned.id } } });
  });

  it('tells the unit’s reporters and lead with the instruction’s #N, and no one else; audit-logs it', async () => {
    const mark = await f.lastOutboxId();
    const instruction = await record('张省长（省）');
    const sent = await f.outboxSince(mark);
    expect(sent.map((m) => m.to).sort()).toEqual(['lisi', 'liuyang', 'zhangwei']);
    expect(sent[0]).toMatchObject({ title: 'instruction.notice.title', params: { id: instruction.id, leader: '张省长', level: '@leaderLevel.province' } });
    expect(sent[0]!.lines).toContain('instruction.line.due');
    const audit = await f.app.db.auditLog.findFirstOrThrow({ where: { subject: `instruction:${instruction.id}` } });
    expect(audit).toMatchObject({ actor: 'chenjing', action: 'instruction.record', at: new Date(T0), before: null });
    expect(JSON.parse(audit.after!)).toMatchObject({
      itemId: item.id,
      unit: 'luoshan',
      leader: '张省长',
      level: 'province',
      bonusPoints: 5,
      dueAt: after(T0, 7 * DAY).toISOString(),
    });
  });

  it('counts the bonuses in the unit’s points for the month they were recorded in', async () => {
    await record('huangmin');
    await record('张省长（省）');
    const status = await unitStatus(f.app, { unit: f.people.zhangwei!.unit!, period: '2026-11' });
    const bonuses = await f.app.db.instruction.aggregate({ where: { unitId: f.people.zhangwei!.unit!.id }, _sum: { bonusPoints: true } });
    expect(bonuses._sum.bonusPoints).toBeGreaterThan(0);
    expect(status.ok && status.value.points).toBe(bonuses._sum.bonusPoints);
    const december = await unitStatus(f.app, { unit: f.people.zhangwei!.unit!, period: '2026-12' });
    expect(december.ok && december.value.points).toBe(0);
    // Gushi got none.
    const gushi = await unitStatus(f.app, { unit: f.people.wangfang!.unit!, period: '2026-11' });
    expect(gushi.ok && gushi.value.points).toBe(0);
  });
});

describe('feedback and resolving', () => {
  it('a reporter or the lead of the unit adds feedback; every editor is told, and the leader', async () => {
    const instruction = await record('huangmin');
    f.app.clock.set(after(T0, DAY));
    const mark = await f.lastOutboxId();
    const result = await addFeedback(f.deps, { author: f.people.zhangwei!, instructionId: instruction.id, text: '已召开专题会议，部署总结推广工作。' });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.instruction).toMatchObject({ feedbackCount: 1, lastFeedbackAt: after(T0, DAY), status: 'open' });
    const sent = await f.outboxSince(mark);
    expect(sent.map((m) => m.to)).toEqual(['chenjing', 'huangmin']); // the leader: test/domain/instructions/leaderNotices.test.ts
    expect(sent[0]).toMatchObject({
      title: 'instruction.feedback.title',
      lines: ['instruction.line.item', 'instruction.feedback.body', 'instruction.feedback.hint'],
    });
    expect((await addFeedback(f.deps, { author: f.people.liuyang!, instructionId: instruction.id, text: '分管领导已督办。' })).ok).toBe(true);
    expect(await f.app.db.instructionFeedback.count({ where: { instructionId: instruction.id } })).toBe(2);
  });

  it('another unit, an editor, an unknown #N and a too-short text are refused; nothing stored', async () => {
    const instruction = await record('huangmin');
    const before = await counts();
    const attempt = (who: string, text = '已经部署落实', id = instruction.id) => addFeedback(f.deps, { author: f.people[who]!, instructionId: id, text });
    expect(await attempt('wangfang')).toEqual({ ok: false, error: { code: 'INSTRUCTION.NOT_YOUR_UNIT', params: { id: instruction.id } } });
    expect(await attempt('sunqi')).toEqual({ ok: false, error: { code: 'INSTRUCTION.NOT_YOUR_UNIT', params: { id: instruction.id } } });
    expect(await attempt('chenjing')).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await attempt('zhangwei', '好', instruction.id)).toEqual({ ok: false, error: { code: 'INSTRUCTION.FEEDBACK_TEXT', params: { length: 1 } } });
    expect(await attempt('zhangwei', '已经部署落实', 9999)).toEqual({ ok: false, error: { code: 'INSTRUCTION.UNKNOWN', params: { id: 9999 } } });
    expect(await counts()).toEqual(before);
  });

  it('an editor resolves it: the unit and the leader are told, the change audited; then no more feedback or resolving', async () => {
    const instruction = await record('huangmin');
    expect(await resolveInstruction(f.deps, { editor: f.people.zhangwei!, instructionId: instruction.id })).toEqual({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    f.app.clock.set(after(T0, 2 * DAY));
    const mark = await f.lastOutboxId();
    const resolved = await resolveInstruction(f.deps, { editor: f.people.chenjing!, instructionId: instruction.id });
    expect(resolved).toMatchObject({ ok: true, value: { status: 'resolved', resolvedAt: after(T0, 2 * DAY) } });
    const sent = await f.outboxSince(mark);
    expect(sent.map((m) => m.to).sort()).toEqual(['huangmin', 'lisi', 'liuyang', 'zhangwei']); // the unit, and the leader
    expect(sent[0]!.title).toBe('instruction.resolved.title');
    const audit = await f.app.db.auditLog.findFirstOrThrow({ where: { subject: `instruction:${instruction.id}`, action: 'instruction.resolve' } });
    expect(audit).toMatchObject({ actor: 'chenjing', at: after(T0, 2 * DAY) });
    expect(JSON.parse(audit.before!)).toEqual({ status: 'open' });
    expect(JSON.parse(audit.after!)).toMatchObject({ status: 'resolved' });

    expect(await resolveInstruction(f.deps, { editor: f.people.chenjing!, instructionId: instruction.id })).toEqual({
      ok: false,
      error: { code: 'INSTRUCTION.RESOLVED', params: { id: instruction.id } },
    });
    expect(await addFeedback(f.deps, { author: f.people.zhangwei!, instructionId: instruction.id, text: '补充反馈情况' })).toEqual({
      ok: false,
      error: { code: 'INSTRUCTION.RESOLVED', params: { id: instruction.id } },
    });
  });
});
