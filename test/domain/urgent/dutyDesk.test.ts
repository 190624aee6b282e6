import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { seededApps, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';
import { declareUrgent } from '../../../src/domain/urgent/declareUrgent.ts';
import { logPhoneReport } from '../../../src/domain/urgent/logPhoneReport.ts';
import { acknowledgeUrgent } from '../../../src/domain/urgent/acknowledgeUrgent.ts';
import { closeByPhone } from '../../../src/domain/urgent/closeByPhone.ts';
import { urgentTimeliness } from '../../../src/domain/circulars/urgentTimeliness.ts';
import { unitScores } from '../../../src/domain/scoring/scores.ts';
import { parsePeriod } from '../../../src/domain/time/index.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';
import type { DomainDeps } from '../../../src/domain/ports.ts';

// The duty desk (docs/urgent.md#the-duty-desk), use case by use case.
const ORG = SAMPLE_ORG.replace(
  'people:',
  `  - { code: xinxian, name: 新县政府办, kind: county, active: false }
people:`,
).concat(`  - { code: zhoujie, name: 周杰, roles: [duty] }
  - { code: sunli, name: 孙丽, roles: [duty] }
`);
const T0 = '2026-11-20T02:00:00Z'; // 10:00 in Shanghai
const CODES = ['zhangwei', 'liuyang', 'wangfang', 'chenjing', 'huangmin', 'zhoujie', 'sunli'];
const CHATS: Record<string, string> = { zhangwei: '100', liuyang: '200', wangfang: '300', chenjing: '400', zhoujie: '700', sunli: '800' };

let app: TestApp;
let deps: DomainDeps;
const people: Record<string, PersonRecord> = {};

const seededApp = seededApps(async (seeded) => {
  seeded.clock.set(T0);
  const imported = await importOrg(seeded, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  for (const [code, chat] of Object.entries(CHATS)) {
    const issued = await issueInvite(seeded, { personCode: code });
    if (!issued.ok) throw new Error(issued.error.code);
    const bound = await bindAccount(seeded, { code: issued.value.code, identity: { platform: 'telegram', platformUserId: chat, chatId: chat } });
    if (!bound.ok) throw new Error(bound.error.code);
  }
});

beforeEach(async () => {
  app = await seededApp();
  for (const code of CODES) people[code] = (await app.store.people.byCode(code))!;
  deps = { store: app.store, clock: app.clock, rules: app.rules, timezone: app.timezone, rulesVersion: app.rulesVersion };
});

afterEach(async () => {
  await app?.dispose();
});

const counts = async () => ({
  reports: await app.db.urgentReport.count(),
  outbox: await app.db.outboxMessage.count(),
  audit: await app.db.auditLog.count(),
});
const lastOutboxId = async () => (await app.db.outboxMessage.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;
async function queuedSince(afterId: number) {
  const rows = await app.db.outboxMessage.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' } });
  return rows.map((row) => ({ chatId: row.chatId, priority: row.priority, subject: row.subject, message: JSON.parse(row.payload) }));
}
const at = (iso: string) => new Date(iso);

describe('logPhoneReport', () => {
  it('logs the unit’s report (by name) as a phone report: measured to the call, audited, office and unit told', async () => {
    const mark = await lastOutboxId();
    const result = await logPhoneReport(deps, {
      duty: people.zhoujie!,
      unit: '罗山县政府办',
      what: '周党镇发生山体滑坡',
      severity: 'grave',
      occurredAt: at('2026-11-20T00:00:00Z'),
      calledAt: at('2026-11-20T01:00:00Z'),
    });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value).toMatchObject({ channel: 'phone', reporterId: people.zhoujie!.id, loggedById: people.zhoujie!.id, delayMinutes: 60, late: false });
    // 特别重大: follow-ups every 2 h, from the call.
    expect(result.value.nextDueAt).toEqual(at('2026-11-20T03:00:00Z'));
    const queued = await queuedSince(mark);
    expect(queued.map((row) => [row.chatId, row.message.title.key])).toEqual([
      ['800', 'urgent.alert.title'],
      ['400', 'urgent.alert.title'],
      ['100', 'urgent.phoneLogged.title'],
    ]);
    expect(queued.every((row) => row.priority === 0 && row.subject === 'urgent:1')).toBe(true);
    expect(await app.db.auditLog.count({ where: { action: 'urgent.phone', actor: 'zhoujie', subject: 'urgent:1' } })).toBe(1);
  });

  it('refuses, storing nothing: not duty, an unknown or inactive unit, an event in the future, a call in the future or before the event', async () => {
    const before = await counts();
    const base = { duty: people.zhoujie!, unit: 'luoshan', what: '周党镇发生山体滑坡' };
    const cases: [Parameters<typeof logPhoneReport>[1], string][] = [
      [{ ...base, duty: people.zhangwei! }, 'AUTH.FORBIDDEN'],
      [{ ...base, unit: 'nowhere' }, 'URGENT.UNIT_UNKNOWN'],
      [{ ...base, unit: 'xinxian' }, 'URGENT.UNIT_INACTIVE'],
      [{ ...base, occurredAt: at('2026-11-20T03:00:00Z') }, 'URGENT.FUTURE'],
      [{ ...base, calledAt: at('2026-11-20T03:00:00Z') }, 'URGENT.CALL_FUTURE'],
      [{ ...base, occurredAt: at('2026-11-20T01:30:00Z'), calledAt: at('2026-11-20T01:00:00Z') }, 'URGENT.CALL_BEFORE_EVENT'],
      [{ ...base, what: 'x' }, 'URGENT.TEXT'],
      [{ ...base, severity: 'huge' }, 'URGENT.SEVERITY'],
    ];
    for (const [input, code] of cases) {
      const result = await logPhoneReport(deps, input);
      expect(result.ok ? 'ok' : result.error.code).toBe(code);
    }
    expect(await counts()).toEqual(before);
  });

  it('counts for the unit in the period of the call, not of its logging, late or not by the call', async () => {
    // Event 2026-11-30 21:00, call 23:58 (178 minutes: late for 重大), logged 2026-12-01 00:03 (Shanghai).
    app.clock.set('2026-11-30T16:03:00Z');
    const result = await logPhoneReport(deps, {
      duty: people.zhoujie!,
      unit: 'luoshan',
      what: '某地发生火灾',
      severity: 'major',
      occurredAt: at('2026-11-30T13:00:00Z'),
      calledAt: at('2026-11-30T15:58:00Z'),
    });
    if (!result.ok) throw new Error(result.error.code);
    const november = parsePeriod('2026-11', app.timezone);
    const december = parsePeriod('2026-12', app.timezone);
    if (!november.ok || !december.ok) throw new Error('period');
    const inNovember = await urgentTimeliness(app.store, november.value);
    expect(inNovember.totals).toMatchObject({ reports: 1, late: 1, averageDelay: 178 });
    expect((await urgentTimeliness(app.store, december.value)).totals).toMatchObject({ reports: 0, late: 0 });
    const range = (period: typeof november.value) => ({ from: period.start, to: period.end });
    expect(await app.store.scoring.urgentLapses(range(november.value))).toEqual([{ unitId: people.zhangwei!.unit!.id, late: 1, missed: 0 }]);
    expect(await app.store.scoring.urgentLapses(range(december.value))).toEqual([]);
    expect((await unitScores(deps, range(november.value))).get(people.zhangwei!.unit!.id)).toMatchObject({ lateUrgent: 1 });
    expect((await unitScores(deps, range(december.value))).get(people.zhangwei!.unit!.id)?.lateUrgent ?? 0).toBe(0);
    const { reports } = await app.store.scoring.urgent(range(november.value));
    expect(reports[0]).toMatchObject({ reportedAt: at('2026-11-30T15:58:00Z'), delayMinutes: 178 });
  });
});

describe('declareUrgent’s alert', () => {
  it('carries 确认收到 and 电话确认结束 for duty officers only', async () => {
    const mark = await lastOutboxId();
    const result = await declareUrgent(deps, { reporter: people.zhangwei!, what: '周党镇发生山体滑坡' });
    if (!result.ok) throw new Error(result.error.code);
    const queued = await queuedSince(mark);
    const buttons = Object.fromEntries(queued.map((row) => [row.chatId, (row.message.buttons ?? []).flat().map((b: { action: string }) => b.action)]));
    expect(buttons).toEqual({ '700': ['urgent:ack:1', 'urgent:close:1'], '800': ['urgent:ack:1', 'urgent:close:1'], '400': [] });
  });
});

describe('acknowledgeUrgent', () => {
  async function chatReport() {
    const result = await declareUrgent(deps, { reporter: people.zhangwei!, what: '周党镇发生山体滑坡' });
    if (!result.ok) throw new Error(result.error.code);
    return result.value.id;
  }

  it('records receipt once, audited, and tells the reporter who and when; a second is refused naming the first', async () => {
    const id = await chatReport();
    app.clock.set('2026-11-20T06:05:00Z');
    const mark = await lastOutboxId();
    const done = await acknowledgeUrgent(deps, { duty: people.sunli!, reportId: id });
    if (!done.ok) throw new Error(done.error.code);
    expect(done.value).toMatchObject({ acknowledgedAt: at('2026-11-20T06:05:00Z'), acknowledgedById: people.sunli!.id });
    const told = await queuedSince(mark);
    expect(told.map((row) => [row.chatId, row.message.lines[0]])).toEqual([
      ['100', { key: 'urgent.ack.notice', params: expect.objectContaining({ id, duty: '孙丽', at: '14:05' }) }],
    ]);
    expect(await app.db.auditLog.count({ where: { action: 'urgent.ack', actor: 'sunli' } })).toBe(1);

    const before = await counts();
    const again = await acknowledgeUrgent(deps, { duty: people.zhoujie!, reportId: id });
    expect(again).toEqual({ ok: false, error: { code: 'URGENT.ACK_ALREADY', params: { id, name: '孙丽', at: '2026-11-20 14:05' } } });
    expect(await counts()).toEqual(before);
  });

  it('refuses a non-duty person, an unknown report, a phone report and a closed one, storing nothing', async () => {
    const id = await chatReport();
    const phone = await logPhoneReport(deps, { duty: people.zhoujie!, unit: 'gushi', what: '某地发生火灾' });
    if (!phone.ok) throw new Error(phone.error.code);
    const closed = await chatReport();
    const shut = await closeByPhone(deps, { duty: people.zhoujie!, reportId: closed, text: '现场已处置完毕' });
    if (!shut.ok) throw new Error(shut.error.code);
    const before = await counts();
    const code = async (person: PersonRecord, reportId: number) => {
      const result = await acknowledgeUrgent(deps, { duty: person, reportId });
      return result.ok ? 'ok' : result.error.code;
    };
    expect(await code(people.zhangwei!, id)).toBe('URGENT.ACK_DUTY_ONLY');
    expect(await code(people.chenjing!, id)).toBe('URGENT.ACK_DUTY_ONLY');
    expect(await code(people.zhoujie!, 99)).toBe('URGENT.UNKNOWN');
    expect(await code(people.sunli!, phone.value.id)).toBe('URGENT.ACK_PHONE');
    expect(await code(people.sunli!, closed)).toBe('URGENT.ACK_CLOSED');
    expect(await counts()).toEqual(before);
  });
});
