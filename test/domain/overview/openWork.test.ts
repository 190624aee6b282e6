import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tasksFixture, DAY, HOUR, T0, after, type TasksFixture } from '../../support/tasksFixture.ts';
import { createCommission } from '../../../src/domain/commissions/createCommission.ts';
import { recordInstruction } from '../../../src/domain/instructions/recordInstruction.ts';
import { addFeedback } from '../../../src/domain/instructions/addFeedback.ts';
import { declareUrgent } from '../../../src/domain/urgent/declareUrgent.ts';
import { recordFollowUp } from '../../../src/domain/urgent/recordFollowUp.ts';
import { listOpenWork } from '../../../src/domain/overview/listOpenWork.ts';
import { describeCommission } from '../../../src/domain/overview/describeCommission.ts';
import { describeInstruction } from '../../../src/domain/overview/describeInstruction.ts';
import { describeUrgent } from '../../../src/domain/overview/describeUrgent.ts';

// The open-work overview (/open, docs/open-work.md): chenjing is the editor, zhangsheng a
// leader, and so is huangmin; zhangwei and lisi report for luoshan, wangfang for gushi (whose
// items need sign-off, so the instructions here are on luoshan's items).
let f: TasksFixture;

const writes = async () => ({
  outbox: await f.app.db.outboxMessage.count(),
  audit: await f.app.db.auditLog.count(),
});

