import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tasksFixture, CHAT, T0, type TasksFixture } from '../support/tasksFixture.ts';
import { createChatEngine, type ChatEngine } from '../../src/chat/engine.ts';
import type { InboundEvent, Reply } from '../../src/chat/types.ts';
import { translate } from '../../src/i18n/catalog.ts';

const zh = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('zh-CN', key, params);

let f: TasksFixture;
let engine: ChatEngine;
let itemId: number;

const event = (code: string) => ({ platform: 'telegram' as const, userId: CHAT[code]!, chatId: CHAT[code]! });
const say = (code: string, text: string) => engine.handle({ kind: 'text', ...event(code), text } as InboundEvent);
const press = (code: string, data: string) => engine.handle({ kind: 'action', ...event(code), data } as InboundEvent);
const read = (replies: Reply[]) => replies.flatMap((r) => (r.title ? [r.title, ...r.lines] : r.lines)).join('\n');
const actions = (replies: Reply[]) => replies.flatMap((r) => (r.buttons ?? []).flat().map((button) => button.action));
const refOf = (replies: Reply[], after = '#') => Number(new RegExp(`${after}(\\d+)`).exec(read(replies))?.[1]);

const BODY = '截至目前，罗山县已完成秋冬种面积八成以上，小麦、油菜长势良好，各项服务措施落实到位。';

const counts = async () => ({
  instructions: await f.app.db.instruction.count(),
  feedback: await f.app.db.instructionFeedback.count(),
  commissions: await f.app.db.commission.count(),
  items: await f.app.db.item.count(),
});

beforeEach(async () => {
  f = await tasksFixture();
  engine = createChatEngine(f.app.chatDeps);
  itemId = (await f.submit('zhangwei')).id;
});

afterEach(async () => {
  await f?.app.dispose();
});

