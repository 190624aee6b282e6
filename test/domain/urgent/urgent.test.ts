import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { seededApps, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';
import { declareUrgent } from '../../../src/domain/urgent/declareUrgent.ts';
import { recordFollowUp } from '../../../src/domain/urgent/recordFollowUp.ts';
import { recordMissedReport } from '../../../src/domain/urgent/recordMissedReport.ts';
import { listOpenUrgent } from '../../../src/domain/urgent/listOpenUrgent.ts';
import type { Identity } from '../../../src/domain/accounts/port.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';
import type { DomainDeps, Store } from '../../../src/domain/ports.ts';

const HOUR = 3600_000;
const T0 = '2026-11-20T02:00:00Z';

// SAMPLE_ORG: zhangwei (luoshan reporter), liuyang (luoshan lead), wangfang (gushi reporter),
// chenjing (editor), huangmin (leader). Plus a duty officer.
const ORG = `${SAMPLE_ORG}  - { code: zhoujie, name: 周杰, roles: [duty] }
`;

const telegram = (id: string): Identity => ({ platform: 'telegram', platformUserId: id, chatId: id });
const slack = (id: string): Identity => ({ platform: 'slack', platformUserId: id, chatId: `D${id}` });

let app: TestApp;
let deps: DomainDeps;
const people: Record<string, PersonRecord> = {};

async function bind(personCode: string, identity: Identity) {
  const issued = await issueInvite(app, { personCode });
  if (!issued.ok) throw new Error(issued.error.code);
  const bound = await bindAccount(app, { code: issued.value.code, identity });
  if (!bound.ok) throw new Error(bound.error.code);
}

const WHAT = '罗山县某乡镇发生山体滑坡，两户民房受损';

const counts = async () => ({
  reports: await app.db.urgentReport.count(),
  updates: await app.db.urgentUpdate.count(),
  outbox: await app.db.outboxMessage.count(),
});

/** The outbox rows written since `afterId`, as person code and platform. */
async function outboxSince(afterId: number) {
  const rows = await app.db.outboxMessage.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' } });
  const codeOf = new Map(Object.values(people).map((p) => [p.id, p.code]));
  return rows.map((row) => ({ person: codeOf.get(row.personId!), platform: row.platform, chatId: row.chatId, payload: JSON.parse(row.payload) }));
}
const lastOutboxId = async () => (await app.db.outboxMessage.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;

const EXPECTED_RECIPIENTS = [
  { person: 'zhoujie', platform: 'telegram', chatId: '700' },
  { person: 'zhoujie', platform: 'slack', chatId: 'DU700' },
  { person: 'chenjing', platform: 'telegram', chatId: '400' },
];
const sortRows = <T extends { person?: string; platform: string }>(rows: T[]) =>
  [...rows].sort((a, b) => `${a.person}${a.platform}`.localeCompare(`${b.person}${b.platform}`));

// The org is imported and the people bound once per file; each test opens its own copy.
const seededApp = seededApps(async (seeded) => {
  app = seeded;
  app.clock.set(T0);
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  await bind('zhangwei', telegram('100'));
  await bind('liuyang', telegram('200'));
  await bind('wangfang', telegram('300'));
  await bind('chenjing', telegram('400'));
  await bind('zhoujie', telegram('700'));
  await bind('zhoujie', slack('U700'));
  // huangmin, the leader, stays unbound.
  for (const code of ['zhangwei', 'liuyang', 'wangfang', 'chenjing', 'huangmin', 'zhoujie']) {
    people[code] = (await app.store.people.byCode(code))!;
  }
  deps = { store: app.store, clock: app.clock, rules: app.rules, rulesVersion: app.rulesVersion, timezone: app.timezone };
});

beforeEach(async () => {
  app = await seededApp();
  for (const code of ['zhangwei', 'liuyang', 'wangfang', 'chenjing', 'huangmin', 'zhoujie']) people[code] = (await app.store.people.byCode(code))!;
  deps = { store: app.store, clock: app.clock, rules: app.rules, timezone: app.timezone, rulesVersion: app.rulesVersion };
});

afterEach(async () => {
  await app?.dispose();
});

describe('declareUrgent', () => {
  it('records the report and alerts every bound identity of the duty officers, editors and leaders', async () => {
    const before = await lastOutboxId();
    const result = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT, place: '周党镇', casualties: '无人伤亡' });
    if (!result.ok) throw new Error(result.error.code);
    const report = result.value;
    expect(report).toMatchObject({ status: 'open', severity: 'general', late: false, delayMinutes: 0, what: WHAT, place: '周党镇' });
    expect(report.unit.code).toBe('luoshan');
    expect(report.reporterId).toBe(people.zhangwei!.id);
    expect(await app.store.urgent.byId(report.id)).toMatchObject({ id: report.id, status: 'open' });

    const rows = await outboxSince(before);
    expect(sortRows(rows).map(({ person, platform, chatId }) => ({ person, platform, chatId }))).toEqual(sortRows(EXPECTED_RECIPIENTS));
    // Not the reporter, not the unit lead, not another unit's reporter; the unbound leader has no chat.
    expect(rows.some((row) => ['zhangwei', 'liuyang', 'wangfang', 'huangmin'].includes(row.person!))).toBe(false);
    // The alert names the report and is language-neutral (rendered at send time).
    expect(rows[0]!.payload.title).toMatchObject({ key: 'urgent.alert.title', params: { id: report.id, severity: '@severity.general' } });
  });

  it('a general report is followed up 24 h later; a major one 4 h later; grave 2 h', async () => {
    const general = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT });
    const major = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT, severity: 'major' });
    const grave = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT, severity: 'grave' });
    expect(general.ok && general.value.nextDueAt).toEqual(new Date(Date.parse(T0) + 24 * HOUR));
    expect(major.ok && major.value.nextDueAt).toEqual(new Date(Date.parse(T0) + 4 * HOUR));
    expect(grave.ok && grave.value.nextDueAt).toEqual(new Date(Date.parse(T0) + 2 * HOUR));
  });

  it('keeps the delay and marks a late first report (5 h after a general event), not a timely one (3 h)', async () => {
    const late = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT, occurredAt: new Date(Date.parse(T0) - 5 * HOUR) });
    const timely = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT, occurredAt: new Date(Date.parse(T0) - 3 * HOUR) });
    expect(late.ok && { late: late.value.late, delay: late.value.delayMinutes }).toEqual({ late: true, delay: 300 });
    expect(timely.ok && { late: timely.value.late, delay: timely.value.delayMinutes }).toEqual({ late: false, delay: 180 });
    // Stored, not only returned.
    expect(late.ok && (await app.store.urgent.byId(late.value.id))).toMatchObject({ late: true, delayMinutes: 300 });
    // 3 h is late for a major event (2 h).
    const major = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT, severity: 'major', occurredAt: new Date(Date.parse(T0) - 3 * HOUR) });
    expect(major.ok && major.value.late).toBe(true);
  });

  it('refuses a non-reporter, a bad severity, too short a text and a future event, storing neither report nor alerts', async () => {
    const before = await counts();
    const editor = await declareUrgent(deps, { reporter: people.chenjing!, what: WHAT });
    const lead = await declareUrgent(deps, { reporter: people.liuyang!, what: WHAT });
    const severity = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT, severity: 'bogus' });
    const short = await declareUrgent(deps, { reporter: people.zhangwei!, what: '火' });
    const invisible = await declareUrgent(deps, { reporter: people.zhangwei!, what: '\u200B'.repeat(10) });
    const future = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT, occurredAt: new Date(Date.parse(T0) + HOUR) });
    expect(editor).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(lead).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(severity).toMatchObject({ ok: false, error: { code: 'URGENT.SEVERITY' } });
    expect(short).toMatchObject({ ok: false, error: { code: 'URGENT.TEXT' } });
    expect(invisible).toEqual({ ok: false, error: { code: 'URGENT.TEXT', params: { length: 0 } } });
    expect(future).toMatchObject({ ok: false, error: { code: 'URGENT.FUTURE' } });
    expect(await counts()).toEqual(before);
  });

  it('writes the report and its alerts in one transaction: a failure on the second alert leaves neither', async () => {
    const before = await counts();
    let enqueued = 0;
    const failing: Store = {
      ...app.store,
      transaction: (work) =>
        app.store.transaction((tx) =>
          work({
            ...tx,
            outbox: {
              ...tx.outbox,
              async enqueue(entry) {
                enqueued += 1;
                if (enqueued === 2) throw new Error('disk full');
                return tx.outbox.enqueue(entry);
              },
            },
          }),
        ),
    };
    await expect(declareUrgent({ ...deps, store: failing }, { reporter: people.zhangwei!, what: WHAT })).rejects.toThrow('disk full');
    expect(enqueued).toBe(2);
    expect(await counts()).toEqual(before);
  });
});

