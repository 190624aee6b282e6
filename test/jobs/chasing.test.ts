import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { seededApps, SAMPLE_ORG, type TestApp } from '../support/testApp.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import { bindAccount } from '../../src/domain/accounts/bindAccount.ts';
import { declareUrgent } from '../../src/domain/urgent/declareUrgent.ts';
import { recordFollowUp } from '../../src/domain/urgent/recordFollowUp.ts';
import { runJobs } from '../../src/jobs/jobs.ts';
import type { Identity } from '../../src/domain/accounts/port.ts';
import type { DomainDeps } from '../../src/domain/ports.ts';
import type { PersonRecord } from '../../src/domain/org/port.ts';
import type { UrgentRecord } from '../../src/domain/urgent/port.ts';
import type { Rules } from '../../src/domain/rules/schema.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// SAMPLE_ORG: zhangwei (luoshan reporter), liuyang (luoshan lead), wangfang (gushi reporter),
// chenjing (editor), huangmin (leader). Plus a duty officer and gushi's lead, who must never be
// told about luoshan's report.
const ORG = `${SAMPLE_ORG}  - { code: zhoujie, name: 周杰, roles: [duty] }
  - { code: sunqi, name: 孙七, unit: gushi, roles: [lead] }
`;
const CHAT: Record<string, string> = { zhangwei: '100', liuyang: '200', wangfang: '300', chenjing: '400', huangmin: '500', zhoujie: '700', sunqi: '800' };

let app: TestApp;
let deps: DomainDeps;
const people: Record<string, PersonRecord> = {};
let codeOf: Map<number, string>;

const telegram = (id: string): Identity => ({ platform: 'telegram', platformUserId: id, chatId: id });

async function bind(personCode: string, identity: Identity) {
  const issued = await issueInvite(app, { personCode });
  if (!issued.ok) throw new Error(issued.error.code);
  const bound = await bindAccount(app, { code: issued.value.code, identity });
  if (!bound.ok) throw new Error(bound.error.code);
}