describe('/instruct, /feedback, /resolve', () => {
  /** Two instructions on 张伟's item, recorded by the editor. */
  const twoInstructions = async () => {
    f.app.clock.set(T0);
    await say('chenjing', `/instruct ${itemId} huangmin: 请抓好落实`);
    await say('chenjing', `/instruct ${itemId} 张省长（省）：请认真总结，在全省推广。`);
  };

  it('a reporter may not instruct; nothing is stored', async () => {
    const before = await counts();
    expect(read(await say('zhangwei', `/instruct ${itemId} 张省长（省）: 请认真总结推广`))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say('huangmin', `/instruct ${itemId} 张省长（省）: 请认真总结推广`))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(await counts()).toEqual(before);
  });

  it('one-shot with a level and a trailing due date: the bonus, the unit and the due time in the reply', async () => {
    f.app.clock.set(T0);
    const replies = await say('chenjing', `/instruct #${itemId} 张省长（省）：请认真总结，在全省推广。截止 2026-12-01`);
    const id = refOf(replies, '批示 #');
    expect(read(replies)).toBe(
      zh('instruction.recorded', {
        id,
        leader: '张省长',
        level: '省级',
        itemId,
        title: '罗山县推进秋冬种工作第1篇',
        unit: '罗山县政府办',
        points: 5,
        due: '2026-12-01 17:30',
      }),
    );
    expect(await f.app.store.instructions.byId(id)).toMatchObject({
      text: '请认真总结，在全省推广。',
      leaderLevel: 'province',
      bonusPoints: 5,
      dueAt: new Date('2026-12-01T09:30:00Z'),
    });
  });

  it('one-shot with a known leader: due in 7 days by default', async () => {
    f.app.clock.set(T0);
    const replies = await say('chenjing', `/instruct ${itemId} huangmin: 请进一步跟踪落实 due 2026-11-28T12:00`);
    expect(await f.app.store.instructions.byId(refOf(replies, '批示 #'))).toMatchObject({
      leaderName: '黄敏',
      bonusPoints: 2,
      dueAt: new Date('2026-11-28T04:00:00Z'),
    });
    const plain = await say('chenjing', `/instruct ${itemId} huangmin: 请进一步跟踪落实`);
    expect(read(plain)).toContain('2026-11-27 10:00');
  });

  it('refuses what it cannot read with a sentence saying how', async () => {
    const before = await counts();
    expect(read(await say('chenjing', '/instruct 张省长 请推广'))).toBe(zh('error.INSTRUCTION.USAGE'));
    expect(read(await say('chenjing', `/instruct ${itemId} 王市长: 请推广`))).toBe(zh('error.INSTRUCTION.LEADER_UNKNOWN', { leader: '王市长' }));
    expect(read(await say('chenjing', `/instruct ${itemId} huangmin: 请推广 截止 2020-01-01`))).toBe(zh('error.DUE.PAST'));
    expect(await counts()).toEqual(before);
  });

  it('guided: item, leader, text and due (“默认”)', async () => {
    f.app.clock.set(T0);
    expect(read(await say('chenjing', '/instruct'))).toBe(zh('instruct.askItem'));
    expect(read(await say('chenjing', 'abc'))).toContain(zh('error.INSTRUCTION.ITEM_REF'));
    expect(read(await say('chenjing', `#${itemId}`))).toBe(zh('instruct.askLeader'));
    expect(read(await say('chenjing', '张省长[province]'))).toBe(zh('instruct.askText'));
    expect(read(await say('chenjing', '经验很好，请推广。'))).toBe(zh('instruct.askDue'));
    const done = await say('chenjing', '默认');
    expect(read(done)).toContain('2026-11-27 10:00');
    expect(await f.app.store.instructions.byId(refOf(done, '批示 #'))).toMatchObject({ leaderName: '张省长', bonusPoints: 5 });
  });

  it('/feedback from the unit is recorded and the editor told; another unit is refused', async () => {
    f.app.clock.set(T0);
    const id = refOf(await say('chenjing', `/instruct ${itemId} huangmin: 请抓好落实`), '批示 #');
    const mark = await f.lastOutboxId();
    const reply = read(await say('zhangwei', `/feedback #${id} 已召开专题会议部署落实。`));
    expect(reply).toBe(zh('feedback.recorded', { id, due: '2026-11-27 10:00' }));
    // The editor, and the leader who gave the instruction (docs/instructions-and-commissions.md).
    expect((await f.outboxSince(mark)).map((m) => [m.to, m.title])).toEqual([
      ['chenjing', 'instruction.feedback.title'],
      ['huangmin', 'leaders.feedback.title'],
    ]);

    const before = await counts();
    expect(read(await say('wangfang', `/feedback ${id} 已经落实`))).toBe(zh('error.INSTRUCTION.NOT_YOUR_UNIT', { id }));
    expect(read(await say('chenjing', `/feedback ${id} 已经落实`))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say('zhangwei', '/feedback 已经落实'))).toBe(zh('error.INSTRUCTION.FEEDBACK_USAGE'));
    expect(await counts()).toEqual(before);
  });

  it('guided /feedback offers the unit’s open instructions as buttons; with none, says so', async () => {
    await twoInstructions();
    const first = await say('liuyang', '/feedback');
    expect(read(first)).toBe(zh('feedback.askInstruction'));
    const choices = actions(first);
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.every((action) => /^f:feedback:instruction:\d+$/.test(action))).toBe(true);
    expect(read(await press('liuyang', choices[0]!))).toBe(zh('feedback.askText'));
    expect(read(await say('liuyang', '分管领导已专题督办。'))).toContain(`#${choices[0]!.split(':').at(-1)}`);

    // Gushi has no instruction: the form ends at once.
    expect(read(await say('wangfang', '/feedback'))).toBe(zh('feedback.none'));
  });

  it('/resolve closes it and tells the unit; guided /resolve with nothing open says so', async () => {
    await twoInstructions();
    const open = await f.app.store.instructions.listOpen();
    expect(read(await say('zhangwei', `/resolve ${open[0]!.id}`))).toBe(zh('error.AUTH.FORBIDDEN'));
    const replies = await say('chenjing', `/resolve #${open[0]!.id}`);
    expect(read(replies)).toBe(zh('resolve.done', { id: open[0]!.id, unit: '罗山县政府办', count: open[0]!.feedbackCount }));
    expect(read(await say('chenjing', `/resolve ${open[0]!.id}`))).toBe(zh('error.INSTRUCTION.RESOLVED', { id: open[0]!.id }));

    const guided = await say('chenjing', '/resolve');
    expect(actions(guided)).toEqual(open.slice(1).map((i) => `f:resolve:instruction:${i.id}`));
    for (const i of open.slice(1)) await say('chenjing', `/resolve ${i.id}`);
    expect(read(await say('chenjing', '/resolve'))).toBe(zh('resolve.none'));
    expect(read(await say('zhangwei', '/tasks'))).toBe(zh('tasks.empty'));
  });
});

