import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tasksFixture, roundTheClock, DAY, HOUR, T0, after, type TasksFixture } from '../../support/tasksFixture.ts';
import { createCommission, type CommissionTarget } from '../../../src/domain/commissions/createCommission.ts';
import { withdrawCommission } from '../../../src/domain/commissions/withdrawCommission.ts';
import { listTasks } from '../../../src/domain/tasks/listTasks.ts';
import { runJobs } from '../../../src/jobs/jobs.ts';

// Commissions addressed to a person, with a unit's own due time and requirements
// (docs/instructions-and-commissions.md). luoshan: reporters zhangwei and lisi, lead liuyang;
// gushi: reporter wangfang, lead sunqi; chenjing is the office's editor.
let f: TasksFixture;

const TOPIC = '秋冬种工作进展情况';
const REQUIREMENTS = '800字以内，侧重小麦播种进度和农技服务';
const DUE = new Date('2026-11-30T09:00:00Z'); // Monday 17:00 in Shanghai
const LUOSHAN_DUE = new Date('2026-11-25T09:00:00Z'); // Wednesday 17:00

const counts = async () => ({
  commissions: await f.app.db.commission.count(),
  commissionUnits: await f.app.db.commissionUnit.count(),
  outbox: await f.app.db.outboxMessage.count(),
  audit: await f.app.db.auditLog.count(),
});

