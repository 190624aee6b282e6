import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { seededApps, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { submitItem } from '../../../src/domain/items/submitItem.ts';
import { recordAdoption } from '../../../src/domain/review/recordAdoption.ts';
import { rankUnitsFor } from '../../../src/domain/ranking/rankUnitsFor.ts';
import { parsePeriod, type Period } from '../../../src/domain/time/index.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';

/**
 * A fixed November 2026 (Shanghai), all points 2:
 *   A (county, own target 4 items / 1 adopted)  4 submitted, 2 adopted by 《信阳政务信息》 (1 + 1)
 *   C (department)                              3 submitted, 1 adopted by 《信息专报》 (2)
 *   D (township)                                3 submitted, 1 adopted by 《信息专报》 (2) — a full tie with C
 *   B (county)                                  2 submitted, 1 adopted by 《信息专报》 (2)
 *   E (direct reporting point)                  nothing
 * Ties on points are broken by adoptions, then submissions; C and D tie fully and share 2nd.
 */
const ORG = `office: 测试市人民政府办公室
units:
  - code: a
    name: 甲县政府办
    kind: county
    targets:
      month: { submitted: 4, adopted: 1 }
  - { code: b, name: 乙县政府办, kind: county }
  - { code: c, name: 丙局, kind: department }
  - { code: d, name: 丁镇, kind: township }
  - { code: e, name: 戊直报点, kind: direct }
people:
  - { code: ra, name: 甲, unit: a, roles: [reporter] }
  - { code: rb, name: 乙, unit: b, roles: [reporter] }
  - { code: rc, name: 丙, unit: c, roles: [reporter] }
  - { code: rd, name: 丁, unit: d, roles: [reporter] }
  - { code: editor, name: 编辑, roles: [editor] }
`;
const BODY = '本县召开专题会议，研究部署信息报送工作，明确专人负责，确保当天采集、当天编写、当天报送。';
const SH = 'Asia/Shanghai';

let app: TestApp;
const people: Record<string, PersonRecord> = {};
const unitIds: Record<string, number> = {};

const period = (text: string): Period => {
  const parsed = parsePeriod(text, SH);
  if (!parsed.ok) throw new Error(text);
  return parsed.value;
};

async function items(author: string, count: number, adoptions: string[]) {
  const made = [];
  for (let i = 0; i < count; i += 1) {
    const result = await submitItem(app, { author: people[author]!, title: `${author}-${i}`, body: BODY, category: 'dynamic' });
    if (!result.ok) throw new Error(result.error.code);
    made.push(result.value);
  }
  for (const [index, publication] of adoptions.entries()) {
    const adopted = await recordAdoption(app, { editor: people.editor!, itemId: made[index]!.id, publication });
    if (!adopted.ok) throw new Error(adopted.error.code);
  }
}

const table = async (text: string, previous?: { unitId: number; rank: number }[] | null) =>
  (await rankUnitsFor(app, period(text), previous === undefined ? {} : { previous })).map((unit) => ({
    code: unit.code,
    rank: unit.rank,
    points: unit.points,
    adopted: unit.adopted,
    submitted: unit.submitted,
  }));

// The record is built once per file; each test gets its own copy of it.
const seededApp = seededApps(
  async (seeded) => {
    app = seeded;
    app.clock.set('2026-11-17T02:00:00Z'); // Tuesday of ISO week 47
    const imported = await importOrg(app, { text: ORG, actor: 'test' });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    for (const code of ['ra', 'rb', 'rc', 'rd', 'editor']) people[code] = (await app.store.people.byCode(code))!;
    for (const unit of await app.store.units.list()) unitIds[unit.code] = unit.id;
    await items('ra', 4, ['xinyang-zhengwu', 'xinyang-zhengwu']);
    await items('rc', 3, ['xinxi-zhuanbao']);
    await items('rd', 3, ['xinxi-zhuanbao']);
    await items('rb', 2, ['xinxi-zhuanbao']);
  },
  { XINBAO_TZ: SH },
);

beforeEach(async () => {
  app = await seededApp();
  for (const code of ['ra', 'rb', 'rc', 'rd', 'editor']) people[code] = (await app.store.people.byCode(code))!;
  for (const unit of await app.store.units.list()) unitIds[unit.code] = unit.id;
});

afterEach(async () => {
  await app?.dispose();
});

describe('rankUnitsFor: the units of a period from the record', () => {
  it('ranks by points, then adoptions, then submissions; full ties share a rank and the next one skips', async () => {
    expect(await table('2026-11', null)).toEqual([
      { code: 'a', rank: 1, points: 2, adopted: 2, submitted: 4 },
      { code: 'c', rank: 2, points: 2, adopted: 1, submitted: 3 },
      { code: 'd', rank: 2, points: 2, adopted: 1, submitted: 3 },
      { code: 'b', rank: 4, points: 2, adopted: 1, submitted: 2 },
      { code: 'e', rank: 5, points: 0, adopted: 0, submitted: 0 },
    ]);
  });

  it('flags no adoption and below target, with the unit’s own target or the rules’ default for its kind', async () => {
    const ranking = await rankUnitsFor(app, period('2026-11'), { previous: null });
    const by = Object.fromEntries(ranking.map((unit) => [unit.code, unit]));
    expect(by.a).toMatchObject({ target: { submitted: 4, adopted: 1 }, completion: 100, adoptionRate: 50, belowTarget: false, noAdoption: false });
    expect(by.b).toMatchObject({ target: { submitted: 20, adopted: 3 }, completion: 10, belowTarget: true }); // county default
    expect(by.c).toMatchObject({ target: { submitted: 8, adopted: 1 }, completion: 38, belowTarget: true }); // department default
    expect(by.d).toMatchObject({ target: { submitted: 4, adopted: 1 }, completion: 75, adoptionRate: 33.3, belowTarget: true }); // township
    expect(by.e).toMatchObject({ target: { submitted: 4, adopted: 1 }, completion: 0, adoptionRate: null, noAdoption: true, belowTarget: true });
  });

  it('takes targets by the period’s kind: a quarter falls back to the rules, two weeks have twice the week’s', async () => {
    const quarter = await rankUnitsFor(app, period('2026-Q4'), { previous: null });
    expect(quarter.find((unit) => unit.code === 'a')!.target).toEqual({ submitted: 60, adopted: 10 });
    const twoWeeks = await rankUnitsFor(app, period('2026-11-16..2026-11-29'), { previous: null });
    expect(twoWeeks.find((unit) => unit.code === 'a')!.target).toEqual({ submitted: 10, adopted: null });
    expect(twoWeeks.find((unit) => unit.code === 'd')!.target).toEqual({ submitted: null, adopted: null }); // townships have no week target
    const threeDays = await rankUnitsFor(app, period('2026-11-16..2026-11-18'), { previous: null });
    expect(threeDays.every((unit) => unit.target.submitted === null)).toBe(true);
  });

  it('counts by period: the week holds everything, the week before nothing', async () => {
    expect((await table('2026-W47', null)).map((row) => row.points)).toEqual([2, 2, 2, 2, 0]);
    // Nothing at all: a full tie, everyone 1st (listed by name).
    expect((await table('2026-W46', null)).map((row) => row.rank)).toEqual([1, 1, 1, 1, 1]);
    expect(await table('2026', null)).toEqual(await table('2026-11', null));
  });

  it('measures movement from the last circular of the same kind before the period', async () => {
    const ranks = (entries: [string, number][]) => entries.map(([code, rank]) => ({ unitId: unitIds[code]!, rank, points: 0 }));
    const snapshot = (key: string, start: string, end: string, list?: [string, number][], extra: object = {}) => ({
      period: { key, start, end },
      ...(list ? { ranks: ranks(list) } : {}),
      ...extra,
    });
    // September, then October: October's is the previous circular for November.
    await app.store.circulars.add({
      kind: 'monthly',
      periodKey: '2026-09',
      sentAt: new Date('2026-10-01T01:00:00Z'),
      snapshot: snapshot('2026-09', '2026-08-31T16:00:00.000Z', '2026-09-30T16:00:00.000Z', [
        ['a', 1],
        ['b', 2],
      ]),
    });
    await app.store.circulars.add({
      kind: 'monthly',
      periodKey: '2026-10',
      sentAt: new Date('2026-11-01T01:00:00Z'),
      snapshot: snapshot('2026-10', '2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z', [
        ['a', 3],
        ['b', 1],
        ['c', 2],
      ]),
    });
    // Neither November's own hand-sent circular, nor a weekly one, nor December's counts.
    await app.store.circulars.add({
      kind: 'monthly',
      periodKey: 'manual:2026-11@2026-11-17T03:00:00.000Z',
      sentAt: new Date('2026-11-17T03:00:00Z'),
      snapshot: snapshot('2026-11', '2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z', [['e', 1]]),
    });
    await app.store.circulars.add({
      kind: 'weekly',
      periodKey: '2026-W46',
      sentAt: new Date('2026-11-16T01:00:00Z'),
      snapshot: snapshot('2026-W46', '2026-11-08T16:00:00.000Z', '2026-11-15T16:00:00.000Z', [['e', 1]]),
    });

    const movement = Object.fromEntries((await rankUnitsFor(app, period('2026-11'))).map((unit) => [unit.code, unit.movement]));
    expect(movement).toEqual({
      a: { kind: 'up', by: 2 },
      c: { kind: 'same', by: 0 },
      d: { kind: 'new' },
      b: { kind: 'down', by: 3 },
      e: { kind: 'new' },
    });
    // Week 47 moves from week 46's notice: everyone but 戊 is new there.
    const weekly = Object.fromEntries((await rankUnitsFor(app, period('2026-W47'))).map((unit) => [unit.code, unit.movement]));
    expect(weekly.e).toEqual({ kind: 'down', by: 4 });
    expect(weekly.a).toEqual({ kind: 'new' });
    // A quarter with no quarterly circular before it: all new.
    expect((await rankUnitsFor(app, period('2026-Q4'))).every((unit) => unit.movement.kind === 'new')).toBe(true);
  });
});
