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

    const done = read(await say(zhangwei, '无'));
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
    const replies = read(await say(zhangwei, '两人轻伤'));
    expect(replies).toContain(zh('urgent.recordedLate', { delay: 300 }));
    const report = await app.db.urgentReport.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(report).toMatchObject({ late: true, delayMinutes: 300, place: null, casualties: '两人轻伤', occurredAt: new Date('2026-11-19T21:00:00Z') });
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

  it('is refused to the editor and the duty officer', async () => {
    const before = await counts();
    expect(read(await say(chenjing, '/urgent 某地发生山体滑坡'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say(zhoujie, '/urgent'))).toBe(zh('error.AUTH.FORBIDDEN'));
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

  it('/followup 99 TEXT names the unknown report; /followup alone or without text shows the usage', async () => {
    await reportOne();
    const before = await counts();
    expect(read(await say(zhangwei, '/followup 99 续报内容'))).toBe(zh('error.URGENT.UNKNOWN', { id: 99 }));
    expect(read(await say(zhangwei, '/followup'))).toBe(zh('error.URGENT.FOLLOWUP_USAGE'));
    expect(read(await say(zhangwei, '/followup 1'))).toBe(zh('error.URGENT.FOLLOWUP_USAGE'));
    expect(read(await say(zhangwei, '/close'))).toBe(zh('error.URGENT.CLOSE_USAGE'));
    expect(await counts()).toEqual(before);
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
