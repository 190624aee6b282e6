import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tasksFixture, CHAT, DAY, HOUR, T0, after, type TasksFixture } from '../support/tasksFixture.ts';
import { createChatEngine, type ChatEngine } from '../../src/chat/engine.ts';
import type { InboundEvent } from '../../src/chat/types.ts';
import { translate } from '../../src/i18n/catalog.ts';
import { actions, read, zh } from '../support/chat.ts';
import { createCommission } from '../../src/domain/commissions/createCommission.ts';
import { recordInstruction } from '../../src/domain/instructions/recordInstruction.ts';
import { addFeedback } from '../../src/domain/instructions/addFeedback.ts';
import { declareUrgent } from '../../src/domain/urgent/declareUrgent.ts';
import { recordFollowUp } from '../../src/domain/urgent/recordFollowUp.ts';

// /open and commissions to persons through the chat engine (docs/open-work.md,
// docs/instructions-and-commissions.md). chenjing is the editor; zhangsheng and huangmin leaders;
// zhangwei and lisi report for luoshan (lead liuyang), wangfang for gushi (lead sunqi).
let f: TasksFixture;
let engine: ChatEngine;

const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('en', key, params);
const event = (code: string) => ({ platform: 'telegram' as const, userId: CHAT[code]!, chatId: CHAT[code]! });
const say = (code: string, text: string) => engine.handle({ kind: 'text', ...event(code), text } as InboundEvent);
const press = (code: string, data: string) => engine.handle({ kind: 'action', ...event(code), data } as InboundEvent);

const counts = async () => ({
  commissions: await f.app.db.commission.count(),
  commissionUnits: await f.app.db.commissionUnit.count(),
  outbox: await f.app.db.outboxMessage.count(),
  audit: await f.app.db.auditLog.count(),
  conversations: await f.app.db.conversation.count(),
});

