/**
 * Keeping an org file up to date after the first import: re-importing, adding one person with a
 * partial file, deactivating, personal targets, and every problem of a file in one round.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';
import { rankUnitsFor } from '../../../src/domain/ranking/rankUnitsFor.ts';
import { parsePeriod } from '../../../src/domain/time/index.ts';

const T0 = '2026-11-20T02:00:00Z';
const DAY = 24 * 3600_000;

let app: TestApp;

const run = (text: string, partial = false) => importOrg(app, { text, actor: 'admin:test', partial });

async function importOk(text: string, partial = false) {
  const result = await run(text, partial);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

const bind = (code: string, user: string) => bindAccount(app, { code, identity: { platform: 'telegram', platformUserId: user, chatId: user } });
const month = (key: string) => {
  const parsed = parsePeriod(key, 'Asia/Shanghai');
  if (!parsed.ok) throw new Error(key);
  return parsed.value;
};

beforeEach(async () => {
  app = await createTestApp();
  app.clock.set(T0);
});

afterEach(async () => {
  await app?.dispose();
});

describe('importing the same file again', () => {
  it('keeps the invites already given: the first codes still bind, and no new ones are printed', async () => {
    const first = await importOk(SAMPLE_ORG);
    app.clock.advance(DAY);
    const again = await importOk(SAMPLE_ORG);
    expect(again).toMatchObject({ unitsChanged: 0, peopleChanged: 0, invites: [] });
    expect(again.pending.map((row) => row.person).sort()).toEqual(['chenjing', 'huangmin', 'liuyang', 'wangfang', 'zhangwei']);
    expect(again.pending.find((row) => row.person === 'zhangwei')?.validUntil).toEqual(new Date(new Date(T0).getTime() + 7 * DAY));
    const code = first.invites.find((row) => row.person === 'liuyang')!.invite;
    expect((await bind(code, '200')).ok).toBe(true);
  });

  it('gives a new invite only to a new person, or to one not bound whose invite expired', async () => {
    const first = await importOk(SAMPLE_ORG);
    expect((await bind(first.invites.find((row) => row.person === 'zhangwei')!.invite, '100')).ok).toBe(true);
    app.clock.advance(8 * DAY);
    const later = await importOk(`${SAMPLE_ORG}  - { code: lisi, name: 李四, unit: luoshan, roles: [reporter] }\n`);
    expect(later.invites.map((row) => row.person).sort()).toEqual(['chenjing', 'huangmin', 'lisi', 'liuyang', 'wangfang']);
    expect(later.pending).toEqual([]);
  });
});

describe('a partial file (--partial)', () => {
  it('adds one person to a unit already in Xinbao, without the office or the rest; only they get an invite', async () => {
    await importOk(SAMPLE_ORG);
    const before = await app.db.person.findMany({ orderBy: { id: 'asc' } });
    const report = await importOk('people:\n  - { code: lisi, name: 李四, unit: luoshan, roles: [reporter] }\n', true);
    expect(report).toMatchObject({ unitsChanged: 0, peopleChanged: 1 });
    expect(report.invites.map((row) => row.person)).toEqual(['lisi']);
    expect(await app.store.people.byCode('lisi')).toMatchObject({ name: '李四', roles: ['reporter'], unit: { code: 'luoshan' }, active: true });
    expect((await app.db.person.findMany({ orderBy: { id: 'asc' } })).slice(0, before.length)).toEqual(before);
    expect(await app.store.settings.get('office.name')).toBe('测试市人民政府办公室');
    expect(await app.db.auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } })).toMatchObject({ action: 'org.import', actor: 'admin:test' });
  });

  it('updates only the keys it gives: a new name keeps the unit, roles and targets; a unit’s new targets keep its name', async () => {
    await importOk(SAMPLE_ORG);
    await importOk('people:\n  - { code: zhangwei, name: 张卫 }\nunits:\n  - code: luoshan\n    targets: { month: { submitted: 12 } }\n', true);
    expect(await app.store.people.byCode('zhangwei')).toMatchObject({ name: '张卫', roles: ['reporter'], unit: { code: 'luoshan', name: '罗山县政府办' } });
    const luoshan = (await app.store.units.byCode('luoshan'))!;
    expect(luoshan).toMatchObject({ name: '罗山县政府办', kind: 'county' });
    expect(await app.store.units.targets(luoshan.id)).toEqual([{ periodKind: 'month', submitted: 12, adopted: null }]);
  });

  it('refuses a new unit without its kind, a new person without roles, and a unit neither in the file nor in Xinbao, all at once', async () => {
    await importOk(SAMPLE_ORG);
    const result = await run(
      [
        'units:',
        '  - { code: xixian, name: 息县政府办 }',
        'people:',
        '  - { code: lisi, name: 李四, unit: luoshan }',
        '  - { code: qianjun, name: 钱军, unit: shangcheng, roles: [reporter] }',
        '',
      ].join('\n'),
      true,
    );
    expect(!result.ok && result.problems.map(({ line, key }) => [line, key])).toEqual([
      [2, 'units.0.kind'],
      [4, 'people.0.roles'],
      [5, 'people.1.unit'],
    ]);
    expect(!result.ok && result.problems[2]!.reason).toBe('no unit with code shangcheng in this file or in Xinbao');
    expect(await app.store.units.byCode('xixian')).toBeNull();
  });
});

describe('active: false', () => {
  it('deactivates a person from now on: kept with their history, told nothing more, no invite; active: true brings them back', async () => {
    await importOk(SAMPLE_ORG);
    const report = await importOk('people:\n  - { code: zhangwei, active: false }\n', true);
    expect(report.deactivated).toEqual({ units: [], people: ['zhangwei'] });
    expect(report.invites).toEqual([]);
    expect(await app.store.people.byCode('zhangwei')).toMatchObject({ name: '张伟', active: false, deactivatedAt: new Date(T0) });
    const luoshan = (await app.store.units.byCode('luoshan'))!;
    expect((await app.store.people.withRole('reporter', luoshan.id)).map((p) => p.code)).toEqual([]);
    const audit = await app.db.auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(JSON.parse(audit.after!)).toMatchObject({ deactivated: { people: ['zhangwei'] } });

    // The whole file without `active` is active again.
    expect((await importOk(SAMPLE_ORG)).peopleChanged).toBe(1);
    expect(await app.store.people.byCode('zhangwei')).toMatchObject({ active: true, deactivatedAt: null });
  });

  it('deactivates a unit: its people hear nothing more; ranked in the month it left, not after', async () => {
    await importOk(SAMPLE_ORG);
    const text = SAMPLE_ORG.replace('    signOff: true\n', '    signOff: true\n    active: false\n');
    expect((await importOk(text)).deactivated).toEqual({ units: ['gushi'], people: [] });
    const gushi = (await app.store.units.byCode('gushi'))!;
    expect(gushi).toMatchObject({ active: false, deactivatedAt: new Date(T0) });
    expect((await app.store.people.withRole('reporter')).map((p) => p.code)).toEqual(['zhangwei']);
    expect((await rankUnitsFor(app, month('2026-11'))).map((u) => u.code).sort()).toEqual(['gushi', 'luoshan']);
    expect((await rankUnitsFor(app, month('2026-12'))).map((u) => u.code)).toEqual(['luoshan']);
    // The same file again changes nothing and keeps the date.
    app.clock.advance(DAY);
    expect(await importOk(text)).toMatchObject({ unitsChanged: 0, deactivated: { units: [] } });
    expect((await app.store.units.byCode('gushi'))!.deactivatedAt).toEqual(new Date(T0));
  });
});

describe('personal targets', () => {
  it('sets a person’s own targets from the file; the same file twice changes nothing; a file without them removes them', async () => {
    const text = SAMPLE_ORG.replace(
      '{ code: zhangwei, name: 张伟, unit: luoshan, roles: [reporter] }',
      '{ code: zhangwei, name: 张伟, unit: luoshan, roles: [reporter], targets: { week: { submitted: 2 }, month: { submitted: 8, adopted: 2 } } }',
    );
    await importOk(text);
    const zhangwei = (await app.store.people.byCode('zhangwei'))!;
    expect(await app.store.people.targets(zhangwei.id)).toEqual([
      { periodKind: 'week', submitted: 2, adopted: null },
      { periodKind: 'month', submitted: 8, adopted: 2 },
    ]);
    expect(await importOk(text)).toMatchObject({ peopleChanged: 0 });
    expect(await importOk(SAMPLE_ORG)).toMatchObject({ peopleChanged: 1 });
    expect(await app.store.people.targets(zhangwei.id)).toEqual([]);
  });
});

describe('every problem of a file in one round', () => {
  it('reports a bad kind, a negative personal target, a code used twice, an unknown unit and a reporter without a unit together', async () => {
    const text = [
      'office: 测试市人民政府办公室', //               1
      'units:', //                                    2
      '  - { code: luoshan, name: 罗山县政府办, kind: city }', // 3
      '  - { code: luoshan, name: 罗山县, kind: county }', //      4
      'people:', //                                   5
      '  - { code: zhangwei, name: 张伟, unit: luoshan, roles: [reporter], targets: { month: { submitted: -1 } } }', // 6
      '  - { code: lisi, name: 李四, unit: xixian, roles: [reporter] }', // 7
      '  - { code: qianjun, name: 钱军, roles: [lead] }', // 8
      '',
    ].join('\n');
    const result = await run(text);
    expect(!result.ok && result.problems.map(({ line, key }) => [line, key])).toEqual([
      [3, 'units.0.kind'],
      [4, 'units.1.code'],
      [6, 'people.0.targets.month.submitted'],
      [7, 'people.1.unit'],
      [8, 'people.2.unit'],
    ]);
    expect(await app.db.unit.count()).toBe(0);
  });
});