async function commission(units: Parameters<typeof createCommission>[1]['units'], dueAt: Date, topic: string) {
  const result = await createCommission(f.deps, { editor: f.people.chenjing!, units, dueAt, topic, requirements: '800字以内' });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

async function instruction(author: string, dueAt: Date) {
  const item = await f.submit(author);
  const result = await recordInstruction(f.deps, { editor: f.people.chenjing!, itemId: item.id, leader: '张省长', text: '请总结推广经验', dueAt });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

async function urgent(reporter: string, what: string) {
  const result = await declareUrgent(f.deps, { reporter: f.people[reporter]!, what, severity: 'major' });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

beforeEach(async () => {
  f = await tasksFixture();
});

afterEach(async () => {
  await f?.app.dispose();
});

describe('the open-work overview', () => {
  it('is for editors and leaders only', async () => {
    for (const who of ['zhangwei', 'liuyang', 'wangfang', 'sunqi'] as const) {
      expect(await listOpenWork(f.deps, { viewer: f.people[who]! })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
      expect(await describeCommission(f.deps, { viewer: f.people[who]!, commissionId: 1 })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    for (const who of ['chenjing', 'zhangsheng', 'huangmin'] as const) {
      expect(await listOpenWork(f.deps, { viewer: f.people[who]! })).toEqual({ ok: true, value: { instructions: [], commissions: [], urgent: [] } });
    }
  });

  it('lists each section overdue first, then soonest due, with answer counts and last feedback; writes nothing', async () => {
    const later = await commission(['luoshan', 'gushi'], after(T0, 5 * DAY), '秋冬种工作进展情况');
    const sooner = await commission([{ code: 'zhangwei', dueAt: after(T0, HOUR) }, 'gushi'], after(T0, 3 * DAY), '冬季安全生产');
    const soonInstruction = await instruction('zhangwei', after(T0, 2 * DAY));
    const lateInstruction = await instruction('lisi', after(T0, 4 * HOUR));
    await f.submit('lisi', { commissionId: later.id });
    const report = await urgent('zhangwei', '罗山县某乡镇发生道路交通事故，已组织救援');

    f.app.clock.set(after(T0, 6 * HOUR));
    const fed = await addFeedback(f.deps, { author: f.people.zhangwei!, instructionId: soonInstruction.id, text: '已召开专题会议部署推广' });
    expect(fed.ok).toBe(true);
    const before = await writes();
    const result = await listOpenWork(f.deps, { viewer: f.people.zhangsheng! });
    expect(await writes()).toEqual(before);
    if (!result.ok) throw new Error(result.error.code);
    const work = result.value;
    // The later-made instruction is past its due time and comes first; the other is not.
    expect(work.instructions.map((i) => [i.id, i.unit.code, i.overdue, i.lastFeedbackAt])).toEqual([
      [lateInstruction.id, 'luoshan', true, null],
      [soonInstruction.id, 'luoshan', false, after(T0, 6 * HOUR)],
    ]);
    expect(work.instructions[0]).toMatchObject({ leaderName: '张省长', dueAt: after(T0, 4 * HOUR) });
    // The sooner commission is overdue: luoshan's own due time (an hour after T0) has passed unanswered.
    expect(work.commissions.map((c) => [c.id, c.answered, c.asked, c.overdue])).toEqual([
      [sooner.id, 0, 2, true],
      [later.id, 1, 2, false],
    ]);
    expect(work.urgent.map((u) => [u.id, u.unit.code, u.severity])).toEqual([[report.id, 'luoshan', 'major']]);
    expect(work.urgent[0]!.overdue).toBe(report.nextDueAt!.getTime() <= after(T0, 6 * HOUR).getTime());

    const only = await listOpenWork(f.deps, { viewer: f.people.chenjing!, section: 'commissions' });
    expect(only.ok && [only.value.instructions.length, only.value.commissions.length, only.value.urgent.length]).toEqual([0, 2, 0]);
  });

  it('a commission’s detail: the count, each unit answered (item and time) or silent, its addressee and own due time', async () => {
    const c = await commission([{ code: 'zhangwei', dueAt: after(T0, DAY) }, 'gushi'], after(T0, 3 * DAY), '秋冬种工作进展情况');
    f.app.clock.set(after(T0, 2 * DAY));
    const item = await f.submit('wangfang', { commissionId: c.id });
    const result = await describeCommission(f.deps, { viewer: f.people.chenjing!, commissionId: c.id });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value).toMatchObject({ answered: 1, asked: 2, commission: { requirements: '800字以内' } });
    expect(result.value.units.map((row) => [row.unit.code, row.answerItemId, row.answeredAt, row.addressee, row.ownDueAt, row.overdue])).toEqual([
      ['luoshan', null, null, { code: 'zhangwei', name: '张伟' }, after(T0, DAY), true],
      ['gushi', item.id, after(T0, 2 * DAY), null, null, false],
    ]);
    expect(await describeCommission(f.deps, { viewer: f.people.chenjing!, commissionId: 999 })).toEqual({
      ok: false,
      error: { code: 'COMMISSION.UNKNOWN', params: { id: 999 } },
    });
  });

  it('an instruction’s detail lists each feedback with who sent it and when', async () => {
    const i = await instruction('zhangwei', after(T0, 2 * DAY));
    f.app.clock.set(after(T0, HOUR));
    await addFeedback(f.deps, { author: f.people.zhangwei!, instructionId: i.id, text: '已召开专题会议部署推广' });
    f.app.clock.set(after(T0, 2 * HOUR));
    await addFeedback(f.deps, { author: f.people.lisi!, instructionId: i.id, text: '已在全县推广，覆盖十个乡镇' });
    const result = await describeInstruction(f.deps, { viewer: f.people.zhangsheng!, instructionId: i.id });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.instruction).toMatchObject({ id: i.id, leaderName: '张省长', text: '请总结推广经验' });
    expect(result.value.feedback.map((fb) => [fb.authorName, fb.text, fb.at])).toEqual([
      ['张伟', '已召开专题会议部署推广', after(T0, HOUR)],
      ['李四', '已在全县推广，覆盖十个乡镇', after(T0, 2 * HOUR)],
    ]);
    expect(await describeInstruction(f.deps, { viewer: f.people.zhangwei!, instructionId: i.id })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('an urgent report’s detail lists its updates with who sent them', async () => {
    const report = await urgent('zhangwei', '罗山县某乡镇发生道路交通事故，已组织救援');
    f.app.clock.set(after(T0, 20 * 60_000));
    const update = await recordFollowUp(f.deps, { author: f.people.lisi!, reportId: report.id, text: '伤员已送医，道路恢复通行', final: false });
    expect(update.ok).toBe(true);
    const result = await describeUrgent(f.deps, { viewer: f.people.chenjing!, reportId: report.id });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.report).toMatchObject({ id: report.id, severity: 'major', status: 'open' });
    expect(result.value.updates.map((u) => [u.kind, u.authorName, u.text, u.at])).toEqual([
      ['followup', '李四', '伤员已送医，道路恢复通行', after(T0, 20 * 60_000)],
    ]);
    expect(await describeUrgent(f.deps, { viewer: f.people.chenjing!, reportId: 77 })).toEqual({
      ok: false,
      error: { code: 'URGENT.UNKNOWN', params: { id: 77 } },
    });
  });
});
