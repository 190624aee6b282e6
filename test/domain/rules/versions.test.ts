import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp } from '../../../src/app.ts';
import { parseConfig } from '../../../src/config/config.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { activeRules, defaultRules, loadRulesVersion, recomputePoints } from '../../../src/domain/rules/index.ts';
import { declareUrgent } from '../../../src/domain/urgent/declareUrgent.ts';
import { createTestApp, SAMPLE_ORG, testClock, type TestApp } from '../../support/testApp.ts';
import { dropDatabase, emptyDatabaseUrl } from '../../support/databases.ts';

const exampleText = readFileSync(new URL('../../../src/domain/rules/example.yaml', import.meta.url), 'utf8');

/** Fenyang's city bulletin at 3 points instead of 1, and city leaders' instructions at 4 instead of 2. */
const RULES_V1 = `publications:
  - { code: lvliang-putong, name: 《吕梁政务信息·普刊》, level: city, points: 3 }
  - { code: jinzheng-putong, name: 《晋政信息·普刊》, level: province, points: 4 }
bonuses:
  leaderInstruction: { city: 4 }
`;
const RULES_V2 = RULES_V1.replace('level: province, points: 4', 'level: province, points: 5');
/** Two problems: negative points (line 2) and an unknown penalty key (line 4). */
const BAD_RULES = `publications:
  - { code: lvliang-putong, name: 《吕梁政务信息·普刊》, level: city, points: -1 }
penalties:
  lateUrgnet: 2
`;

const counts = async (app: TestApp) => ({ versions: await app.db.rulesVersion.count(), audit: await app.db.auditLog.count() });

describe('rules versions', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
  });
  afterEach(async () => app?.dispose());

  /** Version 1 (RULES_V1), loaded by chenjing on 2026-11-20. */
  const loadFirstVersion = async () => {
    app.clock.set('2026-11-20T02:00:00Z');
    const loaded = await loadRulesVersion(app, { text: RULES_V1, actor: 'chenjing' });
    if (!loaded.ok || loaded.value.version !== 1) throw new Error('version 1 not loaded');
  };

  it('before any load, the built-in defaults are in force as version 0', async () => {
    expect(await activeRules(app.store)).toEqual({ version: 0, rules: defaultRules });
    expect(app.rulesVersion).toBe(0);
    expect(app.chatDeps.rulesVersion).toBe(0);
    expect(app.rules.publications.find((p) => p.code === 'lvliang-putong')?.points).toBe(1); // Fenyang, seed 002
  });

  it('the built-in defaults again (example.yaml) add no version', async () => {
    const result = await loadRulesVersion(app, { text: exampleText, actor: 'chenjing' });
    expect(result).toMatchObject({ ok: true, value: { version: 0, previous: 0, changed: false } });
    expect(await counts(app)).toEqual({ versions: 0, audit: 0 });
  });

  it('a bad file changes nothing: RULES.INVALID names the line, key and reason of its first problem', async () => {
    const before = await counts(app);
    const result = await loadRulesVersion(app, { text: BAD_RULES, actor: 'chenjing' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'RULES.INVALID', params: { line: 2, key: 'publications.0.points', reason: 'Must be at least 0, not -1.' } },
    });
    expect(await counts(app)).toEqual(before);
    expect((await activeRules(app.store)).version).toBe(0);
  });

  it('loading adds the next version, audit-logged with who, when and the keys that changed', async () => {
    app.clock.set('2026-11-20T02:00:00Z');
    const result = await loadRulesVersion(app, { text: RULES_V1, actor: 'chenjing' });
    expect(result).toMatchObject({ ok: true, value: { version: 1, previous: 0, changed: true } });
    const active = await activeRules(app.store);
    expect(active.version).toBe(1);
    expect(active.rules.publications.map((p) => [p.code, p.points])).toEqual([
      ['lvliang-putong', 3],
      ['jinzheng-putong', 4],
    ]);
    expect(active.rules.bonuses.leaderInstruction).toEqual({ county: 1, city: 4, province: 5, state: 10 });
    const [entry] = await app.store.audit.list();
    expect(entry).toMatchObject({ actor: 'chenjing', action: 'rules.load', subject: 'rules', at: new Date('2026-11-20T02:00:00Z') });
    expect(entry!.before).toMatchObject({ version: 0, 'publications.lvliang-putong.points': 1, 'bonuses.leaderInstruction.city': 2 });
    expect(entry!.after).toMatchObject({ version: 1, 'publications.lvliang-putong.points': 3, 'bonuses.leaderInstruction.city': 4 });
    // A publication left out of the new list is shown whole before and null after.
    expect(entry!.before).toMatchObject({ 'publications.guoban-zhibao': { name: '《国办直报信息》', level: 'state', points: 10 } });
    expect(entry!.after).toMatchObject({ 'publications.guoban-zhibao': null });
    expect(Object.keys(entry!.after as object)).not.toContain('publications.jinzheng-putong.points'); // unchanged: not listed
  });

  it('the same rules again are a no-op: no version, no audit entry', async () => {
    await loadFirstVersion();
    const before = await counts(app);
    // Same rules, written differently (JSON, other key order).
    const json = JSON.stringify({
      bonuses: { leaderInstruction: { city: 4 } },
      publications: [
        { points: 3, level: 'city', name: '《吕梁政务信息·普刊》', code: 'lvliang-putong' },
        { code: 'jinzheng-putong', name: '《晋政信息·普刊》', level: 'province', points: 4 },
      ],
    });
    for (const text of [RULES_V1, json]) {
      const again = await loadRulesVersion(app, { text, actor: 'chenjing' });
      expect(again).toMatchObject({ ok: true, value: { version: 1, previous: 1, changed: false } });
    }
    expect(await counts(app)).toEqual(before);
  });

  it('a new version keeps the old ones for history', async () => {
    await loadFirstVersion();
    app.clock.set('2026-11-21T02:00:00Z');
    const result = await loadRulesVersion(app, { text: RULES_V2, actor: 'admin1' });
    expect(result).toMatchObject({ ok: true, value: { version: 2, previous: 1 } });
    expect(await app.store.rules.list()).toEqual([
      { version: 1, loadedAt: new Date('2026-11-20T02:00:00Z'), loadedBy: 'chenjing' },
      { version: 2, loadedAt: new Date('2026-11-21T02:00:00Z'), loadedBy: 'admin1' },
    ]);
    const v1 = await app.db.rulesVersion.findUniqueOrThrow({ where: { version: 1 } });
    expect(JSON.parse(v1.source).publications[1].points).toBe(4);
    expect((await activeRules(app.store)).rules.publications[1]!.points).toBe(5);
  });
});

