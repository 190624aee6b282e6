import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { SAMPLE_ORG, type TestApp } from '../support/testApp.ts';
import { actions, pressOn, read, sayTo, startChatApp, zh, type Who } from '../support/chat.ts';
import type { ChatEngine } from '../../src/chat/engine.ts';
import { translate } from '../../src/i18n/catalog.ts';
import { renderOut } from '../../src/i18n/renderOut.ts';
import { chaseUrgentFollowUps } from '../../src/domain/urgent/chaseUrgentFollowUps.ts';

// The duty desk (docs/urgent.md#the-duty-desk): phone reports logged for a unit, receipt
// acknowledged by button, a report closed on the unit's word by button.
const ORG = SAMPLE_ORG.replace(
  'people:',
  `  - { code: xinxian, name: 新县政府办, kind: county, active: false }
people:`,
).concat(`  - { code: zhoujie, name: 周杰, roles: [duty] }
  - { code: sunli, name: 孙丽, roles: [duty] }
`);
const T0 = '2026-11-20T02:00:00Z'; // 10:00 in Shanghai

let app: TestApp;
let engine: ChatEngine;

const say = (who: Who, text: string) => sayTo(engine, who, text);
const press = (who: Who, data: string) => pressOn(engine, who, data);
const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('en', key, params);

const zhangwei: Who = { userId: '100' }; // luoshan reporter
const liuyang: Who = { userId: '200' }; // luoshan lead
const wangfang: Who = { userId: '300' }; // gushi reporter
const chenjing: Who = { userId: '400' }; // editor
const zhoujie: Who = { userId: '700' }; // duty officer
const sunli: Who = { userId: '800' }; // another duty officer

const counts = async () => ({
  reports: await app.db.urgentReport.count(),
  updates: await app.db.urgentUpdate.count(),
  outbox: await app.db.outboxMessage.count(),
  audit: await app.db.auditLog.count(),
});