describe('recordFollowUp', () => {
  it('by the same unit moves the next due time and relays to the same recipients', async () => {
    const declared = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT, severity: 'major' });
    if (!declared.ok) throw new Error(declared.error.code);
    app.clock.advance(3 * HOUR);
    const before = await lastOutboxId();
    const updated = await recordFollowUp(deps, { author: people.zhangwei!, reportId: declared.value.id, text: '伤员已送医，道路正在抢通', final: false });
    if (!updated.ok) throw new Error(updated.error.code);
    expect(updated.value.nextDueAt).toEqual(new Date(Date.parse(T0) + 3 * HOUR + 4 * HOUR));
    expect(updated.value.updates).toBe(1);
    expect(updated.value.status).toBe('open');
    const rows = await outboxSince(before);
    expect(sortRows(rows).map(({ person, platform, chatId }) => ({ person, platform, chatId }))).toEqual(sortRows(EXPECTED_RECIPIENTS));
    expect(rows[0]!.payload.title.key).toBe('urgent.followup.title');
    expect(rows[0]!.payload.lines[0]).toEqual({ key: 'urgent.update.body', params: expect.objectContaining({ text: '伤员已送医，道路正在抢通' }) });
  });

  it('the unit lead may follow up too', async () => {
    const declared = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT });
    if (!declared.ok) throw new Error(declared.error.code);
    const updated = await recordFollowUp(deps, { author: people.liuyang!, reportId: declared.value.id, text: '县领导已赶赴现场', final: false });
    expect(updated.ok).toBe(true);
  });

  it("by another unit's reporter is refused (URGENT.NOT_YOUR_UNIT) and stores nothing", async () => {
    const declared = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT });
    if (!declared.ok) throw new Error(declared.error.code);
    const before = await counts();
    const refused = await recordFollowUp(deps, { author: people.wangfang!, reportId: declared.value.id, text: '固始县的续报内容', final: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'URGENT.NOT_YOUR_UNIT', params: { id: declared.value.id } } });
    const closing = await recordFollowUp(deps, { author: people.wangfang!, reportId: declared.value.id, text: '固始县的终报内容', final: true });
    expect(closing).toMatchObject({ ok: false, error: { code: 'URGENT.NOT_YOUR_UNIT' } });
    // An office editor has no unit: refused too.
    const editor = await recordFollowUp(deps, { author: people.chenjing!, reportId: declared.value.id, text: '信息科代为续报', final: false });
    expect(editor).toMatchObject({ ok: false, error: { code: 'URGENT.NOT_YOUR_UNIT' } });
    expect(await counts()).toEqual(before);
    expect(await app.store.urgent.byId(declared.value.id)).toMatchObject({ status: 'open', nextDueAt: declared.value.nextDueAt, updates: 0 });
  });

  it('on a closed report is refused (URGENT.CLOSED) and stores nothing', async () => {
    const declared = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT });
    if (!declared.ok) throw new Error(declared.error.code);
    app.clock.advance(HOUR);
    const closed = await recordFollowUp(deps, { author: people.zhangwei!, reportId: declared.value.id, text: '现场已处置完毕', final: true });
    if (!closed.ok) throw new Error(closed.error.code);
    expect(closed.value).toMatchObject({ status: 'closed', nextDueAt: null, closedAt: new Date(Date.parse(T0) + HOUR), updates: 1 });

    const before = await counts();
    const again = await recordFollowUp(deps, { author: people.zhangwei!, reportId: declared.value.id, text: '又有新情况', final: false });
    expect(again).toMatchObject({ ok: false, error: { code: 'URGENT.CLOSED', params: { id: declared.value.id } } });
    const reclose = await recordFollowUp(deps, { author: people.zhangwei!, reportId: declared.value.id, text: '再次终报', final: true });
    expect(reclose).toMatchObject({ ok: false, error: { code: 'URGENT.CLOSED' } });
    expect(await counts()).toEqual(before);
  });

  it('on an unknown report is refused (URGENT.UNKNOWN) and stores nothing', async () => {
    const before = await counts();
    expect(await recordFollowUp(deps, { author: people.zhangwei!, reportId: 99999, text: '续报内容', final: false })).toMatchObject({
      ok: false,
      error: { code: 'URGENT.UNKNOWN', params: { id: 99999 } },
    });
    expect(await counts()).toEqual(before);
  });

  it('the final report is relayed to the same recipients', async () => {
    const declared = await declareUrgent(deps, { reporter: people.zhangwei!, what: WHAT });
    if (!declared.ok) throw new Error(declared.error.code);
    const before = await lastOutboxId();
    await recordFollowUp(deps, { author: people.zhangwei!, reportId: declared.value.id, text: '现场已处置完毕', final: true });
    const rows = await outboxSince(before);
    expect(sortRows(rows).map(({ person, platform, chatId }) => ({ person, platform, chatId }))).toEqual(sortRows(EXPECTED_RECIPIENTS));
    expect(rows.every((row) => row.payload.title.key === 'urgent.final.title')).toBe(true);
  });
});