const lastOutboxId = async () => (await app.db.outboxMessage.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;

/** Runs the jobs at `at`; returns who got a message (person codes, sorted) and what runJobs counted. */
async function runAt(at: Date) {
  const before = await lastOutboxId();
  const results = await runJobs(deps, at);
  // Only this job's messages: other jobs (quota reminders, circulars) may send at the same instants.
  const rows = (await app.db.outboxMessage.findMany({ where: { id: { gt: before } }, orderBy: { id: 'asc' } })).filter((row) =>
    JSON.parse(row.payload).title?.key?.startsWith('urgent.'),
  );
  return {
    sent: results.find((r) => r.job === 'urgent.chase')!.sent,
    to: rows.map((row) => codeOf.get(row.personId!)!).sort(),
    rows,
  };
}

async function declare(at: string | Date, severity = 'grave', reporter = 'zhangwei'): Promise<UrgentRecord> {
  app.clock.set(at);
  const result = await declareUrgent(deps, { reporter: people[reporter]!, what: '某乡镇发生山体滑坡，道路中断', severity });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

const after = (date: Date, ms: number) => new Date(date.getTime() + ms);
const ALL_FIVE = ['chenjing', 'huangmin', 'liuyang', 'zhangwei', 'zhoujie'];

// The org is imported and everyone bound once per file; each test opens its own copy.
const seededApp = seededApps(async (seeded) => {
  app = seeded;
  app.clock.set('2026-11-20T02:00:00Z');
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  for (const [code, chat] of Object.entries(CHAT)) {
    await bind(code, telegram(chat));
    people[code] = (await app.store.people.byCode(code))!;
  }
  codeOf = new Map(Object.values(people).map((p) => [p.id, p.code]));
  deps = { store: app.store, clock: app.clock, rules: app.rules, rulesVersion: app.rulesVersion, timezone: app.timezone };
});

beforeEach(async () => {
  app = await seededApp();
  for (const code of Object.keys(CHAT)) people[code] = (await app.store.people.byCode(code))!;
  codeOf = new Map(Object.values(people).map((p) => [p.id, p.code]));
  deps = { store: app.store, clock: app.clock, rules: app.rules, timezone: app.timezone, rulesVersion: app.rulesVersion };
});

afterEach(async () => {
  await app?.dispose();
});

describe('chasing an overdue urgent follow-up', () => {
  it('climbs the ladder: reporter at due, +lead +duty after 30 min, +editor +leader after 60, capped after 90', async () => {
    const report = await declare('2026-11-20T02:00:00Z'); // grave: follow-up due 2 h later
    const due = report.nextDueAt!;
    expect(due).toEqual(new Date('2026-11-20T04:00:00Z'));

    expect(await runAt(after(due, -MINUTE))).toMatchObject({ sent: 0, to: [] });

    const step0 = await runAt(due);
    expect(step0).toMatchObject({ sent: 1, to: ['zhangwei'] });
    expect(JSON.parse(step0.rows[0]!.payload).title.key).toBe('urgent.chase.reporterTitle');
    expect(step0.rows[0]!.chatId).toBe('100');

    expect(await runAt(after(due, 10 * MINUTE))).toMatchObject({ sent: 0, to: [] });

    const step1 = await runAt(after(due, 30 * MINUTE));
    expect(step1).toMatchObject({ sent: 3, to: ['liuyang', 'zhangwei', 'zhoujie'] });
    const titles = Object.fromEntries(step1.rows.map((row) => [codeOf.get(row.personId!), JSON.parse(row.payload).title.key]));
    expect(titles).toEqual({ zhangwei: 'urgent.chase.reporterTitle', liuyang: 'urgent.chase.escalationTitle', zhoujie: 'urgent.chase.escalationTitle' });

    expect(await runAt(after(due, 45 * MINUTE))).toMatchObject({ sent: 0, to: [] });

    expect(await runAt(after(due, 60 * MINUTE))).toMatchObject({ sent: 5, to: ALL_FIVE });
    expect(await runAt(after(due, 90 * MINUTE))).toMatchObject({ sent: 5, to: ALL_FIVE });

    // Past the ladder's cap the report is still open: chased again at each follow-up interval from
    // the due time (2 h for 特别重大), the reporter, the unit lead and the duty officers.
    expect(await runAt(after(due, 100 * MINUTE))).toMatchObject({ sent: 0, to: [] });
    expect(await runAt(after(due, 2 * HOUR))).toMatchObject({ sent: 3, to: ['liuyang', 'zhangwei', 'zhoujie'] });
    expect(await runAt(after(due, 3 * HOUR))).toMatchObject({ sent: 0, to: [] });
    expect(await runAt(after(due, 4 * HOUR))).toMatchObject({ sent: 3, to: ['liuyang', 'zhangwei', 'zhoujie'] });

    // Another unit's lead and reporter were never told.
    const ledger = await app.db.nudge.findMany({ where: { subject: `urgent:${report.id}` } });
    expect(ledger.filter((n) => [people.sunqi!.id, people.wangfang!.id].includes(n.recipientId))).toEqual([]);
    expect(await app.db.nudge.count({ where: { kind: 'urgent.chase', subject: `urgent:${report.id}`, recipientId: people.zhangwei!.id } })).toBe(6);
    expect(await app.db.nudge.count({ where: { kind: 'urgent.chase', subject: `urgent:${report.id}`, recipientId: people.liuyang!.id } })).toBe(5);
    expect(await app.db.nudge.count({ where: { kind: 'urgent.chase', subject: `urgent:${report.id}`, recipientId: people.chenjing!.id } })).toBe(2);
  });

  it('running the same instant twice sends nothing twice', async () => {
    const report = await declare('2026-11-20T02:00:00Z');
    const due = report.nextDueAt!;
    for (const offset of [0, 30 * MINUTE, 60 * MINUTE]) {
      const first = await runAt(after(due, offset));
      expect(first.sent).toBeGreaterThan(0);
      expect(await runAt(after(due, offset))).toMatchObject({ sent: 0, to: [] });
      const both = await Promise.all([runJobs(deps, after(due, offset)), runJobs(deps, after(due, offset))]);
      expect(both.flat().reduce((sum, r) => sum + r.sent, 0)).toBe(0);
    }
  });

  it('after downtime sends one catch-up (the latest reminder due), not a burst', async () => {
    const report = await declare('2026-11-20T02:00:00Z');
    const soon = after(report.nextDueAt!, 95 * MINUTE); // past the ladder's last step, before the first repeat
    expect(await runAt(soon)).toMatchObject({ sent: 5, to: ALL_FIVE });
    const late = after(report.nextDueAt!, DAY); // the 12th 2-hour interval
    expect(await runAt(late)).toMatchObject({ sent: 3, to: ['liuyang', 'zhangwei', 'zhoujie'] });
    const slots = (await app.db.nudge.findMany({ where: { subject: `urgent:${report.id}` } })).map((n) => n.slot);
    expect(new Set(slots)).toEqual(new Set([`${report.nextDueAt!.toISOString()}#3`, `${report.nextDueAt!.toISOString()}#r12`]));
    expect(await runAt(after(late, MINUTE))).toMatchObject({ sent: 0, to: [] });
  });

  it('a 特别重大 report left open keeps being chased, day and night, until it is followed up', async () => {
    const report = await declare('2026-11-20T02:00:00Z');
    const due = report.nextDueAt!;
    let reminders = 0;
    for (let minutes = 0; minutes <= 12 * 60; minutes += 30) reminders += (await runAt(after(due, minutes * MINUTE))).sent;
    // The ladder (1 + 3 + 5 + 5) and then 3 every 2 hours for 12 hours (6 repeats).
    expect(reminders).toBe(14 + 6 * 3);
    app.clock.set(after(due, 12 * HOUR + 5 * MINUTE));
    const followed = await recordFollowUp(deps, { author: people.zhangwei!, reportId: report.id, text: '伤员已全部送医', final: false });
    expect(followed.ok && followed.value.update).toEqual({ late: true, delayMinutes: 12 * 60 + 5 });
    expect(await runAt(after(due, 14 * HOUR))).toMatchObject({ sent: 0 });
  });

  it('ignores working hours, weekends and holidays: Saturday 03:00 still chases', async () => {
    // Saturday 2026-11-21 01:00 in Shanghai; a grave report is due again at 03:00.
    const report = await declare('2026-11-20T17:00:00Z');
    const saturday3am = new Date('2026-11-20T19:00:00Z');
    expect(report.nextDueAt).toEqual(saturday3am);
    const holidayRules: Rules = { ...app.rules, calendar: { ...app.rules.calendar, holidays: ['2026-11-21'] } };
    const holidayDeps = { ...deps, rules: holidayRules };
    const before = await lastOutboxId();
    expect(await runJobs(holidayDeps, saturday3am)).toContainEqual({ job: 'urgent.chase', sent: 1 });
    const rows = await app.db.outboxMessage.findMany({ where: { id: { gt: before } } });
    expect(rows.map((row) => codeOf.get(row.personId!))).toEqual(['zhangwei']);
    expect(await runAt(after(saturday3am, 30 * MINUTE))).toMatchObject({ sent: 3, to: ['liuyang', 'zhangwei', 'zhoujie'] });
  });

  it('a closed report stops all chasing', async () => {
    const report = await declare('2026-11-20T02:00:00Z');
    const due = report.nextDueAt!;
    expect(await runAt(due)).toMatchObject({ sent: 1, to: ['zhangwei'] });
    app.clock.set(after(due, 10 * MINUTE));
    const closed = await recordFollowUp(deps, { author: people.zhangwei!, reportId: report.id, text: '现场已处置完毕，道路恢复通行', final: true });
    expect(closed.ok).toBe(true);
    for (const offset of [30 * MINUTE, 60 * MINUTE, 90 * MINUTE, 5 * HOUR, DAY, 30 * DAY]) {
      expect(await runAt(after(due, offset))).toMatchObject({ sent: 0, to: [] });
    }
  });

  it('a report closed before its follow-up is due is never chased', async () => {
    const report = await declare('2026-11-20T02:00:00Z');
    app.clock.set('2026-11-20T03:00:00Z');
    expect((await recordFollowUp(deps, { author: people.liuyang!, reportId: report.id, text: '现场已处置完毕', final: true })).ok).toBe(true);
    for (const offset of [0, 30 * MINUTE, 60 * MINUTE, DAY]) expect(await runAt(after(report.nextDueAt!, offset))).toMatchObject({ sent: 0 });
  });

  it('a follow-up restarts the ladder from the new due time', async () => {
    const report = await declare('2026-11-20T02:00:00Z');
    const due = report.nextDueAt!;
    expect(await runAt(due)).toMatchObject({ sent: 1 });
    expect(await runAt(after(due, 30 * MINUTE))).toMatchObject({ sent: 3 });

    app.clock.set(after(due, 40 * MINUTE));
    const followed = await recordFollowUp(deps, { author: people.zhangwei!, reportId: report.id, text: '伤员已全部送医', final: false });
    if (!followed.ok) throw new Error(followed.error.code);
    const newDue = followed.value.nextDueAt!;
    expect(newDue).toEqual(after(due, 40 * MINUTE + 2 * HOUR));

    // Between the follow-up and the new due time: quiet, even past the old ladder's next steps.
    expect(await runAt(after(due, 60 * MINUTE))).toMatchObject({ sent: 0, to: [] });
    expect(await runAt(after(newDue, -MINUTE))).toMatchObject({ sent: 0, to: [] });
    // From the new due time, the ladder starts again at the reporter alone.
    expect(await runAt(newDue)).toMatchObject({ sent: 1, to: ['zhangwei'] });
    expect(await runAt(after(newDue, 30 * MINUTE))).toMatchObject({ sent: 3, to: ['liuyang', 'zhangwei', 'zhoujie'] });
  });

  it('a general report is chased 24 h after it was declared, not before', async () => {
    const report = await declare('2026-11-20T02:00:00Z', 'general');
    expect(report.nextDueAt).toEqual(new Date('2026-11-21T02:00:00Z'));
    expect(await runAt(new Date('2026-11-21T01:59:00Z'))).toMatchObject({ sent: 0 });
    expect(await runAt(new Date('2026-11-21T02:00:00Z'))).toMatchObject({ sent: 1, to: ['zhangwei'] });
  });
});
