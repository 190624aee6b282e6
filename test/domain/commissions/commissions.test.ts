import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tasksFixture, DAY, T0, after, type TasksFixture } from '../../support/tasksFixture.ts';
import { createCommission } from '../../../src/domain/commissions/createCommission.ts';
import { withdrawCommission } from '../../../src/domain/commissions/withdrawCommission.ts';
import { commissionsToAnswer } from '../../../src/domain/commissions/commissionsToAnswer.ts';
import { submitItem } from '../../../src/domain/items/submitItem.ts';
import { listTasks } from '../../../src/domain/tasks/listTasks.ts';
import { recordInstruction } from '../../../src/domain/instructions/recordInstruction.ts';
import { parseDue } from '../../../src/domain/tasks/due.ts';

let f: TasksFixture;

const TOPIC = '秋冬种工作进展情况';
const DUE = new Date('2026-11-30T09:00:00Z'); // 17:00 in Shanghai

const counts = async () => ({
  commissions: await f.app.db.commission.count(),
  commissionUnits: await f.app.db.commissionUnit.count(),
  items: await f.app.db.item.count(),
  outbox: await f.app.db.outboxMessage.count(),
  audit: await f.app.db.auditLog.count(),
});

async function commission(units: 'all' | string[] = ['luoshan', 'gushi'], dueAt = DUE) {
  f.app.clock.set(T0);
  const result = await createCommission(f.deps, { editor: f.people.chenjing!, units, dueAt, topic: TOPIC });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

const ITEM = {
  title: '罗山县秋冬种进展顺利',
  body: '截至目前，罗山县已完成秋冬种面积八成以上，小麦、油菜长势良好，各项服务措施落实到位。',
  category: 'dynamic',
};

beforeEach(async () => {
  f = await tasksFixture();
});

afterEach(async () => {
  await f?.app.dispose();
});

describe('due times as typed', () => {
  it('a bare date is the end of that working day; a date and time is that local time', () => {
    expect(parseDue('2026-11-30', f.app.timezone, f.app.rules)).toEqual(new Date('2026-11-30T09:30:00Z')); // 17:30 Shanghai
    expect(parseDue('2026-11-30T17:00', f.app.timezone, f.app.rules)).toEqual(DUE);
    expect(parseDue('2026-11-30 17:00', f.app.timezone, f.app.rules)).toEqual(DUE);
    expect(parseDue('下周一', f.app.timezone, f.app.rules)).toBeNull();
    expect(parseDue('2026-02-30', f.app.timezone, f.app.rules)).toBeNull();
  });
});

describe('commissioning', () => {
  it('only editors commission; nothing is stored otherwise', async () => {
    const before = await counts();
    for (const who of ['zhangwei', 'liuyang', 'huangmin'] as const) {
      expect(await createCommission(f.deps, { editor: f.people[who]!, units: 'all', dueAt: DUE, topic: TOPIC })).toEqual({
        ok: false,
        error: { code: 'AUTH.FORBIDDEN' },
      });
    }
    expect(await counts()).toEqual(before);
  });

  it('asks the units named; their reporters get the commission with a “submit” button; audit-logged', async () => {
    const mark = await f.lastOutboxId();
    const c = await commission(['luoshan', 'gushi']);
    expect(c).toMatchObject({ topic: TOPIC, dueAt: DUE, status: 'open', createdById: f.people.chenjing!.id });
    expect(c.units.map((row) => [row.unit.code, row.answeredAt])).toEqual([
      ['luoshan', null],
      ['gushi', null],
    ]);
    const sent = await f.outboxSince(mark);
    expect(sent.map((m) => m.to).sort()).toEqual(['lisi', 'wangfang', 'zhangwei']);
    expect(sent[0]).toMatchObject({ title: 'commission.notice.title', params: { id: c.id, topic: TOPIC }, buttons: [`commission:${c.id}:answer`] });
    const audit = await f.app.db.auditLog.findFirstOrThrow({ where: { subject: `commission:${c.id}` } });
    expect(audit).toMatchObject({ actor: 'chenjing', action: 'commission.create', at: new Date(T0) });
    expect(JSON.parse(audit.after!)).toEqual({ topic: TOPIC, dueAt: DUE.toISOString(), units: ['luoshan', 'gushi'] });
  });

  it('all: every active unit', async () => {
    const c = await commission('all');
    expect(c.units.map((row) => row.unit.code).sort()).toEqual(['gushi', 'luoshan']);
  });

  it('refuses an unknown unit, no units, a past due time and an empty topic; nothing stored', async () => {
    const before = await counts();
    const attempt = (units: 'all' | string[], dueAt = DUE, topic = TOPIC) => createCommission(f.deps, { editor: f.people.chenjing!, units, dueAt, topic });
    expect(await attempt(['luoshan', 'nowhere'])).toEqual({ ok: false, error: { code: 'UNIT.UNKNOWN', params: { code: 'nowhere' } } });
    expect(await attempt([])).toEqual({ ok: false, error: { code: 'COMMISSION.NO_UNITS' } });
    expect(await attempt('all', after(T0, -60_000))).toEqual({ ok: false, error: { code: 'DUE.PAST' } });
    expect(await attempt('all', DUE, ' ')).toEqual({ ok: false, error: { code: 'COMMISSION.TOPIC', params: { length: 0 } } });
    expect(await attempt('all', DUE, '\u200B\u200D')).toEqual({ ok: false, error: { code: 'COMMISSION.TOPIC', params: { length: 0 } } });
    expect(await counts()).toEqual(before);
  });
});

describe('answering by submitting an item against the commission', () => {
  it('records the unit’s answer (item and answer in one go); the commission leaves the unit’s tasks', async () => {
    const c = await commission(['luoshan', 'gushi']);
    expect((await commissionsToAnswer(f.deps, { person: f.people.zhangwei! })).ok).toBe(true);
    f.app.clock.set(after(T0, DAY));
    const item = await f.submit('zhangwei', { commissionId: c.id });
    expect(item.commissionId).toBe(c.id);
    const rows = await f.app.db.commissionUnit.findMany({ where: { commissionId: c.id }, include: { unit: true }, orderBy: { unitId: 'asc' } });
    expect(rows.map((row) => [row.unit.code, row.answerItemId, row.answeredAt])).toEqual([
      ['luoshan', item.id, after(T0, DAY)],
      ['gushi', null, null],
    ]);
    const luoshan = await listTasks(f.deps, { viewer: f.people.liuyang! });
    expect(luoshan.ok && luoshan.value.some((task) => task.kind === 'commission' && task.id === c.id)).toBe(false);
    const gushi = await listTasks(f.deps, { viewer: f.people.wangfang! });
    expect(gushi.ok && gushi.value.some((task) => task.kind === 'commission' && task.id === c.id)).toBe(true);

    // A second item on it is fine; the first answer stays.
    const second = await f.submit('lisi', { commissionId: c.id });
    expect(second.commissionId).toBe(c.id);
    expect((await f.app.db.commissionUnit.findFirstOrThrow({ where: { commissionId: c.id, unitId: item.unitId } })).answerItemId).toBe(item.id);
  });

  it('a gushi item awaiting sign-off answers for gushi when it is submitted', async () => {
    const c = await commission(['gushi']);
    const item = await f.submit('wangfang', { commissionId: c.id });
    expect(item.status).toBe('signoff');
    expect(await f.app.db.commissionUnit.findFirstOrThrow({ where: { commissionId: c.id } })).toMatchObject({ answerItemId: item.id });
  });

  it('refuses a commission the unit was not asked for, an unknown one and a withdrawn one; no item is stored', async () => {
    const gushiOnly = await commission(['gushi']);
    const withdrawn = await commission(['luoshan']);
    expect((await withdrawCommission(f.deps, { editor: f.people.chenjing!, commissionId: withdrawn.id })).ok).toBe(true);
    const before = await counts();
    const attempt = (commissionId: number) => submitItem(f.app, { author: f.people.zhangwei!, ...ITEM, commissionId });
    expect(await attempt(gushiOnly.id)).toEqual({ ok: false, error: { code: 'COMMISSION.NOT_YOUR_UNIT', params: { id: gushiOnly.id } } });
    expect(await attempt(9999)).toEqual({ ok: false, error: { code: 'COMMISSION.UNKNOWN', params: { id: 9999 } } });
    expect(await attempt(withdrawn.id)).toEqual({ ok: false, error: { code: 'COMMISSION.WITHDRAWN', params: { id: withdrawn.id } } });
    expect(await counts()).toEqual(before);
  });
});

describe('withdrawing', () => {
  it('only editors; the units that had not answered are told; audit-logged; twice is refused', async () => {
    const c = await commission(['luoshan', 'gushi']);
    await f.submit('zhangwei', { commissionId: c.id });
    expect(await withdrawCommission(f.deps, { editor: f.people.zhangwei!, commissionId: c.id })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    f.app.clock.set(after(T0, 2 * DAY));
    const mark = await f.lastOutboxId();
    expect(await withdrawCommission(f.deps, { editor: f.people.chenjing!, commissionId: c.id })).toMatchObject({ ok: true, value: { status: 'withdrawn' } });
    const sent = await f.outboxSince(mark);
    expect(sent.map((m) => [m.to, m.title])).toEqual([['wangfang', 'commission.withdrawn.title']]);
    const audit = await f.app.db.auditLog.findFirstOrThrow({ where: { subject: `commission:${c.id}`, action: 'commission.withdraw' } });
    expect(audit).toMatchObject({ actor: 'chenjing', at: after(T0, 2 * DAY) });
    expect(JSON.parse(audit.before!)).toEqual({ status: 'open' });
    expect(JSON.parse(audit.after!)).toMatchObject({ status: 'withdrawn' });
    expect(await withdrawCommission(f.deps, { editor: f.people.chenjing!, commissionId: c.id })).toEqual({
      ok: false,
      error: { code: 'COMMISSION.WITHDRAWN', params: { id: c.id } },
    });
    expect(await withdrawCommission(f.deps, { editor: f.people.chenjing!, commissionId: 9999 })).toEqual({
      ok: false,
      error: { code: 'COMMISSION.UNKNOWN', params: { id: 9999 } },
    });
  });
});

describe('the unit’s tasks', () => {
  it('lists open commissions and instruction follow-ups of the viewer’s unit only, soonest due first', async () => {
    await f.app.db.commission.updateMany({ data: { status: 'withdrawn' } });
    f.app.clock.set(T0);
    const late = await commission(['luoshan'], new Date('2026-12-10T09:00:00Z'));
    const soon = await commission(['luoshan', 'gushi'], new Date('2026-11-22T09:00:00Z'));
    const item = await f.submit('zhangwei');
    const instruction = await recordInstruction(f.deps, { editor: f.people.chenjing!, itemId: item.id, leader: 'huangmin', text: '请总结经验' });
    if (!instruction.ok) throw new Error(instruction.error.code);
    await f.app.db.instruction.updateMany({ where: { id: { not: instruction.value.id } }, data: { status: 'resolved' } });

    const mine = await listTasks(f.deps, { viewer: f.people.liuyang! });
    if (!mine.ok) throw new Error(mine.error.code);
    expect(mine.value.map((task) => [task.kind, task.id])).toEqual([
      ['commission', soon.id],
      ['instruction', instruction.value.id],
      ['commission', late.id],
    ]);
    const theirs = await listTasks(f.deps, { viewer: f.people.sunqi! });
    expect(theirs.ok && theirs.value.map((task) => [task.kind, task.id])).toEqual([['commission', soon.id]]);
    expect(await listTasks(f.deps, { viewer: f.people.chenjing! })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});