describe('recordMissedReport', () => {
  it('by an editor writes a miss and an audit row', async () => {
    const misses = await app.db.urgentMiss.count();
    const audits = await app.db.auditLog.count({ where: { action: 'urgent.missed' } });
    const occurredAt = new Date('2026-11-19T08:00:00Z');
    const result = await recordMissedReport(deps, { editor: people.chenjing!, unitCode: 'luoshan', occurredAt, note: '某地交通事故未报' });
    if (!result.ok) throw new Error(result.error.code);
    const miss = await app.db.urgentMiss.findUniqueOrThrow({ where: { id: result.value.id } });
    expect(miss).toMatchObject({ unitId: people.zhangwei!.unit!.id, occurredAt, note: '某地交通事故未报', recordedById: people.chenjing!.id });
    expect(await app.db.urgentMiss.count()).toBe(misses + 1);
    const audit = await app.db.auditLog.findMany({ where: { action: 'urgent.missed' }, orderBy: { id: 'desc' }, take: 1 });
    expect(await app.db.auditLog.count({ where: { action: 'urgent.missed' } })).toBe(audits + 1);
    expect(audit[0]).toMatchObject({ actor: 'chenjing', subject: 'unit:luoshan', at: new Date(T0) });
  });

  it('by a reporter is refused (AUTH.FORBIDDEN) and stores nothing', async () => {
    const misses = await app.db.urgentMiss.count();
    const audits = await app.db.auditLog.count();
    const result = await recordMissedReport(deps, {
      editor: people.zhangwei!,
      unitCode: 'gushi',
      occurredAt: new Date('2026-11-19T08:00:00Z'),
      note: '某地交通事故未报',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await app.db.urgentMiss.count()).toBe(misses);
    expect(await app.db.auditLog.count()).toBe(audits);
  });

  it('refuses an unknown unit and a future event', async () => {
    const misses = await app.db.urgentMiss.count();
    expect(
      await recordMissedReport(deps, { editor: people.chenjing!, unitCode: 'nowhere', occurredAt: new Date('2026-11-19T08:00:00Z'), note: '某地交通事故未报' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'UNIT.UNKNOWN' },
    });
    expect(
      await recordMissedReport(deps, { editor: people.chenjing!, unitCode: 'luoshan', occurredAt: new Date(Date.parse(T0) + HOUR), note: '某地交通事故未报' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'URGENT.FUTURE' },
    });
    expect(await app.db.urgentMiss.count()).toBe(misses);
  });
});

describe('listOpenUrgent', () => {
  it('lists open reports for the duty officer, soonest due first, and leaves closed ones out', async () => {
    // Close everything earlier tests left open, so the list is exactly what this test makes.
    await app.db.urgentReport.updateMany({ where: { status: 'open' }, data: { status: 'closed', nextDueAt: null } });
    const general = await declareUrgent(deps, { reporter: people.zhangwei!, what: '一般事件的经过说明' });
    const grave = await declareUrgent(deps, { reporter: people.wangfang!, what: '特别重大事件的经过', severity: 'grave' });
    const major = await declareUrgent(deps, { reporter: people.zhangwei!, what: '重大事件的经过说明', severity: 'major' });
    const closed = await declareUrgent(deps, { reporter: people.zhangwei!, what: '已结束事件的经过', severity: 'grave' });
    if (!general.ok || !grave.ok || !major.ok || !closed.ok) throw new Error('declare failed');
    await recordFollowUp(deps, { author: people.zhangwei!, reportId: closed.value.id, text: '处置完毕', final: true });

    const listed = await listOpenUrgent(deps, { viewer: people.zhoujie! });
    if (!listed.ok) throw new Error(listed.error.code);
    expect(listed.value.map((report) => report.id)).toEqual([grave.value.id, major.value.id, general.value.id]);

    for (const viewer of [people.chenjing!, people.huangmin!]) expect((await listOpenUrgent(deps, { viewer })).ok).toBe(true);
  });

  it('refuses a reporter and a unit lead', async () => {
    expect(await listOpenUrgent(deps, { viewer: people.zhangwei! })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await listOpenUrgent(deps, { viewer: people.liuyang! })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});