async function commission(topic: string, dueAt = after(T0, 5 * DAY)) {
  const result = await createCommission(f.deps, { editor: f.people.chenjing!, units: ['luoshan', 'gushi'], dueAt, topic });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

beforeEach(async () => {
  f = await tasksFixture();
  engine = createChatEngine(f.app.chatDeps);
});

afterEach(async () => {
  await f?.app.dispose();
});

describe('/commission to persons, with own due times and requirements', () => {
  it('one-shot (zh): a person’s code, an own due time after @, requirements on a second line', async () => {
    const replies = await say('chenjing', '/commission zhangwei@2026-11-25,gushi 2026-11-30 秋冬种工作进展情况\n要求：800字以内，侧重小麦播种进度');
    const c = await f.app.db.commission.findFirstOrThrow({ include: { units: { orderBy: { unitId: 'asc' } } } });
    expect(c).toMatchObject({ topic: '秋冬种工作进展情况', requirements: '800字以内，侧重小麦播种进度' });
    expect(c.units.map((row) => [row.personId, row.dueAt])).toEqual([
      [f.people.zhangwei!.id, new Date('2026-11-25T09:30:00Z')],
      [null, null],
    ]);
    expect(read(replies).split('\n')).toEqual([
      zh('commission.created', { id: c.id, topic: '秋冬种工作进展情况', units: '罗山县政府办、固始县政府办', due: '2026-11-30 17:30' }),
      zh('desk.commission.createdUnit', {
        unit: '罗山县政府办',
        person: zh('desk.commission.addressedTo', { name: '张伟' }),
        due: zh('desk.commission.ownDue', { due: '2026-11-25 17:30' }),
      }),
      zh('desk.commission.requirements', { requirements: '800字以内，侧重小麦播种进度' }),
    ]);
    // The unit's /tasks shows the requirements and its own due time.
    const tasks = read(await say('lisi', '/tasks'));
    expect(tasks).toContain(zh('tasks.commission', { id: c.id, topic: '秋冬种工作进展情况', due: '2026-11-25 17:30', overdue: '' }));
    expect(tasks).toContain(zh('desk.tasks.requirements', { requirements: '800字以内，侧重小麦播种进度' }));
  });

  it('guided (en): units with an own due time, due, topic, and the optional requirements', async () => {
    await say('chenjing', '/lang en');
    expect(read(await say('chenjing', '/commission'))).toBe(en('commission.askUnits'));
    expect(read(await say('chenjing', 'gushi@2026-11-26t12:00, LiSi'))).toBe(en('commission.askDue'));
    expect(read(await say('chenjing', '2026-11-30'))).toBe(en('commission.askTopic'));
    expect(read(await say('chenjing', 'Autumn sowing progress'))).toBe(en('desk.commission.askRequirements'));
    const done = read(await say('chenjing', 'Under 800 characters, with figures'));
    expect(done).toContain(en('desk.commission.requirements', { requirements: 'Under 800 characters, with figures' }));
    expect(done).toContain(en('desk.commission.addressedTo', { name: '李四' }));
    const rows = await f.app.db.commissionUnit.findMany({ orderBy: { unitId: 'asc' } });
    expect(rows.map((row) => [row.personId, row.dueAt])).toEqual([
      [f.people.lisi!.id, null],
      [null, new Date('2026-11-26T04:00:00Z')],
    ]);
  });

  it('guided (zh): “无” leaves the requirements out', async () => {
    await say('chenjing', '/commission');
    await say('chenjing', '全部');
    await say('chenjing', '2026-11-30');
    await say('chenjing', '冬季安全生产');
    const done = read(await say('chenjing', '无'));
    expect(done).not.toContain('要求');
    expect((await f.app.db.commission.findFirstOrThrow()).requirements).toBeNull();
  });

  it('refuses a bad own due time, a person of no unit and a unit named twice, saying why; nothing stored', async () => {
    const before = await counts();
    expect(read(await say('chenjing', '/commission gushi@2026-13-45 2026-11-30 秋冬种'))).toBe(zh('error.DUE.INVALID'));
    expect(read(await say('chenjing', '/commission gushi@2026-11-19 2026-11-30 秋冬种'))).toBe(zh('error.COMMISSION.UNIT_DUE_PAST', { code: 'gushi' }));
    expect(read(await say('chenjing', '/commission chenjing 2026-11-30 秋冬种'))).toBe(
      zh('error.COMMISSION.PERSON_NO_UNIT', { code: 'chenjing', name: '陈静' }),
    );
    expect(read(await say('chenjing', '/commission luoshan,lisi 2026-11-30 秋冬种'))).toBe(zh('error.COMMISSION.UNIT_TWICE', { unit: '罗山县政府办' }));
    expect(read(await say('chenjing', '/commission gushi 2026-11-30 秋冬种\n要求：短'))).toBe(zh('error.COMMISSION.REQUIREMENTS', { length: 1 }));
    expect(await counts()).toEqual(before);
  });
});

describe('/open', () => {
  it('refuses reporters and leads, for the command and its buttons; nothing stored', async () => {
    const c = await commission('秋冬种工作进展情况');
    const before = await counts();
    for (const who of ['zhangwei', 'liuyang', 'wangfang']) {
      expect(read(await say(who, '/open'))).toBe(zh('error.AUTH.FORBIDDEN'));
      expect(read(await press(who, `open:d:commission:${c.id}`))).toBe(zh('error.AUTH.FORBIDDEN'));
      expect(read(await press(who, 'open:p:all:1'))).toBe(zh('error.AUTH.FORBIDDEN'));
    }
    expect(await counts()).toEqual(before);
  });

  it('says so in one sentence when nothing is open, in zh and en; and for one empty section', async () => {
    expect(read(await say('chenjing', '/open'))).toBe(zh('open.empty'));
    expect(read(await say('chenjing', '/open 紧急'))).toBe(zh('open.emptySection', { section: zh('open.section.urgent') }));
    await say('zhangsheng', '/lang en');
    expect(read(await say('zhangsheng', '/open'))).toBe(en('open.empty'));
    expect(read(await say('zhangsheng', '/open urgent'))).toBe(en('open.emptySection', { section: en('open.section.urgent') }));
    expect(read(await say('zhangsheng', '/open everything'))).toBe(en('error.OPEN.USAGE'));
  });

  it('pages ten lines at a time with previous/next buttons; one section by its zh or en name; writes nothing', async () => {
    const made = [];
    for (let n = 1; n <= 12; n += 1) made.push(await commission(`第${n}项约稿题目`, after(T0, n * DAY)));
    const item = await f.submit('zhangwei');
    const instruction = await recordInstruction(f.deps, {
      editor: f.people.chenjing!,
      itemId: item.id,
      leader: '张省长',
      text: '请总结推广',
      dueAt: after(T0, 2 * DAY),
    });
    if (!instruction.ok) throw new Error(instruction.error.code);
    const before = await counts();

    const first = await say('huangmin', '/open');
    expect(first[0]!.title).toBe(zh('open.title', { page: 1, pages: 2 }));
    const lines = first[0]!.lines;
    expect(lines[0]).toBe(zh('open.heading', { section: zh('open.section.instructions'), count: 1 }));
    expect(lines[1]).toBe(
      zh('open.line.instruction', {
        id: instruction.value.id,
        unit: '罗山县政府办',
        leader: '张省长',
        itemId: item.id,
        due: '2026-11-22 10:00',
        feedback: zh('open.noFeedback'),
        overdue: '',
      }),
    );
    expect(lines[2]).toBe(zh('open.heading', { section: zh('open.section.commissions'), count: 12 }));
    expect(lines[3]).toBe(zh('open.line.commission', { id: made[0]!.id, topic: '第1项约稿题目', due: '2026-11-21 10:00', answered: 0, asked: 2, overdue: '' }));
    expect(actions(first)).toEqual([`open:d:instruction:${instruction.value.id}`, ...made.slice(0, 9).map((c) => `open:d:commission:${c.id}`), 'open:p:all:2']);

    const second = await press('huangmin', 'open:p:all:2');
    expect(second[0]!.title).toBe(zh('open.title', { page: 2, pages: 2 }));
    expect(actions(second)).toEqual([...made.slice(9).map((c) => `open:d:commission:${c.id}`), 'open:p:all:1']);
    // A page past the last shows the last.
    expect(actions(await press('huangmin', 'open:p:all:9'))).toEqual(actions(second));

    const commissionsOnly = await say('chenjing', '/open 约稿');
    expect(actions(commissionsOnly)).toEqual([...made.slice(0, 10).map((c) => `open:d:commission:${c.id}`), 'open:p:commissions:2']);
    const instructionsOnly = await say('chenjing', '/open instructions');
    expect(actions(instructionsOnly)).toEqual([`open:d:instruction:${instruction.value.id}`]);
    expect(await counts()).toEqual(before);
  });

  it('the detail buttons: a commission (count, answered and silent units, addressee, own due), an instruction (feedback), an urgent report (updates)', async () => {
    const created = await createCommission(f.deps, {
      editor: f.people.chenjing!,
      units: [{ code: 'zhangwei', dueAt: after(T0, DAY) }, 'gushi'],
      dueAt: after(T0, 3 * DAY),
      topic: '秋冬种工作进展情况',
      requirements: '800字以内',
    });
    if (!created.ok) throw new Error(created.error.code);
    const c = created.value;
    f.app.clock.set(after(T0, 2 * DAY));
    const answer = await f.submit('wangfang', { commissionId: c.id });
    const detail = await press('chenjing', `open:d:commission:${c.id}`);
    expect(detail[0]!.title).toBe(zh('open.commission.title', { id: c.id, topic: '秋冬种工作进展情况' }));
    expect(detail[0]!.lines).toEqual([
      zh('desk.commission.requirements', { requirements: '800字以内' }),
      zh('open.commission.due', { due: '2026-11-23 10:00' }),
      zh('open.commission.count', { answered: 1, asked: 2 }),
      zh('open.commission.silent', {
        unit: '罗山县政府办',
        person: zh('desk.commission.addressedTo', { name: '张伟' }),
        due: zh('desk.commission.ownDue', { due: '2026-11-21 10:00' }),
        overdue: zh('open.overdue'),
      }),
      zh('open.commission.answered', { unit: '固始县政府办', person: '', itemId: answer.id, at: '2026-11-22 10:00' }),
    ]);
    expect(actions(detail)).toEqual(['open:p:all:1']);

    const item = await f.submit('zhangwei');
    const instruction = await recordInstruction(f.deps, {
      editor: f.people.chenjing!,
      itemId: item.id,
      leader: '张省长',
      text: '请总结推广',
      dueAt: after(T0, 4 * DAY),
    });
    if (!instruction.ok) throw new Error(instruction.error.code);
    f.app.clock.set(after(T0, 2 * DAY + HOUR));
    await addFeedback(f.deps, { author: f.people.lisi!, instructionId: instruction.value.id, text: '已召开专题会议部署' });
    const shown = read(await press('zhangsheng', `open:d:instruction:${instruction.value.id}`));
    expect(shown).toContain(zh('open.instruction.text', { text: '请总结推广' }));
    expect(shown).toContain(zh('open.instruction.feedback', { at: '2026-11-22 11:00', author: '李四', text: '已召开专题会议部署' }));

    const report = await declareUrgent(f.deps, { reporter: f.people.zhangwei!, what: '罗山县某乡镇发生道路交通事故', severity: 'major' });
    if (!report.ok) throw new Error(report.error.code);
    f.app.clock.set(after(T0, 2 * DAY + 2 * HOUR));
    await recordFollowUp(f.deps, { author: f.people.zhangwei!, reportId: report.value.id, text: '伤员已送医，道路恢复通行', final: false });
    const urgent = read(await press('chenjing', `open:d:urgent:${report.value.id}`));
    expect(urgent).toContain(zh('open.urgent.what', { what: '罗山县某乡镇发生道路交通事故' }));
    expect(urgent).toContain(
      zh('open.urgent.update', { at: '2026-11-22 12:00', kind: zh('open.urgent.kind.followup'), author: '张伟', text: '伤员已送医，道路恢复通行', late: '' }),
    );
    // A detail of something that is not there says so.
    expect(read(await press('chenjing', 'open:d:commission:999'))).toBe(zh('error.COMMISSION.UNKNOWN', { id: 999 }));
  });
});