describe('recomputePoints', () => {
  let app: TestApp;
  const people: Record<string, PersonRecord> = {};
  let itemId: number;
  let unitId: number;

  const adopt = (publicationCode: string, points: number, adoptedAt: string, extra: { deletedAt?: Date } = {}) =>
    app.db.adoption.create({
      data: { itemId, publicationCode, level: 'city', points, rulesVersion: app.rulesVersion, adoptedAt: new Date(adoptedAt), ...extra },
    });
  const newItem = async (title: string) =>
    (
      await app.store.items.create({
        title,
        body: '罗山县多措并举推进秋冬种工作，截至目前已完成小麦播种面积八成以上。',
        category: 'dynamic',
        status: 'adopted',
        authorId: people.zhangwei!.id,
        unitId,
        commissionId: null,
        createdAt: new Date('2026-10-10T02:00:00Z'),
        submittedAt: new Date('2026-10-10T02:00:00Z'),
      })
    ).id;
  const points = async (id: number) => (await app.db.adoption.findUniqueOrThrow({ where: { id } })).points;
  /** A city leader's instruction on the item, recorded in November under the built-in rules (2 points). */
  const cityInstruction = () =>
    app.db.instruction.create({
      data: {
        itemId,
        unitId,
        leaderName: '黄敏',
        leaderLevel: 'city',
        text: '请认真总结推广。',
        bonusPoints: 2,
        rulesVersion: 0,
        status: 'open',
        dueAt: new Date('2026-11-12T02:00:00Z'),
        createdAt: new Date('2026-11-05T03:00:00Z'),
      },
    });
  /** November's adoption and instruction, re-priced under version 1 (RULES_V1) by chenjing on 2026-11-22. */
  const repricedUnderFirstVersion = async () => {
    await adopt('lvliang-putong', 1, '2026-11-05T02:00:00Z');
    await cityInstruction();
    const loaded = await loadRulesVersion(app, { text: RULES_V1, actor: 'chenjing' });
    if (!loaded.ok) throw new Error(loaded.error.code);
    app.clock.set('2026-11-22T02:00:00Z');
    const done = await recomputePoints(app, { editor: people.chenjing! });
    if (!done.ok) throw new Error(done.error.code);
  };

  beforeEach(async () => {
    app = await createTestApp();
    const imported = await importOrg(app, { text: `${SAMPLE_ORG}  - { code: admin1, name: 管理员, roles: [admin] }\n`, actor: 'test' });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    for (const code of ['zhangwei', 'chenjing', 'huangmin', 'admin1']) people[code] = (await app.store.people.byCode(code))!;
    unitId = people.zhangwei!.unit!.id;
    itemId = await newItem('罗山县推进秋冬种工作');
  });
  afterEach(async () => app?.dispose());

  it('points already earned do not change when a new version is loaded, only when an editor recomputes', async () => {
    // Adopted at 1 point under the built-in rules (version 0), with a city leader's instruction worth 2.
    const november = await adopt('lvliang-putong', 1, '2026-11-05T02:00:00Z');
    const instruction = await cityInstruction();
    expect(await loadRulesVersion(app, { text: RULES_V1, actor: 'chenjing' })).toMatchObject({ ok: true, value: { version: 1 } });
    expect(await points(november.id)).toBe(1);

    // A reporter and a leader may not recompute; nothing changes, nothing is logged.
    const auditBefore = await app.db.auditLog.count();
    for (const who of ['zhangwei', 'huangmin']) {
      expect(await recomputePoints(app, { editor: people[who]! })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    expect(await points(november.id)).toBe(1);
    expect(await app.db.auditLog.count()).toBe(auditBefore);

    app.clock.set('2026-11-22T02:00:00Z');
    const done = await recomputePoints(app, { editor: people.chenjing! });
    expect(done).toEqual({
      ok: true,
      value: {
        version: 1,
        period: null,
        adoptionsChanged: 1,
        instructionsChanged: 1,
        adoptionsKept: 0,
        before: { adoptions: 1, instructions: 2 },
        after: { adoptions: 3, instructions: 4 },
      },
    });
    expect(await app.db.adoption.findUniqueOrThrow({ where: { id: november.id } })).toMatchObject({ points: 3, rulesVersion: 1 });
    expect(await app.db.instruction.findUniqueOrThrow({ where: { id: instruction.id } })).toMatchObject({ bonusPoints: 4, rulesVersion: 1 });
    const entries = (await app.store.audit.list()).filter((entry) => entry.action === 'rules.recompute');
    expect(entries).toEqual([
      expect.objectContaining({
        actor: 'chenjing',
        subject: 'points:all',
        at: new Date('2026-11-22T02:00:00Z'),
        before: { adoptionPoints: 1, instructionPoints: 2 },
        after: { rulesVersion: 1, adoptionsChanged: 1, instructionsChanged: 1, adoptionPoints: 3, instructionPoints: 4 },
      }),
    ]);

    // Again: nothing to change, nothing logged.
    const again = await recomputePoints(app, { editor: people.chenjing! });
    expect(again).toMatchObject({ ok: true, value: { adoptionsChanged: 0, instructionsChanged: 0, before: { adoptions: 3 }, after: { adoptions: 3 } } });
    expect(await points(november.id)).toBe(3);
    expect((await app.store.audit.list()).filter((entry) => entry.action === 'rules.recompute')).toHaveLength(1);
  });

  it('with a period, only that period is re-priced; deleted adoptions and unknown publications keep their points', async () => {
    await repricedUnderFirstVersion();
    const october = await adopt('jinzheng-putong', 4, '2026-10-20T02:00:00Z');
    const november = await adopt('jinzheng-internet', 2, '2026-11-06T02:00:00Z'); // not in RULES_V2: kept
    const deleted = await app.db.adoption.create({
      data: {
        itemId: await newItem('罗山县另一条信息'),
        publicationCode: 'jinzheng-putong',
        level: 'province',
        points: 4,
        rulesVersion: 1,
        adoptedAt: new Date('2026-11-07T02:00:00Z'),
        deletedAt: new Date('2026-11-08T02:00:00Z'),
      },
    });
    const novemberOther = await app.db.adoption.create({
      data: {
        itemId: await newItem('罗山县第三条信息'),
        publicationCode: 'jinzheng-putong',
        level: 'province',
        points: 4,
        rulesVersion: 1,
        adoptedAt: new Date('2026-11-09T02:00:00Z'),
      },
    });
    expect(await loadRulesVersion(app, { text: RULES_V2, actor: 'admin1' })).toMatchObject({ ok: true, value: { version: 2 } });

    const done = await recomputePoints(app, { editor: people.admin1!, period: '2026-11' });
    expect(done).toMatchObject({ ok: true, value: { version: 2, period: '2026-11', adoptionsChanged: 2, instructionsChanged: 1, adoptionsKept: 1 } });
    // 2026-11: lvliang 3 (version 1 -> 2, same points), jinzheng-internet 2 kept, jinzheng-putong 4 -> 5.
    expect(done.ok && done.value.before).toEqual({ adoptions: 9, instructions: 4 });
    expect(done.ok && done.value.after).toEqual({ adoptions: 10, instructions: 4 });
    expect(await points(novemberOther.id)).toBe(5);
    expect(await points(november.id)).toBe(2);
    expect(await points(deleted.id)).toBe(4);
    expect(await points(october.id)).toBe(4);
    expect((await app.store.audit.list()).at(-1)).toMatchObject({ actor: 'admin1', action: 'rules.recompute', subject: 'points:2026-11' });
  });

  it('refuses a period it cannot read', async () => {
    expect(await recomputePoints(app, { editor: people.chenjing!, period: '2026-13' })).toEqual({
      ok: false,
      error: { code: 'PERIOD.INVALID', params: { text: '2026-13' } },
    });
  });
});

describe('XINBAO_RULES at start', () => {
  let dir: string;
  const open = async (rulesFile: string | undefined, at = '2026-11-20T02:00:00Z') => {
    const parsed = parseConfig({ DATABASE_URL: databaseUrl, ...(rulesFile ? { XINBAO_RULES: rulesFile } : {}) });
    if (!parsed.ok) throw new Error(parsed.message);
    return openApp(parsed.config, testClock(at));
  };
  let databaseUrl: string;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinbao-rules-'));
    databaseUrl = await emptyDatabaseUrl(dir);
    writeFileSync(path.join(dir, 'v1.yaml'), RULES_V1);
    writeFileSync(path.join(dir, 'v2.yaml'), RULES_V2);
    writeFileSync(path.join(dir, 'bad.yaml'), BAD_RULES);
  });
  afterEach(async () => {
    await dropDatabase(databaseUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  it('becomes the version in force when it differs from it, once; urgent reports record that version', async () => {
    const first = await open(path.join(dir, 'v1.yaml'));
    try {
      expect(first.rulesVersion).toBe(1);
      expect(first.chatDeps.rulesVersion).toBe(1);
      expect(first.rules.publications[0]!.points).toBe(3);
      expect(first.chatDeps.rules).toBe(first.rules);
      expect(await first.store.audit.list()).toEqual([
        expect.objectContaining({ actor: 'XINBAO_RULES', action: 'rules.load', after: expect.objectContaining({ version: 1 }) }),
      ]);
      const imported = await importOrg(first, { text: SAMPLE_ORG, actor: 'test' });
      if (!imported.ok) throw new Error('org');
      const reporter = (await first.store.people.byCode('zhangwei'))!;
      const report = await declareUrgent(first.chatDeps, { reporter, what: '罗山县某乡镇发生山体滑坡，两户民房受损' });
      if (!report.ok) throw new Error(report.error.code);
      expect((await first.db.urgentReport.findUniqueOrThrow({ where: { id: report.value.id } })).rulesVersion).toBe(1);
    } finally {
      await first.close();
    }
    const again = await open(path.join(dir, 'v1.yaml'));
    expect(again.rulesVersion).toBe(1);
    expect(await again.db.rulesVersion.count()).toBe(1);
    await again.close();
    // Without XINBAO_RULES, the database's version stays in force.
    const unset = await open(undefined);
    expect(unset.rulesVersion).toBe(1);
    await unset.close();
    const second = await open(path.join(dir, 'v2.yaml'));
    expect(second.rulesVersion).toBe(2);
    expect(second.rules.publications[1]!.points).toBe(5);
    await second.close();
  });

  it('a bad file stops start-up with one line naming the file, line, key and reason, and changes nothing', async () => {
    // Started with v1, then with v2: version 2 is in force.
    for (const file of ['v1.yaml', 'v2.yaml']) await (await open(path.join(dir, file))).close();
    await expect(open(path.join(dir, 'bad.yaml'))).rejects.toThrow(
      new Error(`XINBAO_RULES: ${path.join(dir, 'bad.yaml')}:2: publications.0.points: Must be at least 0, not -1.`),
    );
    const after = await open(undefined);
    expect(after.rulesVersion).toBe(2);
    expect(await after.db.rulesVersion.count()).toBe(2);
    await after.close();
  });
});