/** The outbox rows after `afterId`, by chat, rendered in zh-CN. */
async function queuedSince(afterId: number) {
  const rows = await app.db.outboxMessage.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' } });
  return rows.map((row) => ({ chatId: row.chatId, ...renderOut(JSON.parse(row.payload), 'zh-CN') }));
}
const lastOutboxId = async () => (await app.db.outboxMessage.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;
const idOf = async (code: string) => (await app.store.people.byCode(code))!.id;
const text = (message: { title?: string; lines: string[] }) => [message.title ?? '', ...message.lines].join('\n');

beforeEach(async () => {
  ({ app, engine } = await startChatApp(ORG, T0, { zhangwei, liuyang, wangfang, chenjing, zhoujie, sunli }));
});

afterEach(async () => {
  await app?.dispose();
});

describe('/urgent for UNIT (a phone report logged by the duty office)', () => {
  it('one-shot: stored as a phone report of the unit, audited; the office alerted (not the logger), the unit’s reporters told #N', async () => {
    const mark = await lastOutboxId();
    const done = read(await say(zhoujie, '/urgent for luoshan @09:30 事发 09:00 [重大] 周党镇发生山体滑坡，两户民房受损'));
    expect(done).toBe(
      [
        zh('urgent.phoneRecorded', { id: 1, unit: '罗山县政府办', severity: '重大', called: '2026-11-20 09:30' }),
        zh('urgent.phoneNextDue', { due: '2026-11-20 13:30' }),
      ].join('\n'),
    );
    const zhoujieId = await idOf('zhoujie');
    expect(await app.store.urgent.byId(1)).toMatchObject({
      channel: 'phone',
      unit: { code: 'luoshan' },
      reporterId: zhoujieId,
      loggedById: zhoujieId,
      severity: 'major',
      what: '周党镇发生山体滑坡，两户民房受损',
      occurredAt: new Date('2026-11-20T01:00:00Z'),
      calledAt: new Date('2026-11-20T01:30:00Z'),
      reportedAt: new Date(T0),
      delayMinutes: 30,
      late: false,
      // Follow-ups fall due from the call: 4 h for 重大.
      nextDueAt: new Date('2026-11-20T05:30:00Z'),
      acknowledgedAt: null,
    });
    const audit = await app.db.auditLog.findFirstOrThrow({ where: { action: 'urgent.phone' } });
    expect(audit).toMatchObject({ actor: 'zhoujie', subject: 'urgent:1' });
    expect(JSON.parse(audit.after!)).toMatchObject({ unit: 'luoshan', calledAt: '2026-11-20T01:30:00.000Z', late: false, delayMinutes: 30 });

    const queued = await queuedSince(mark);
    expect(queued.map((m) => m.chatId).sort()).toEqual(['100', '400', '800']);
    const toSunli = queued.find((m) => m.chatId === '800')!;
    expect(text(toSunli)).toContain(zh('urgent.line.fromPhone', { unit: '罗山县政府办', called: '2026-11-20 09:30', reporter: '周杰' }));
    // A phone report has nothing to acknowledge: the other duty officer's alert offers only the close button.
    expect(toSunli.buttons!.flat().map((b) => b.action)).toEqual(['urgent:close:1']);
    expect(queued.find((m) => m.chatId === '400')!.buttons).toBeUndefined();
    const toReporter = queued.find((m) => m.chatId === '100')!;
    expect(toReporter.title).toBe(zh('urgent.phoneLogged.title', { unit: '罗山县政府办', id: 1, severity: '重大' }));
    expect(text(toReporter)).toContain(zh('urgent.phoneLogged.followUp', { id: 1, due: '2026-11-20 13:30' }));
  });

  it('timeliness is measured from the event to the call, not to when it was logged', async () => {
    // Event 06:30, call 08:20 (110 minutes: on time for 重大), logged at 10:00.
    await say(zhoujie, '/urgent for luoshan @08:20 事发 06:30 [重大] 某路段发生交通事故');
    expect(await app.store.urgent.byId(1)).toMatchObject({ delayMinutes: 110, late: false, reportedAt: new Date(T0) });
    // Event 07:00, call 09:30 (150 minutes: late for 重大).
    const late = read(await say(zhoujie, '/urgent for 固始县政府办 @09:30 事发 07:00 [重大] 某地发生火灾'));
    expect(late).toContain(zh('urgent.phoneRecordedLate', { delay: 150 }));
    expect(await app.store.urgent.byId(2)).toMatchObject({ unit: { code: 'gushi' }, delayMinutes: 150, late: true });
  });

  it('defaults: the call now, the event at the call; the unit’s reporters are chased for its follow-ups', async () => {
    await say(zhoujie, '/urgent for luoshan 某地发生山体滑坡');
    expect(await app.store.urgent.byId(1)).toMatchObject({ severity: 'general', calledAt: new Date(T0), occurredAt: new Date(T0), delayMinutes: 0 });
    // 一般: follow-up every 24 h; at its due time the unit's reporter (not the duty officer who logged it) is reminded.
    const mark = await lastOutboxId();
    app.clock.set('2026-11-21T02:00:00Z');
    expect(await chaseUrgentFollowUps(app, app.clock.now())).toBe(1);
    expect((await queuedSince(mark)).map((m) => [m.chatId, m.title])).toEqual([['100', zh('urgent.chase.reporterTitle', { id: 1 })]]);
    // And the reporter may follow it up.
    expect(read(await say(zhangwei, '/followup 1 伤员已送医'))).toContain('#1');
  });

  it('refusals in one sentence, nothing stored', async () => {
    const before = await counts();
    const refused = async (line: string, code: string, params?: Record<string, string>) =>
      expect(read(await say(zhoujie, line))).toBe(zh(`error.${code}` as never, params));
    await refused('/urgent 某地发生山体滑坡', 'URGENT.NAME_UNIT');
    await refused('/urgent for nowhere 某地发生山体滑坡', 'URGENT.UNIT_UNKNOWN', { unit: 'nowhere' });
    await refused('/urgent for xinxian 某地发生山体滑坡', 'URGENT.UNIT_INACTIVE', { unit: '新县政府办' });
    await refused('/urgent for luoshan 事发 11:00 某地发生山体滑坡', 'URGENT.FUTURE');
    await refused('/urgent for luoshan @11:00 某地发生山体滑坡', 'URGENT.CALL_FUTURE');
    await refused('/urgent for luoshan @09:00 事发 09:30 某地发生山体滑坡', 'URGENT.CALL_BEFORE_EVENT');
    await refused('/urgent for luoshan [bogus] 某地发生山体滑坡', 'URGENT.SEVERITY');
    await refused('/urgent for luoshan @25:00 某地发生山体滑坡', 'URGENT.CALL_WHEN');
    await refused('/urgent for luoshan [重大] x', 'URGENT.TEXT', { length: '1' });
    expect(await counts()).toEqual(before);
  });

  it('guided in English: the unit as buttons, the call time, then the reporter’s questions', async () => {
    expect(read(await say(zhoujie, '/lang en'))).toBe(en('lang.set'));
    const asked = await say(zhoujie, '/urgent');
    expect(read(asked)).toBe(en('urgent.ask.unit'));
    // Active units only.
    expect(actions(asked)).toEqual(['f:urgent:unit:luoshan', 'f:urgent:unit:gushi']);
    expect(read(await press(zhoujie, 'f:urgent:unit:luoshan'))).toBe(en('urgent.ask.called'));
    expect(read(await say(zhoujie, '12:00'))).toBe([en('error.URGENT.CALL_FUTURE'), en('urgent.ask.called')].join('\n'));
    expect(read(await say(zhoujie, '09:40'))).toBe(en('urgent.ask.what'));
    expect(read(await say(zhoujie, 'A landslide hit two houses'))).toBe(en('urgent.ask.where'));
    expect(read(await say(zhoujie, 'Zhoudang'))).toBe(en('urgent.ask.when'));
    // An event after the call is asked again (at the submit, the form returns to it).
    expect(read(await say(zhoujie, '09:50'))).toBe(en('urgent.ask.severity'));
    await press(zhoujie, 'f:urgent:severity:large');
    expect(read(await say(zhoujie, 'none'))).toBe(en('attach.ask'));
    const again = read(await press(zhoujie, 'f:urgent:files:done'));
    expect(again).toBe([en('error.URGENT.CALL_BEFORE_EVENT'), en('urgent.ask.when')].join('\n'));
    expect(await app.db.urgentReport.count()).toBe(0);
    expect(read(await say(zhoujie, 'now'))).toContain(
      en('urgent.phoneRecorded', { id: 1, unit: '罗山县政府办', severity: 'large', called: '2026-11-20 09:40' }),
    );
    expect(await app.store.urgent.byId(1)).toMatchObject({
      channel: 'phone',
      place: 'Zhoudang',
      severity: 'large',
      calledAt: new Date('2026-11-20T01:40:00Z'),
      occurredAt: new Date('2026-11-20T01:40:00Z'),
    });
  });

  it('guided with the unit given: /urgent for luoshan asks the rest', async () => {
    expect(read(await say(zhoujie, '/urgent for luoshan'))).toBe(zh('urgent.ask.called'));
    await say(zhoujie, '现在');
    await say(zhoujie, '某地发生山体滑坡');
    await say(zhoujie, '无');
    await say(zhoujie, '现在');
    await press(zhoujie, 'f:urgent:severity:general');
    await say(zhoujie, '无');
    expect(read(await press(zhoujie, 'f:urgent:files:done'))).toContain('#1');
    expect(await app.store.urgent.byId(1)).toMatchObject({ channel: 'phone', unit: { code: 'luoshan' }, calledAt: new Date(T0) });
  });

  it('a reporter’s guided /urgent is unchanged (no unit, no call time)', async () => {
    expect(read(await say(zhangwei, '/urgent'))).toBe(zh('urgent.ask.what'));
  });
});

describe('acknowledging receipt (确认收到)', () => {
  async function chatReport() {
    if (!read(await say(zhangwei, '/urgent [重大] 周党镇发生山体滑坡')).includes('#1')) throw new Error('no report');
  }

  it('the duty officers’ alert carries the buttons; pressed once: recorded, audited, the reporter told with the local time', async () => {
    const mark = await lastOutboxId();
    await chatReport();
    const alerts = await queuedSince(mark);
    for (const duty of ['700', '800']) {
      expect(alerts.find((m) => m.chatId === duty)!.buttons!.flat()).toEqual([
        { label: '确认收到', action: 'urgent:ack:1' },
        { label: '电话确认结束', action: 'urgent:close:1' },
      ]);
    }
    expect(alerts.find((m) => m.chatId === '400')!.buttons).toBeUndefined();

    app.clock.set('2026-11-20T06:05:00Z'); // 14:05 in Shanghai
    const afterAlert = await lastOutboxId();
    expect(read(await press(zhoujie, 'urgent:ack:1'))).toBe(zh('urgent.ack.done', { id: 1 }));
    expect(await app.store.urgent.byId(1)).toMatchObject({ acknowledgedAt: new Date('2026-11-20T06:05:00Z'), acknowledgedById: await idOf('zhoujie') });
    expect(await app.db.auditLog.findFirstOrThrow({ where: { action: 'urgent.ack' } })).toMatchObject({ actor: 'zhoujie', subject: 'urgent:1' });
    const told = await queuedSince(afterAlert);
    expect(told.map((m) => [m.chatId, m.lines.join('\n')])).toEqual([['100', '#1 已由 周杰 于 14:05 确认收到。']]);

    // A second press, by anyone: who acknowledged and when, nothing changed.
    const before = await counts();
    app.clock.set('2026-11-20T06:10:00Z');
    expect(read(await press(sunli, 'urgent:ack:1'))).toBe(zh('error.URGENT.ACK_ALREADY', { id: 1, name: '周杰', at: '2026-11-20 14:05' }));
    expect(read(await press(zhoujie, 'urgent:ack:1'))).toBe(zh('error.URGENT.ACK_ALREADY', { id: 1, name: '周杰', at: '2026-11-20 14:05' }));
    expect(await counts()).toEqual(before);
    expect(await app.store.urgent.byId(1)).toMatchObject({ acknowledgedById: await idOf('zhoujie') });
  });

  it('the receipt is told in the reporter’s language', async () => {
    await say(zhangwei, '/lang en');
    await chatReport();
    app.clock.set('2026-11-20T06:05:00Z');
    const mark = await lastOutboxId();
    await press(zhoujie, 'urgent:ack:1');
    const row = await app.db.outboxMessage.findFirstOrThrow({ where: { id: { gt: mark } } });
    expect(renderOut(JSON.parse(row.payload), 'en').lines).toEqual(['#1 received by 周杰 at 14:05.']);
  });

  it('refused in one sentence, nothing stored: not duty, forged, a phone report, a closed report', async () => {
    await chatReport();
    await say(zhoujie, '/urgent for gushi 某地发生火灾');
    const before = await counts();
    expect(read(await press(zhangwei, 'urgent:ack:1'))).toBe(zh('error.URGENT.ACK_DUTY_ONLY'));
    expect(read(await press(chenjing, 'urgent:ack:1'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await press(zhoujie, 'urgent:ack:99'))).toBe(zh('error.URGENT.UNKNOWN', { id: 99 }));
    expect(read(await press(zhoujie, 'urgent:ack:x1'))).toBe(zh('button.stale'));
    expect(read(await press(sunli, 'urgent:ack:2'))).toBe(zh('error.URGENT.ACK_PHONE', { id: 2 }));
    expect(await counts()).toEqual(before);
    await say(zhangwei, '/close 1 现场已处置完毕');
    const closed = await counts();
    expect(read(await press(zhoujie, 'urgent:ack:1'))).toBe(zh('error.URGENT.ACK_CLOSED', { id: 1 }));
    expect(await counts()).toEqual(closed);
    expect(await app.store.urgent.byId(1)).toMatchObject({ acknowledgedAt: null });
  });
});

describe('closing on the unit’s word (电话确认结束)', () => {
  it('the button asks for what the unit said, then closes: audited, the unit told, chasing stops', async () => {
    await say(zhangwei, '/urgent [重大] 周党镇发生山体滑坡');
    expect(read(await press(zhoujie, 'urgent:close:1'))).toBe(zh('urgent.ask.final'));
    const mark = await lastOutboxId();
    expect(read(await say(zhoujie, '罗山县电话报告：现场已处置完毕'))).toBe(zh('urgent.phoneClosed', { id: 1, unit: '罗山县政府办' }));
    expect(await app.store.urgent.byId(1)).toMatchObject({ status: 'closed', nextDueAt: null });
    expect(await app.db.urgentUpdate.findFirstOrThrow()).toMatchObject({ kind: 'phone', authorId: await idOf('zhoujie') });
    expect(await app.db.auditLog.findFirstOrThrow({ where: { action: 'urgent.close' } })).toMatchObject({ actor: 'zhoujie', subject: 'urgent:1' });
    const told = (await queuedSince(mark)).map((m) => m.chatId).sort();
    expect(told).toEqual(['100', '200', '400', '800']);
    app.clock.set('2026-11-21T02:00:00Z');
    expect(await chaseUrgentFollowUps(app, app.clock.now())).toBe(0);
    // Pressed again: closed already.
    expect(read(await press(sunli, 'urgent:close:1'))).toBe(zh('error.URGENT.CLOSED', { id: 1 }));
  });

  it('refused to a reporter, and for an unknown report, storing nothing', async () => {
    await say(zhangwei, '/urgent [重大] 周党镇发生山体滑坡');
    const before = await counts();
    expect(read(await press(zhangwei, 'urgent:close:1'))).toBe(zh('error.URGENT.CLOSE_DUTY_ONLY'));
    expect(read(await press(zhoujie, 'urgent:close:42'))).toBe(zh('error.URGENT.UNKNOWN', { id: 42 }));
    expect(read(await press(chenjing, 'urgent:close:1'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(await counts()).toEqual(before);
  });

  it('/urgents for duty: how each came, whether acknowledged, and a close button for each', async () => {
    await say(zhangwei, '/urgent [重大] 周党镇发生山体滑坡');
    await say(zhoujie, '/urgent for gushi @09:30 某地发生火灾');
    const list = await say(sunli, '/urgents');
    const shown = read(list);
    expect(shown).toContain(zh('urgent.list.phone'));
    expect(shown).toContain(zh('urgent.list.unacked'));
    // Soonest due first: #1 (重大, due 14:00), then #2 (一般, due tomorrow 09:30).
    expect(actions(list)).toEqual(['urgent:close:1', 'urgent:close:2']);
    await press(sunli, 'urgent:ack:1');
    expect(read(await say(sunli, '/urgents'))).toContain(zh('urgent.list.acked'));
    // The editor's list is as before, without the duty desk's marks or buttons.
    const editors = await say(chenjing, '/urgents');
    expect(read(editors)).not.toContain(zh('urgent.list.phone'));
    expect(actions(editors)).toEqual([]);
  });
});