describe('/commission, its button, the guided submit, /tasks and /withdraw', () => {
  let soon: number;
  let later: number;

  /** The two commissions of the one-shot test: `later` to 罗山 and 固始, `soon` to all. */
  const twoCommissions = async () => {
    f.app.clock.set(T0);
    later = refOf(await say('chenjing', '/commission luoshan,gushi 2026-11-30T17:00 秋冬种工作进展情况'));
    soon = refOf(await say('chenjing', '/commission all 2026-11-25 冬季安全生产工作'));
  };

  it('a due date on a Sunday is accepted with a warning naming the next working day, and how to change it', async () => {
    f.app.clock.set(T0);
    const replies = await say('chenjing', '/commission all 2026-11-29 秋冬种工作进展情况');
    const id = refOf(replies);
    expect(read(replies)).toContain(zh('commission.dayOff', { day: '2026-11-29', next: '2026-11-30', id }));
    expect(read(await say('chenjing', '/commission all 2026-11-30 冬季安全生产工作'))).not.toContain('⚠️');
  });

  it('warns the editor in the reply about the units where nobody is bound, naming them', async () => {
    f.app.clock.set(T0);
    await f.app.db.chatIdentity.deleteMany({ where: { personId: { in: [f.people.wangfang!.id, f.people.sunqi!.id] } } });
    const replies = read(await say('chenjing', '/commission all 2026-11-30 秋冬种工作进展情况'));
    expect(replies).toContain(zh('commission.unreached', { count: 1, units: '固始县政府办' }));
    expect(read(await say('chenjing', '/commission luoshan 2026-11-30 冬季安全生产工作'))).not.toContain('⚠️');
  });

  it('a reporter may not commission; nothing is stored', async () => {
    const before = await counts();
    expect(read(await say('zhangwei', '/commission all 2026-11-30 秋冬种进展'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(await counts()).toEqual(before);
  });

  it('one-shot: units by code or all, a date or a date and time', async () => {
    f.app.clock.set(T0);
    const first = await say('chenjing', '/commission luoshan,gushi 2026-11-30T17:00 秋冬种工作进展情况');
    later = refOf(first);
    expect(read(first)).toBe(
      zh('commission.created', { id: later, topic: '秋冬种工作进展情况', units: '罗山县政府办、固始县政府办', due: '2026-11-30 17:00' }),
    );
    const second = await say('chenjing', '/commission all 2026-11-25 冬季安全生产工作');
    soon = refOf(second);
    expect(read(second)).toContain('2026-11-25 17:30');
    expect(read(await say('chenjing', '/commission nowhere 2026-11-30 秋冬种'))).toBe(zh('error.UNIT.UNKNOWN', { code: 'nowhere' }));
    expect(read(await say('chenjing', '/commission all 秋冬种'))).toBe(zh('error.COMMISSION.USAGE'));
  });

  it('/tasks lists the unit’s commissions soonest first, with an answer button each for reporters', async () => {
    await twoCommissions();
    const replies = await say('zhangwei', '/tasks');
    expect(replies[0]!.title).toBe(zh('tasks.title', { unit: '罗山县政府办' }));
    expect(replies[0]!.lines.slice(0, 2)).toEqual([
      zh('tasks.commission', { id: soon, topic: '冬季安全生产工作', due: '2026-11-25 17:30', overdue: '' }),
      zh('tasks.commission', { id: later, topic: '秋冬种工作进展情况', due: '2026-11-30 17:00', overdue: '' }),
    ]);
    expect(actions(replies)).toEqual([`commission:${soon}:answer`, `commission:${later}:answer`]);
    // The lead sees the list but gets no submit buttons.
    const lead = await say('liuyang', '/tasks');
    expect(read(lead)).toContain(`#${soon}`);
    expect(actions(lead)).toEqual([]);
    expect(read(await say('chenjing', '/tasks'))).toBe(zh('error.AUTH.FORBIDDEN'));
  });

  it('the commission’s button starts the submit form with the commission chosen, and the answer is recorded', async () => {
    await twoCommissions();
    expect(read(await press('liuyang', `commission:${later}:answer`))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await press('zhangwei', `commission:${later}:answer`))).toBe(zh('submit.askTitle'));
    expect(read(await say('zhangwei', '罗山县秋冬种进展顺利'))).toBe(zh('submit.askBody'));
    expect(read(await say('zhangwei', BODY))).toBe(zh('submit.askCategory'));
    expect(read(await press('zhangwei', 'f:submit:category:dynamic'))).toBe(zh('attach.ask'));
    const done = await press('zhangwei', 'f:submit:files:done');
    const id = refOf(done, '已报送 #');
    expect(read(done)).toContain(zh('submit.answersCommission', { id: later }));
    expect(await f.app.store.items.byId(id)).toMatchObject({ commissionId: later, title: '罗山县秋冬种进展顺利' });
    const answer = await f.app.db.commissionUnit.findFirstOrThrow({ where: { commissionId: later, unitId: f.people.zhangwei!.unit!.id } });
    expect(answer).toMatchObject({ answerItemId: id });
    expect(answer.answeredAt).not.toBeNull();
    expect(actions(await say('zhangwei', '/tasks'))).toEqual([`commission:${soon}:answer`]);
  });

  it('the guided submit offers the unit’s open commissions and “not for a commission”', async () => {
    await twoCommissions();
    await f.submit('zhangwei', { commissionId: later }); // 罗山 has answered `later`
    await say('lisi', '/submit');
    await say('lisi', '冬季安全生产检查全面展开');
    await say('lisi', BODY);
    const asked = await press('lisi', 'f:submit:category:dynamic');
    expect(read(asked)).toBe(zh('submit.askCommission'));
    expect(actions(asked)).toEqual([`f:submit:commission:${soon}`, 'f:submit:commission:none']);
    await press('lisi', `f:submit:commission:${soon}`);
    const done = await press('lisi', 'f:submit:files:done');
    expect(read(done)).toContain(zh('submit.answersCommission', { id: soon }));
    expect(await f.app.store.items.byId(refOf(done, '已报送 #'))).toMatchObject({ commissionId: soon });

    // Luoshan has answered both: the question is passed over.
    await say('lisi', '/submit');
    await say('lisi', '罗山县召开冬季农业生产会议');
    await say('lisi', BODY);
    await press('lisi', 'f:submit:category:dynamic');
    const plain = await press('lisi', 'f:submit:files:done');
    expect(read(plain)).toContain('已报送 #');
    expect(await f.app.store.items.byId(refOf(plain, '已报送 #'))).toMatchObject({ commissionId: null });
  });

  it('“not for a commission” submits a plain item and leaves the commission open', async () => {
    await twoCommissions();
    await say('wangfang', '/submit');
    await say('wangfang', '固始县冬季安全生产工作');
    await say('wangfang', BODY);
    expect(actions(await press('wangfang', 'f:submit:category:dynamic'))).toEqual([
      `f:submit:commission:${soon}`,
      `f:submit:commission:${later}`,
      'f:submit:commission:none',
    ]);
    await press('wangfang', 'f:submit:commission:none');
    const done = await press('wangfang', 'f:submit:files:done');
    expect(await f.app.store.items.byId(refOf(done, '#'))).toMatchObject({ commissionId: null });
    expect(await f.app.db.commissionUnit.count({ where: { unitId: f.people.wangfang!.unit!.id, answeredAt: null } })).toBe(2);
  });

  it('/withdraw stops it; its button then says so and stores nothing', async () => {
    await twoCommissions();
    // A reporter's /withdraw #N is about their own item #N (docs/reporting.md): the commission is untouched.
    expect(read(await say('zhangwei', `/withdraw ${later}`))).not.toBe(zh('withdraw.done', { id: later }));
    expect(await f.app.db.commission.findUniqueOrThrow({ where: { id: later } })).toMatchObject({ status: 'open' });
    expect(read(await say('chenjing', `/withdraw #${later}`))).toBe(zh('withdraw.done', { id: later }));
    const before = await counts();
    expect(read(await press('wangfang', `commission:${later}:answer`))).toBe(zh('error.COMMISSION.WITHDRAWN', { id: later }));
    expect(await counts()).toEqual(before);
    expect(actions(await say('chenjing', '/withdraw'))).toEqual([`f:withdraw:commission:${soon}`]);
    expect(read(await press('chenjing', `f:withdraw:commission:${soon}`))).toBe(zh('withdraw.done', { id: soon }));
    expect(read(await say('chenjing', '/withdraw'))).toBe(zh('withdraw.none'));
  });
});