async function commission(units: CommissionTarget[], extra: { requirements?: string } = {}) {
  f.app.clock.set(T0);
  const result = await createCommission(f.deps, { editor: f.people.chenjing!, units, dueAt: DUE, topic: TOPIC, ...extra });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

async function runAt(at: Date) {
  const mark = await f.lastOutboxId();
  await runJobs(f.deps, at);
  return (await f.outboxSince(mark)).filter((m) => m.title?.startsWith('commission.'));
}

beforeEach(async () => {
  f = await tasksFixture();
  f.deps = { ...f.deps, rules: roundTheClock(f.deps.rules) };
});

afterEach(async () => {
  await f?.app.dispose();
});

describe('a commission addressed to a person, with its own due time and requirements', () => {
  it('goes to the person’s unit, tells only that person, with the requirements and the unit’s own due time; audit-logged', async () => {
    const mark = await f.lastOutboxId();
    const c = await commission([{ code: 'zhangwei', dueAt: LUOSHAN_DUE }, 'gushi'], { requirements: REQUIREMENTS });
    expect(c.requirements).toBe(REQUIREMENTS);
    expect(c.units.map((row) => [row.unit.code, row.personId, row.dueAt])).toEqual([
      ['luoshan', f.people.zhangwei!.id, LUOSHAN_DUE],
      ['gushi', null, null],
    ]);
    const sent = await f.outboxSince(mark);
    // lisi, luoshan's other reporter, is not told: the commission is addressed to zhangwei.
    expect(sent.map((m) => m.to).sort()).toEqual(['wangfang', 'zhangwei']);
    const toZhangwei = sent.find((m) => m.to === 'zhangwei')!;
    expect(toZhangwei.lines).toEqual(['desk.commission.requirements', 'commission.notice.due']);
    const payload = async (code: string) => {
      const row = await f.app.db.outboxMessage.findFirstOrThrow({ where: { personId: f.people[code]!.id, id: { gt: mark } } });
      return JSON.parse(row.payload) as { lines: { key: string; params: Record<string, string> }[] };
    };
    expect((await payload('zhangwei')).lines.at(-1)!.params.due).toBe('2026-11-25 17:00');
    expect((await payload('wangfang')).lines.at(-1)!.params.due).toBe('2026-11-30 17:00');
    expect((await payload('wangfang')).lines[0]!.params.requirements).toBe(REQUIREMENTS);
    const audit = await f.app.db.auditLog.findFirstOrThrow({ where: { subject: `commission:${c.id}` } });
    expect(JSON.parse(audit.after!)).toEqual({
      topic: TOPIC,
      dueAt: DUE.toISOString(),
      units: ['luoshan', 'gushi'],
      requirements: REQUIREMENTS,
      addressed: { luoshan: 'zhangwei' },
      unitDue: { luoshan: LUOSHAN_DUE.toISOString() },
    });
  });

  it('refuses a person of no unit, a unit named twice, an own due time past, bad requirements; nothing stored', async () => {
    const before = await counts();
    const attempt = (units: CommissionTarget[], requirements?: string) =>
      createCommission(f.deps, { editor: f.people.chenjing!, units, dueAt: DUE, topic: TOPIC, requirements });
    expect(await attempt(['chenjing'])).toEqual({ ok: false, error: { code: 'COMMISSION.PERSON_NO_UNIT', params: { code: 'chenjing', name: '陈静' } } });
    expect(await attempt(['luoshan', 'zhangwei'])).toEqual({ ok: false, error: { code: 'COMMISSION.UNIT_TWICE', params: { unit: '罗山县政府办' } } });
    expect(await attempt(['zhangwei', 'lisi'])).toEqual({ ok: false, error: { code: 'COMMISSION.UNIT_TWICE', params: { unit: '罗山县政府办' } } });
    expect(await attempt([{ code: 'gushi', dueAt: after(T0, -HOUR) }])).toEqual({
      ok: false,
      error: { code: 'COMMISSION.UNIT_DUE_PAST', params: { code: 'gushi' } },
    });
    expect(await attempt(['gushi'], '短')).toEqual({ ok: false, error: { code: 'COMMISSION.REQUIREMENTS', params: { length: 1 } } });
    expect(await attempt(['nobody'])).toEqual({ ok: false, error: { code: 'UNIT.UNKNOWN', params: { code: 'nobody' } } });
    expect(await counts()).toEqual(before);
  });

  it('the same unit code twice is one unit, asked once', async () => {
    const c = await commission(['gushi', 'GUSHI']);
    expect(c.units.map((row) => row.unit.code)).toEqual(['gushi']);
  });

  it('chases the addressed person (and the lead from the second chaser) by the unit’s own due time; the other unit by the commission’s', async () => {
    await commission([{ code: 'zhangwei', dueAt: LUOSHAN_DUE }, 'gushi']);
    const before = await runAt(after(LUOSHAN_DUE, -24 * HOUR));
    expect(before.map((m) => [m.to, m.title])).toEqual([['zhangwei', 'commission.remind.title']]);
    expect((await runAt(LUOSHAN_DUE)).map((m) => [m.to, m.title])).toEqual([['zhangwei', 'commission.chase.title']]);
    const second = await runAt(after(LUOSHAN_DUE, DAY));
    expect(second.map((m) => m.to).sort()).toEqual(['liuyang', 'zhangwei']);
    // gushi is reminded a day before the commission's own due time, and only then.
    const gushi = await runAt(after(DUE, -24 * HOUR));
    expect(gushi.filter((m) => m.to === 'wangfang').map((m) => m.title)).toEqual(['commission.remind.title']);
  });

  it('a person who left the unit is no longer the one chased: the unit’s reporters are', async () => {
    await commission([{ code: 'zhangwei', dueAt: LUOSHAN_DUE }]);
    await f.app.db.person.update({ where: { id: f.people.zhangwei!.id }, data: { unitId: (await f.app.store.units.byCode('gushi'))!.id } });
    const before = await runAt(after(LUOSHAN_DUE, -24 * HOUR));
    expect(before.map((m) => m.to).sort()).toEqual(['lisi']);
  });

  it('the unit’s /tasks shows the requirements and its own due time', async () => {
    const c = await commission([{ code: 'zhangwei', dueAt: LUOSHAN_DUE }, 'gushi'], { requirements: REQUIREMENTS });
    const luoshan = await listTasks(f.deps, { viewer: f.people.lisi! });
    expect(luoshan.ok && luoshan.value.find((task) => task.kind === 'commission')).toEqual({
      kind: 'commission',
      id: c.id,
      topic: TOPIC,
      requirements: REQUIREMENTS,
      dueAt: LUOSHAN_DUE,
      overdue: false,
    });
    const gushi = await listTasks(f.deps, { viewer: f.people.wangfang! });
    expect(gushi.ok && gushi.value.find((task) => task.kind === 'commission')).toMatchObject({ dueAt: DUE });
  });

  it('withdrawing tells the addressed person, not the whole unit', async () => {
    const c = await commission(['zhangwei', 'gushi']);
    const mark = await f.lastOutboxId();
    expect((await withdrawCommission(f.deps, { editor: f.people.chenjing!, commissionId: c.id })).ok).toBe(true);
    expect((await f.outboxSince(mark)).map((m) => m.to).sort()).toEqual(['wangfang', 'zhangwei']);
  });
});
