import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { SAMPLE_ORG, type TestApp } from '../support/testApp.ts';
import { actions, pressOn, read, sayTo, startChatApp, zh, type Who } from '../support/chat.ts';
import type { ChatEngine } from '../../src/chat/engine.ts';

const ORG = `${SAMPLE_ORG}  - { code: zhoujie, name: 周杰, roles: [duty] }
`;
const T0 = '2026-11-20T02:00:00Z'; // 10:00 in Shanghai

let app: TestApp;
let engine: ChatEngine;

const say = (who: Who, text: string) => sayTo(engine, who, text);
const press = (who: Who, data: string) => pressOn(engine, who, data);

const zhangwei: Who = { userId: '100' }; // luoshan reporter
const liuyang: Who = { userId: '200' }; // luoshan lead
const wangfang: Who = { userId: '300' }; // gushi reporter
const chenjing: Who = { userId: '400' }; // editor
const zhoujie: Who = { userId: '700' }; // duty officer

const counts = async () => ({
  reports: await app.db.urgentReport.count(),
  updates: await app.db.urgentUpdate.count(),
  outbox: await app.db.outboxMessage.count(),
  misses: await app.db.urgentMiss.count(),
});

/** Report #1: a major one from 罗山 at T0, as the guided /urgent test records it. */
async function reportOne() {
  const replies = read(await say(zhangwei, '/urgent [重大] 周党镇发生山体滑坡，两户民房受损'));
  if (!replies.includes('#1')) throw new Error(replies);
}

beforeEach(async () => {
  ({ app, engine } = await startChatApp(ORG, T0, { zhangwei, liuyang, wangfang, chenjing, zhoujie }));
});

afterEach(async () => {
  await app?.dispose();
});

