import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';

let app: TestApp;

const run = (text: string) => importOrg(app, { text, actor: 'admin:test' });

async function importOk(text: string) {
  const result = await run(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

/** Everything an org import writes, in a stable order. */
async function snapshot() {
  return {
    units: await app.db.unit.findMany({ orderBy: { id: 'asc' } }),
    people: await app.db.person.findMany({ orderBy: { id: 'asc' } }),
    roles: await app.db.personRole.findMany({ orderBy: [{ personId: 'asc' }, { role: 'asc' }] }),
    targets: await app.db.target.findMany({ orderBy: { id: 'asc' } }),
    audit: await app.db.auditLog.count(),
    office: await app.store.settings.get('office.name'),
  };
}

const counts = async () => ({
  units: await app.db.unit.count(),
  people: await app.db.person.count(),
  roles: await app.db.personRole.count(),
  targets: await app.db.target.count(),
  audit: await app.db.auditLog.count(),
});

/** The 1-based line of the line marked `# <- here`. */
const markedLine = (text: string) => text.split('\n').findIndex((line) => line.includes('# <- here')) + 1;

beforeEach(async () => {
  app = await createTestApp();
});

afterEach(async () => {
  await app?.dispose();
});

describe('when the office and its people started', () => {
  it('the first import records the go-live instant; a person is added as of their import; later imports change neither', async () => {
    app.clock.set('2026-12-01T01:00:00Z');
    await importOk(SAMPLE_ORG);
    expect(await app.store.settings.get('office.goLive')).toBe('2026-12-01T01:00:00.000Z');
    expect((await app.db.person.findUniqueOrThrow({ where: { code: 'zhangwei' } })).createdAt).toEqual(new Date('2026-12-01T01:00:00Z'));
    app.clock.set('2026-12-15T01:00:00Z');
    await importOk(`${SAMPLE_ORG}  - { code: lisi, name: 李四, unit: luoshan, roles: [reporter] }\n`);
    expect(await app.store.settings.get('office.goLive')).toBe('2026-12-01T01:00:00.000Z');
    expect((await app.db.person.findUniqueOrThrow({ where: { code: 'zhangwei' } })).createdAt).toEqual(new Date('2026-12-01T01:00:00Z'));
    expect((await app.db.person.findUniqueOrThrow({ where: { code: 'lisi' } })).createdAt).toEqual(new Date('2026-12-15T01:00:00Z'));
  });
});

// These tests share one database and run in order: the first one imports into an empty office.
describe('importOrg with a good file', () => {
  it('creates the units, people, roles and targets and gives every person an invite', async () => {
    const report = await importOk(SAMPLE_ORG);
    expect(report.unitsChanged).toBe(2);
    expect(report.peopleChanged).toBe(5);
    expect(report.invites.map((row) => row.person).sort()).toEqual(['chenjing', 'huangmin', 'liuyang', 'wangfang', 'zhangwei']);
    for (const row of report.invites) expect(row.invite).toMatch(/^[A-Z2-9]{10}$/);
    expect(new Set(report.invites.map((row) => row.invite)).size).toBe(5);

    expect(await app.store.settings.get('office.name')).toBe('测试市人民政府办公室');
    const luoshan = await app.store.units.byCode('luoshan');
    expect(luoshan).toMatchObject({ name: '罗山县政府办', kind: 'county', signOff: false, active: true });
    expect(await app.store.units.targets(luoshan!.id)).toEqual(
      expect.arrayContaining([
        { periodKind: 'month', submitted: 10, adopted: 3 },
        { periodKind: 'year', submitted: 1103, adopted: null },
      ]),
    );
    expect(await app.store.units.targets(luoshan!.id)).toHaveLength(2);
    expect(await app.store.units.byCode('gushi')).toMatchObject({ name: '固始县政府办', signOff: true });

    expect(await app.store.people.byCode('zhangwei')).toMatchObject({ name: '张伟', roles: ['reporter'], unit: { code: 'luoshan' } });
    expect(await app.store.people.byCode('liuyang')).toMatchObject({ roles: ['lead'], unit: { code: 'luoshan' } });
    expect(await app.store.people.byCode('chenjing')).toMatchObject({ roles: ['editor'], unit: null });
    expect(await app.store.people.byCode('huangmin')).toMatchObject({ roles: ['leader'], leaderLevel: 'city', unit: null });

    expect(await counts()).toEqual({ units: 2, people: 5, roles: 5, targets: 2, audit: 1 });
  });

  it('changes nothing when the same file is imported again', async () => {
    await importOk(SAMPLE_ORG);
    const before = await snapshot();
    app.clock.advance(60_000);
    const report = await importOk(SAMPLE_ORG);
    expect(report.unitsChanged).toBe(0);
    expect(report.peopleChanged).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('updates only what changed: one person renamed', async () => {
    await importOk(SAMPLE_ORG);
    const before = await snapshot();
    app.clock.advance(60_000);
    const report = await importOk(SAMPLE_ORG.replace('name: 张伟,', 'name: 张卫,'));
    expect(report).toMatchObject({ unitsChanged: 0, peopleChanged: 1 });

    const after = await snapshot();
    expect(after.units).toEqual(before.units);
    expect(after.targets).toEqual(before.targets);
    expect(after.roles).toEqual(before.roles);
    expect(after.audit).toBe(before.audit + 1);
    const renamed = after.people.find((row) => row.code === 'zhangwei')!;
    expect(renamed.name).toBe('张卫');
    expect(after.people.filter((row) => row.code !== 'zhangwei')).toEqual(before.people.filter((row) => row.code !== 'zhangwei'));

    // Importing the original file again restores the name.
    expect(await importOk(SAMPLE_ORG)).toMatchObject({ unitsChanged: 0, peopleChanged: 1 });
    expect((await app.store.people.byCode('zhangwei'))?.name).toBe('张伟');
  });

  it('updates only what changed: one unit renamed keeps its targets and people', async () => {
    await importOk(SAMPLE_ORG);
    const before = await snapshot();
    const report = await importOk(SAMPLE_ORG.replace('name: 罗山县政府办', 'name: 罗山县人民政府办公室'));
    expect(report).toMatchObject({ unitsChanged: 1, peopleChanged: 0 });

    const after = await snapshot();
    expect(after.units.find((row) => row.code === 'luoshan')?.name).toBe('罗山县人民政府办公室');
    expect(after.units.filter((row) => row.code !== 'luoshan')).toEqual(before.units.filter((row) => row.code !== 'luoshan'));
    expect(after.people).toEqual(before.people);
    const content = (rows: typeof before.targets) => rows.map(({ id: _id, ...rest }) => rest);
    expect(content(after.targets)).toEqual(content(before.targets));

    await importOk(SAMPLE_ORG);
  });

  it('gives no invite to a person already bound to a chat account', async () => {
    const first = await importOk(SAMPLE_ORG);
    const code = first.invites.find((row) => row.person === 'zhangwei')!.invite;
    const bound = await bindAccount(app, { code, identity: { platform: 'telegram', platformUserId: '9001', chatId: '9001' } });
    expect(bound.ok).toBe(true);

    const again = await importOk(SAMPLE_ORG);
    expect(again.invites).toEqual([]);
    expect(again.pending.map((row) => row.person).sort()).toEqual(['chenjing', 'huangmin', 'liuyang', 'wangfang']);
  });
});

describe('importOrg with a bad file', () => {
  // Each file also holds a valid new unit (息县) and person (赵磊): a bad file is refused whole.
  const cases: { name: string; key: string; text: string }[] = [
    {
      name: 'an unknown unit kind',
      key: 'units.1.kind',
      text: `office: 测试市人民政府办公室
units:
  - code: xixian
    name: 息县政府办
    kind: county
  - code: pingqiao
    name: 平桥区政府办
    kind: city # <- here
people:
  - { code: zhaolei, name: 赵磊, unit: xixian, roles: [reporter] }
`,
    },
    {
      name: 'a person in a unit the file does not have',
      key: 'people.1.unit',
      text: `office: 测试市人民政府办公室
units:
  - { code: xixian, name: 息县政府办, kind: county }
people:
  - { code: zhaolei, name: 赵磊, unit: xixian, roles: [reporter] }
  - code: qianjun
    name: 钱军
    unit: shangcheng # <- here
    roles: [reporter]
`,
    },
    {
      name: 'a unit code used twice',
      key: 'units.1.code',
      text: `office: 测试市人民政府办公室
units:
  - code: xixian
    name: 息县政府办
    kind: county
  - code: xixian # <- here
    name: 息县人民政府办公室
    kind: county
people:
  - { code: zhaolei, name: 赵磊, unit: xixian, roles: [reporter] }
`,
    },
    {
      name: 'a reporter with no unit',
      key: 'people.1.unit',
      text: `office: 测试市人民政府办公室
units:
  - { code: xixian, name: 息县政府办, kind: county }
people:
  - { code: zhaolei, name: 赵磊, unit: xixian, roles: [reporter] }
  - code: qianjun # <- here
    name: 钱军
    roles: [reporter]
`,
    },
    {
      name: 'a code with characters other than letters, digits and "-"',
      key: 'units.0.code',
      text: `office: 测试市人民政府办公室
units:
  - code: xi_xian # <- here
    name: 息县政府办
    kind: county
people:
  - { code: zhaolei, name: 赵磊, unit: xixian, roles: [reporter] }
`,
    },
    {
      name: 'a YAML syntax error',
      key: '',
      text: `office: 测试市人民政府办公室
units:
  - code: xixian
   name: 息县政府办 # <- here
    kind: county
people:
  - { code: zhaolei, name: 赵磊, unit: xixian, roles: [reporter] }
`,
    },
    {
      name: 'a negative target',
      key: 'units.0.targets.month.submitted',
      text: `office: 测试市人民政府办公室
units:
  - code: xixian
    name: 息县政府办
    kind: county
    targets:
      month:
        submitted: -5 # <- here
people:
  - { code: zhaolei, name: 赵磊, unit: xixian, roles: [reporter] }
`,
    },
    {
      name: 'an unknown top-level key',
      key: 'colour',
      text: `office: 测试市人民政府办公室
colour: red # <- here
units:
  - { code: xixian, name: 息县政府办, kind: county }
people:
  - { code: zhaolei, name: 赵磊, unit: xixian, roles: [reporter] }
`,
    },
    {
      name: 'a unit name of only zero-width characters',
      key: 'units.0.name',
      text: `office: 测试市人民政府办公室
units:
  - code: xixian
    name: "\\u200B\\u2060" # <- here
    kind: county
people:
  - { code: zhaolei, name: 赵磊, unit: xixian, roles: [reporter] }
`,
    },
  ];

  for (const { name, key, text } of cases) {
    it(`refuses ${name}, naming line ${markedLine(text)} and key "${key}", and imports nothing`, async () => {
      await importOk(SAMPLE_ORG);
      const before = await snapshot();
      const result = await run(text);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toContainEqual(expect.objectContaining({ line: markedLine(text), key }));
      for (const problem of result.problems) expect(problem.reason).not.toBe('');
      expect(await snapshot()).toEqual(before);
      expect(await app.store.units.byCode('xixian')).toBeNull();
      expect(await app.store.people.byCode('zhaolei')).toBeNull();
    });
  }

  it('explains the problem in words a person can act on', async () => {
    const result = await run(cases[0]!.text);
    expect(!result.ok && result.problems[0]!.reason).toMatch(/county, department, township, direct/);
    const negative = await run(cases[6]!.text);
    expect(!negative.ok && negative.problems[0]!.reason).toMatch(/negative/);
  });
});