describe('/urgent', () => {
  it('guided: what, where, when, severity button, casualties; replies #1 and the next due time in Shanghai time', async () => {
    const before = await counts();
    expect(read(await say(zhangwei, '/urgent'))).toBe(zh('urgent.ask.what'));
    expect(read(await say(zhangwei, '周党镇发生山体滑坡，两户民房受损'))).toBe(zh('urgent.ask.where'));
    expect(read(await say(zhangwei, '周党镇王湾村'))).toBe(zh('urgent.ask.when'));
    const severityStep = await say(zhangwei, '现在');
    expect(read(severityStep)).toBe(zh('urgent.ask.severity'));
    expect(actions(severityStep)).toEqual(['f:urgent:severity:general', 'f:urgent:severity:large', 'f:urgent:severity:major', 'f:urgent:severity:grave']);
    expect((await counts()).reports).toBe(before.reports);
    expect(read(await press(zhangwei, 'f:urgent:severity:major'))).toBe(zh('urgent.ask.casualties'));

    expect(read(await say(zhangwei, '无'))).toBe(zh('attach.ask'));
    expect((await counts()).reports).toBe(before.reports);
    const done = read(await press(zhangwei, 'f:urgent:files:done'));
    expect(done).toContain('#1');
    expect(done).toContain(zh('urgent.recorded', { id: 1, severity: '重大' }));
    // Major: next follow-up 4 h after 10:00 Shanghai time.
    expect(done).toContain(zh('urgent.nextDue', { id: 1, due: '2026-11-20 14:00' }));
    expect(done).not.toContain('迟报');

    expect(await app.store.urgent.byId(1)).toMatchObject({
      severity: 'major',
      what: '周党镇发生山体滑坡，两户民房受损',
      place: '周党镇王湾村',
      casualties: null,
      occurredAt: new Date(T0),
      late: false,
      nextDueAt: new Date('2026-11-20T06:00:00Z'),
    });
    // The duty officer and the editor are alerted at once (the leader is not bound).
    const after = await counts();
    expect(after.reports).toBe(before.reports + 1);
    expect(after.outbox).toBe(before.outbox + 2);
  });

  it('guided, with a past local time: marks the report late and says so', async () => {
    await say(zhangwei, '/urgent');
    await say(zhangwei, '某路段发生交通事故，车辆受损');
    await say(zhangwei, '无');
    await say(zhangwei, '2026-11-20 05:00'); // five hours before 10:00
    await press(zhangwei, 'f:urgent:severity:general');
    await say(zhangwei, '两人轻伤');
    const replies = read(await press(zhangwei, 'f:urgent:files:done'));
    expect(replies).toContain(zh('urgent.recordedLate', { delay: 300 }));
    const report = await app.db.urgentReport.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(report).toMatchObject({ late: true, delayMinutes: 300, place: null, casualties: '两人轻伤', occurredAt: new Date('2026-11-19T21:00:00Z') });
  });

  it('guided: a time in the future is refused at its own step, before severity and casualties are asked', async () => {
    await say(zhangwei, '/urgent');
    await say(zhangwei, '某地发生火灾，正在扑救');
    await say(zhangwei, '某地');
    const refused = read(await say(zhangwei, '2026-11-20 18:00')); // 10:00 now
    expect(refused).toContain(zh('error.URGENT.FUTURE'));
    expect(refused).toContain(zh('urgent.ask.when'));
    expect(refused).not.toContain(zh('urgent.ask.severity'));
    expect(read(await say(zhangwei, '2026-11-20 09:30'))).toBe(zh('urgent.ask.severity'));
    await press(zhangwei, 'f:urgent:severity:general');
    await say(zhangwei, '无');
    expect(read(await press(zhangwei, 'f:urgent:files:done'))).toContain(zh('urgent.recorded', { id: 1, severity: '一般' }));
  });

  it('guided: a time it cannot read is asked again', async () => {
    await say(zhangwei, '/urgent');
    await say(zhangwei, '某地发生火灾，正在扑救');
    await say(zhangwei, '某地');
    const refused = read(await say(zhangwei, '昨天下午'));
    expect(refused).toContain(zh('error.URGENT.WHEN'));
    expect(refused).toContain(zh('urgent.ask.when'));
    expect(read(await say(zhangwei, '/cancel'))).toBe(zh('cancel.done'));
  });

  it('one-shot: /urgent [重大] TEXT records a major report happening now', async () => {
    const replies = read(await say(zhangwei, '/urgent [重大] 某地发生山体滑坡，道路中断，正在核实人员情况'));
    const id = Number(/#(\d+)/.exec(replies)?.[1]);
    expect(replies).toContain(zh('urgent.recorded', { id, severity: '重大' }));
    expect(await app.store.urgent.byId(id)).toMatchObject({
      severity: 'major',
      what: '某地发生山体滑坡，道路中断，正在核实人员情况',
      occurredAt: new Date(T0),
    });
  });

  it('one-shot: without a tag it is general; 【特别重大】 is grave', async () => {
    const general = read(await say(zhangwei, '/urgent 某地发生一起交通事故'));
    expect(await app.store.urgent.byId(Number(/#(\d+)/.exec(general)?.[1]))).toMatchObject({ severity: 'general', what: '某地发生一起交通事故' });
    const grave = read(await say(zhangwei, '/urgent 【特别重大】某地发生重大火灾'));
    expect(await app.store.urgent.byId(Number(/#(\d+)/.exec(grave)?.[1]))).toMatchObject({ severity: 'grave', what: '某地发生重大火灾' });
  });

  it('one-shot: refuses an unknown severity tag and stores nothing', async () => {
    const before = await counts();
    expect(read(await say(zhangwei, '/urgent [bogus] x'))).toBe(zh('error.URGENT.SEVERITY'));
    expect(await counts()).toEqual(before);
  });

  it('is refused to the editor; the duty officer is asked to name the unit (the duty desk, test/chat/dutyDeskCommands.test.ts)', async () => {
    const before = await counts();
    expect(read(await say(chenjing, '/urgent 某地发生山体滑坡'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say(zhoujie, '/urgent 某地发生山体滑坡'))).toBe(zh('error.URGENT.NAME_UNIT'));
    expect(await counts()).toEqual(before);
  });
});

describe('/followup and /close', () => {
  it('/followup 1 TEXT records a follow-up and says when the next is due', async () => {
    await reportOne();
    app.clock.set('2026-11-20T03:00:00Z'); // 11:00 Shanghai
    const before = await counts();
    expect(read(await say(zhangwei, '/followup 1 伤员已送医，道路正在抢通'))).toBe(zh('urgent.followupRecorded', { id: 1, due: '2026-11-20 15:00' }));
    expect(await app.store.urgent.byId(1)).toMatchObject({ nextDueAt: new Date('2026-11-20T07:00:00Z'), updates: 1 });
    const after = await counts();
    expect(after.updates).toBe(before.updates + 1);
    expect(after.outbox).toBe(before.outbox + 2);
  });

  it('the unit lead may follow up with #N', async () => {
    await reportOne();
    expect(read(await say(liuyang, '/followup #1 县领导已赶赴现场指挥'))).toContain('#1');
  });

  it('/followup 99 TEXT and /followup 99 name the unknown report; /followup x shows the usage; nothing is stored', async () => {
    await reportOne();
    const before = await counts();
    expect(read(await say(zhangwei, '/followup 99 续报内容'))).toBe(zh('error.URGENT.UNKNOWN', { id: 99 }));
    expect(read(await say(zhangwei, '/followup 99'))).toBe(zh('error.URGENT.UNKNOWN', { id: 99 }));
    expect(read(await say(zhangwei, '/followup x'))).toBe(zh('error.URGENT.FOLLOWUP_USAGE'));
    expect(read(await say(zhangwei, '/close x'))).toBe(zh('error.URGENT.CLOSE_USAGE'));
    expect(await counts()).toEqual(before);
  });

  it('/followup #1 without text asks for the text, then records it', async () => {
    await reportOne();
    expect(read(await say(zhangwei, '/followup #1'))).toBe(zh('urgent.ask.followup'));
    const before = await counts();
    expect(read(await say(zhangwei, '伤员已送医，道路正在抢通'))).toBe(zh('attach.ask'));
    expect(read(await press(zhangwei, 'f:followup:files:done'))).toBe(zh('urgent.followupRecorded', { id: 1, due: '2026-11-20 14:00' }));
    expect((await counts()).updates).toBe(before.updates + 1);
    expect(await app.store.urgent.byId(1)).toMatchObject({ updates: 1 });
  });

  it('/followup alone asks which open report of the unit (buttons), then the text', async () => {
    await reportOne();
    await say(wangfang, '/urgent 某地发生一起交通事故'); // 固始's: not offered to 罗山
    const first = await say(zhangwei, '/followup');
    expect(read(first)).toBe(zh('urgent.ask.report'));
    expect(actions(first)).toEqual(['f:followup:report:1']);
    expect(read(await press(zhangwei, 'f:followup:report:1'))).toBe(zh('urgent.ask.followup'));
    await say(zhangwei, '县领导已赶赴现场指挥');
    expect(read(await press(zhangwei, 'f:followup:files:done'))).toContain('#1');
    expect(await app.store.urgent.byId(1)).toMatchObject({ updates: 1 });
  });

  it('/followup alone with no open report of the unit says so and keeps no form', async () => {
    expect(read(await say(zhangwei, '/followup'))).toBe(zh('urgent.noneOpen'));
    expect(read(await say(zhangwei, '随便说点什么'))).toBe(zh('unknown.text'));
  });

  it('/close #1 without text asks for the final report', async () => {
    await reportOne();
    expect(read(await say(zhangwei, '/close 1'))).toBe(zh('urgent.ask.final'));
    expect(read(await say(zhangwei, '现场已处置完毕'))).toBe(zh('urgent.closedDone', { id: 1 }));
    expect(await app.store.urgent.byId(1)).toMatchObject({ status: 'closed' });
  });

  it("another unit's reporter cannot follow up #1, and nothing is stored", async () => {
    await reportOne();
    const before = await counts();
    expect(read(await say(wangfang, '/followup 1 固始县的续报内容'))).toBe(zh('error.URGENT.NOT_YOUR_UNIT', { id: 1 }));
    expect(read(await say(wangfang, '/close 1 固始县的终报内容'))).toBe(zh('error.URGENT.NOT_YOUR_UNIT', { id: 1 }));
    expect(await counts()).toEqual(before);
  });

  it('the duty officer cannot use /followup', async () => {
    expect(read(await say(zhoujie, '/followup 1 值班室补充情况'))).toBe(zh('error.AUTH.FORBIDDEN'));
  });
});

describe('/urgents', () => {
  it('lists #1 for the duty officer, soonest due first, marking overdue ones', async () => {
    await reportOne();
    await say(zhangwei, '/urgent 【特别重大】某地发生重大火灾');
    app.clock.set('2026-11-20T03:00:00Z');
    const listing = await say(zhoujie, '/urgents');
    expect(listing[0]!.title).toBe(zh('urgent.list.title'));
    const lines = listing[0]!.lines;
    expect(lines.some((line) => line.startsWith('#1 重大 罗山县政府办'))).toBe(true);
    expect(lines[0]).toMatch(/^#\d+ 特别重大/); // grave: due 2 h after it was reported
    // Past #1's due time, it is shown overdue.
    app.clock.set('2026-11-20T08:00:00Z');
    const later = (await say(zhoujie, '/urgents'))[0]!.lines.find((line) => line.startsWith('#1 '))!;
    expect(later).toContain(zh('urgent.list.overdue'));
    app.clock.set('2026-11-20T03:00:00Z');
  });

  it('lists for the editor and is forbidden to a reporter', async () => {
    await reportOne();
    expect(read(await say(chenjing, '/urgents'))).toContain('#1 ');
    expect(read(await say(zhangwei, '/urgents'))).toBe(zh('error.AUTH.FORBIDDEN'));
  });
});

describe('closing', () => {
  it('/close #1 TEXT closes it; then /followup 1 gets the closed sentence and stores nothing', async () => {
    await reportOne();
    expect(read(await say(zhangwei, '/close #1 现场已处置完毕，道路恢复通行'))).toBe(zh('urgent.closedDone', { id: 1 }));
    expect(await app.store.urgent.byId(1)).toMatchObject({ status: 'closed', nextDueAt: null });
    const before = await counts();
    expect(read(await say(zhangwei, '/followup 1 又有新情况'))).toBe(zh('error.URGENT.CLOSED', { id: 1 }));
    expect(read(await say(zhangwei, '/close 1 再次终报'))).toBe(zh('error.URGENT.CLOSED', { id: 1 }));
    expect(await counts()).toEqual(before);
    expect(
      read(await say(zhoujie, '/urgents'))
        .split('\n')
        .some((line) => line.startsWith('#1 ')),
    ).toBe(false);
  });
});

describe('/missed', () => {
  it('the editor records a missed report for a unit', async () => {
    const before = await counts();
    const replies = read(await say(chenjing, '/missed luoshan 2026-11-20 某地发生交通事故未报'));
    const miss = await app.db.urgentMiss.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(replies).toBe(zh('urgent.missRecorded', { unit: '罗山县政府办', id: miss.id }));
    expect(miss).toMatchObject({ note: '某地发生交通事故未报', occurredAt: new Date('2026-11-19T16:00:00Z') });
    expect((await counts()).misses).toBe(before.misses + 1);
  });

  it('refuses a reporter, a bad date and an unknown unit, storing nothing', async () => {
    const before = await counts();
    expect(read(await say(zhangwei, '/missed luoshan 2026-11-20 某地发生交通事故未报'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say(chenjing, '/missed luoshan 昨天 某地发生交通事故未报'))).toBe(zh('error.URGENT.MISSED_USAGE'));
    expect(read(await say(chenjing, '/missed'))).toBe(zh('error.URGENT.MISSED_USAGE'));
    expect(read(await say(chenjing, '/missed nowhere 2026-11-20 某地发生交通事故未报'))).toBe(zh('error.UNIT.UNKNOWN', { code: 'nowhere' }));
    expect(await counts()).toEqual(before);
  });
});

describe('late follow-ups (续报迟报)', () => {
  it('a follow-up after its due time is recorded late with its delay, said so, and costs the rules’ penalty', async () => {
    await reportOne(); // major: follow-up due 14:00 Shanghai (06:00Z)
    app.clock.set('2026-11-20T06:45:00Z');
    const replies = read(await say(zhangwei, '/followup 1 伤员已送医，道路正在抢通'));
    expect(replies).toContain(zh('urgent.updateLate', { delay: 45 }));
    expect(await app.db.urgentUpdate.findFirstOrThrow()).toMatchObject({ late: true, delayMinutes: 45, dueAt: new Date('2026-11-20T06:00:00Z') });
    const status = read(await say(liuyang, '/status'));
    expect(status).toContain(zh('status.pointsLine', { points: String(-app.rules.penalties.lateFollowUp) }));
  });

  it('an on-time follow-up is not late; a late final report is', async () => {
    await reportOne();
    app.clock.set('2026-11-20T05:00:00Z');
    expect(read(await say(zhangwei, '/followup 1 伤员已送医'))).not.toContain('续报迟报');
    app.clock.set('2026-11-20T09:10:00Z'); // the next was due 4 h after 05:00Z
    expect(read(await say(zhangwei, '/close 1 现场已处置完毕'))).toContain(zh('urgent.updateLate', { delay: 10 }));
    const updates = await app.db.urgentUpdate.findMany({ orderBy: { id: 'asc' } });
    expect(updates.map((u) => [u.kind, u.late, u.delayMinutes])).toEqual([
      ['followup', false, 0],
      ['final', true, 10],
    ]);
  });
});

describe('/close by the duty office (the unit said by phone it is over)', () => {
  it('closes the report, records who took the call, audits it, tells the office and the unit, and chasing stops', async () => {
    await reportOne();
    app.clock.set('2026-11-20T07:00:00Z'); // an hour overdue
    const lastId = (await app.db.outboxMessage.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
    expect(read(await say(zhoujie, '/close #1 罗山县电话报告：现场已处置完毕'))).toBe(zh('urgent.phoneClosed', { id: 1, unit: '罗山县政府办' }));
    expect(await app.store.urgent.byId(1)).toMatchObject({ status: 'closed', nextDueAt: null });
    const update = await app.db.urgentUpdate.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(update).toMatchObject({ kind: 'phone', late: false, text: '罗山县电话报告：现场已处置完毕' });
    const audit = await app.db.auditLog.findFirstOrThrow({ where: { action: 'urgent.close' } });
    expect(audit).toMatchObject({ actor: 'zhoujie', subject: 'urgent:1' });
    // The editor, the reporter and the unit lead are told (the duty officer himself is not; the leader is not bound).
    const told = await app.db.outboxMessage.findMany({ where: { id: { gt: lastId } }, orderBy: { chatId: 'asc' } });
    expect(told.map((row) => [row.chatId, JSON.parse(row.payload).title.key])).toEqual([
      ['100', 'urgent.phoneClose.title'],
      ['200', 'urgent.phoneClose.title'],
      ['400', 'urgent.phoneClose.title'],
    ]);
    expect(read(await say(zhangwei, '/followup 1 又有新情况'))).toBe(zh('error.URGENT.CLOSED', { id: 1 }));
  });

  it('guided: the duty officer chooses among every unit’s open reports', async () => {
    await reportOne();
    await say(wangfang, '/urgent 某地发生一起交通事故');
    const first = await say(zhoujie, '/close');
    expect(actions(first)).toEqual(['f:close:report:1', 'f:close:report:2']);
    await press(zhoujie, 'f:close:report:2');
    expect(read(await say(zhoujie, '固始县电话报告已处置'))).toBe(zh('urgent.phoneClosed', { id: 2, unit: '固始县政府办' }));
  });

  it('is refused to an editor, and for a closed or unknown report', async () => {
    await reportOne();
    expect(read(await say(chenjing, '/close 1 已处置'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say(zhoujie, '/close 9 已处置'))).toBe(zh('error.URGENT.UNKNOWN', { id: 9 }));
    await say(zhoujie, '/close 1 电话报告已处置');
    expect(read(await say(zhoujie, '/close 1 再次终结'))).toBe(zh('error.URGENT.CLOSED', { id: 1 }));
  });
});

describe('/missed once per unit and day, /unmissed', () => {
  it('a second missed report of the same unit and day is refused, naming the first; nothing is stored', async () => {
    const first = read(await say(chenjing, '/missed gushi 2026-11-20 山洪未报'));
    const miss = await app.db.urgentMiss.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(first).toBe(zh('urgent.missRecorded', { unit: '固始县政府办', id: miss.id }));
    const before = await counts();
    const audit = await app.db.auditLog.count();
    expect(read(await say(chenjing, '/missed gushi 2026-11-20 山洪未报'))).toBe(
      zh('error.URGENT.MISS_DUPLICATE', { unit: '固始县政府办', date: '2026-11-20', id: miss.id, note: '山洪未报' }),
    );
    // The same day at another hour is the same day.
    expect(read(await say(chenjing, '/missed gushi 2026-11-20T08:00 另一起未报'))).toContain(`#${miss.id}`);
    expect(await counts()).toEqual(before);
    expect(await app.db.auditLog.count()).toBe(audit);
    // Another day, or another unit, is another lapse.
    expect(read(await say(chenjing, '/missed gushi 2026-11-19 山洪未报'))).toContain(zh('urgent.missRecorded', { unit: '固始县政府办', id: miss.id + 1 }));
    expect(read(await say(chenjing, '/missed luoshan 2026-11-20 山洪未报'))).toContain('罗山县政府办');
  });

  it('/unmissed #N withdraws it: audited, the penalty gone, once; the day may be recorded again', async () => {
    await say(chenjing, '/missed gushi 2026-11-20 山洪未报');
    const miss = await app.db.urgentMiss.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(read(await say(wangfang, '/status'))).toContain(zh('status.pointsLine', { points: String(-app.rules.penalties.missedUrgent) }));
    expect(read(await say(chenjing, `/unmissed #${miss.id}`))).toBe(zh('urgent.missWithdrawn', { id: miss.id, unit: '固始县政府办', date: '2026-11-20' }));
    expect(await app.db.urgentMiss.findUniqueOrThrow({ where: { id: miss.id } })).toMatchObject({ withdrawnAt: new Date(T0) });
    expect(await app.db.auditLog.findFirstOrThrow({ where: { action: 'urgent.unmissed' } })).toMatchObject({ actor: 'chenjing', subject: 'unit:gushi' });
    expect(read(await say(wangfang, '/status'))).toContain(zh('status.pointsLine', { points: '0' }));
    expect(read(await say(wangfang, '/status'))).not.toContain(zh('status.notEligible'));
    expect(read(await say(chenjing, `/unmissed ${miss.id}`))).toBe(zh('error.URGENT.MISS_WITHDRAWN', { id: miss.id }));
    expect(read(await say(chenjing, '/unmissed 999'))).toBe(zh('error.URGENT.MISS_UNKNOWN', { id: 999 }));
    expect(read(await say(chenjing, '/unmissed'))).toBe(zh('error.URGENT.UNMISSED_USAGE'));
    expect(read(await say(zhangwei, `/unmissed ${miss.id}`))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say(chenjing, '/missed gushi 2026-11-20 山洪未报（核实后）'))).toContain(
      zh('urgent.missRecorded', { unit: '固始县政府办', id: miss.id + 1 }),
    );
  });
});
