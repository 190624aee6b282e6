import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { seededApps, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { submitItem } from '../../../src/domain/items/submitItem.ts';
import { recordAdoption } from '../../../src/domain/review/recordAdoption.ts';
import { deleteAdoption } from '../../../src/domain/review/deleteAdoption.ts';
import { recordInstruction } from '../../../src/domain/instructions/recordInstruction.ts';
import { declareUrgent } from '../../../src/domain/urgent/declareUrgent.ts';
import { recordMissedReport } from '../../../src/domain/urgent/recordMissedReport.ts';
import { recordAward } from '../../../src/domain/scoring/recordAward.ts';
import { personScores, unitScores } from '../../../src/domain/scoring/scores.ts';
import { unitStatus } from '../../../src/domain/units/unitStatus.ts';
import { recomputePoints } from '../../../src/domain/rules/recomputePoints.ts';
import { loadRulesVersion } from '../../../src/domain/rules/versions.ts';
import { rankPeopleFor, rankUnitsFor } from '../../../src/domain/ranking/rankUnitsFor.ts';
import { parsePeriod, type Period } from '../../../src/domain/time/index.ts';
import type { ItemRecord } from '../../../src/domain/items/port.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';

/**
 * Fenyang's 2014 (seed 002), replayed in December 2026 through real submissions and adoptions:
 * 《吕梁政务信息·普刊》 23 items at 1 point, 《晋政信息·普刊》 9 at 4, 《晋政信息·互联网》 8 at 2 — 75 points.
 * 孝义 and 交城 are the two Lüliang counties ahead of it; 罗山 takes the penalties.
 */
const ORG = `office: 吕梁市人民政府办公室
units:
  - { code: fenyang, name: 汾阳市政府办, kind: county }
  - { code: xiaoyi, name: 孝义市政府办, kind: county }
  - { code: jiaocheng, name: 交城县政府办, kind: county }
  - { code: luoshan, name: 罗山县政府办, kind: county }
people:
  - { code: fy, name: 汾阳信息员, unit: fenyang, roles: [reporter] }
  - { code: fy2, name: 汾阳二号, unit: fenyang, roles: [reporter] }
  - { code: xy, name: 孝义信息员, unit: xiaoyi, roles: [reporter] }
  - { code: jc, name: 交城信息员, unit: jiaocheng, roles: [reporter] }
  - { code: zhangwei, name: 张伟, unit: luoshan, roles: [reporter] }
  - { code: chenjing, name: 陈静, roles: [editor] }
  - { code: admin, name: 管理员, roles: [admin] }
  - { code: huangmin, name: 黄敏, roles: [leader], leaderLevel: city }
`;
const BODY = '本市召开专题会议，研究部署信息报送工作，明确专人负责，确保当天采集、当天编写、当天报送。';
const SH = 'Asia/Shanghai';

let app: TestApp;
const people: Record<string, PersonRecord> = {};
/** Fenyang's 40 items, in the order they were submitted. */
let fenyangItems: { id: number }[] = [];

const period = (text: string): Period => {
  const parsed = parsePeriod(text, SH);
  if (!parsed.ok) throw new Error(text);
  return parsed.value;
};
const range = (text: string) => ({ from: period(text).start, to: period(text).end });

let submitted = 0;
async function submit(author: string, category = 'dynamic'): Promise<ItemRecord> {
  // Each a different item: a unit's second item with the same title in a week is refused.
  submitted += 1;
  const result = await submitItem(app, { author: people[author]!, title: `${people[author]!.name}的信息${submitted}`, body: BODY, category });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

async function adopt(itemId: number, publication: string) {
  const result = await recordAdoption(app, { editor: people.chenjing!, itemId, publication });
  if (!result.ok) throw new Error(`${itemId} ${publication}: ${result.error.code}`);
  return result.value;
}

async function pointsOf(unitCode: string, text: string): Promise<number> {
  const unit = (await app.store.units.byCode(unitCode))!;
  return (await unitScores(app, range(text))).get(unit.id)?.points ?? 0;
}

const PEOPLE = ['fy', 'fy2', 'xy', 'jc', 'zhangwei', 'chenjing', 'admin', 'huangmin'];

// The record is built once per file; each test gets its own copy of it.
const fenyangRecord = seededApps(
  async (seeded) => {
    app = seeded;
    app.clock.set('2026-12-01T01:00:00Z');
    const imported = await importOrg(app, { text: ORG, actor: 'test' });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    for (const code of PEOPLE) people[code] = (await app.store.people.byCode(code))!;

    // 1 December: 40 Fenyang items; adopted on 15 December.
    const items: ItemRecord[] = [];
    for (let i = 0; i < 40; i += 1) items.push(await submit('fy'));
    app.clock.set('2026-12-15T02:00:00Z');
    for (const [index, item] of items.entries()) {
      await adopt(item.id, index < 23 ? 'lvliang-putong' : index < 32 ? 'jinzheng-putong' : 'jinzheng-internet');
    }
    // 孝义 20 × 4 = 80 and 交城 19 × 4 = 76, as in the unitStatus test: Fenyang third.
    app.clock.set('2026-12-02T02:00:00Z');
    const xy = [];
    for (let i = 0; i < 20; i += 1) xy.push(await submit('xy'));
    const jc = [];
    for (let i = 0; i < 19; i += 1) jc.push(await submit('jc'));
    app.clock.set('2026-12-16T02:00:00Z');
    for (const item of [...xy, ...jc]) await adopt(item.id, 'jinzheng-putong');
  },
  { XINBAO_TZ: SH },
);

beforeEach(async () => {
  app = await fenyangRecord();
  for (const code of PEOPLE) people[code] = (await app.store.people.byCode(code))!;
  fenyangItems = await app.db.item.findMany({ where: { authorId: people.fy!.id }, orderBy: { id: 'asc' }, select: { id: true } });
});

afterEach(async () => {
  await app?.dispose();
});

describe('scores from the record', () => {
  it('reproduces Fenyang: 23 × 1 + 9 × 4 + 8 × 2 = 75 points, third behind 孝义 (80) and 交城 (76)', async () => {
    expect(await pointsOf('fenyang', '2026-12')).toBe(75);
    const ranking = await rankUnitsFor(app, period('2026-12'));
    expect(ranking.map((unit) => [unit.code, unit.rank, unit.points])).toEqual([
      ['xiaoyi', 1, 80],
      ['jiaocheng', 2, 76],
      ['fenyang', 3, 75],
      ['luoshan', 4, 0],
    ]);
    expect(ranking[2]).toMatchObject({ submitted: 40, adopted: 40, adoptionRate: 100 });
  });

  it('credits the author by name (实名制) with the same 75 points', async () => {
    const fy = (await personScores(app, range('2026-12'))).find((row) => row.personId === people.fy!.id);
    expect(fy).toMatchObject({ name: '汾阳信息员', unitName: '汾阳市政府办', submitted: 40, adopted: 40, points: 75 });
    const ranked = await rankPeopleFor(app, period('2026-12'));
    expect(ranked.map((row) => [row.name, row.rank, row.points])).toEqual([
      ['孝义信息员', 1, 80],
      ['交城信息员', 2, 76],
      ['汾阳信息员', 3, 75],
    ]);
  });

  it('gives /status the same number: one place computes scores', async () => {
    app.clock.set('2026-12-20T02:00:00Z');
    const fenyang = (await app.store.units.byCode('fenyang'))!;
    const status = await unitStatus(app.chatDeps, { unit: fenyang, period: '2026-12' });
    expect(status.ok && status.value).toMatchObject({ points: 75, rank: 3 });
  });

  it('counts each figure in the period it happened in, for any period', async () => {
    // Submitted on 1 December, adopted on the 15th (ISO week 51).
    expect(await pointsOf('fenyang', '2026-W49')).toBe(0);
    expect(await pointsOf('fenyang', '2026-W51')).toBe(75);
    expect(await pointsOf('fenyang', '2026-Q4')).toBe(75);
    expect(await pointsOf('fenyang', '2026')).toBe(75);
    expect(await pointsOf('fenyang', '2026-12-15..2026-12-15')).toBe(75);
    expect(await pointsOf('fenyang', '2026-11')).toBe(0);
    const w49 = (await rankUnitsFor(app, period('2026-W49'))).find((unit) => unit.code === 'fenyang')!;
    expect(w49).toMatchObject({ submitted: 40, adopted: 0, points: 0, noAdoption: true });
  });
});

describe('manual awards', () => {
  it('adds the province’s +50 to Fenyang’s year, with its reason, audited', async () => {
    app.clock.set('2027-01-05T02:00:00Z');
    const result = await recordAward(app, {
      editor: people.chenjing!,
      target: 'fenyang',
      points: '+50',
      reason: '入选全省政务信息工作先进单位',
      date: '2026-12-31',
    });
    expect(result.ok && result.value).toMatchObject({ target: { kind: 'unit', code: 'fenyang' }, points: 50, awardedAt: new Date('2026-12-30T16:00:00Z') });
    expect(await pointsOf('fenyang', '2026')).toBe(125);
    expect(await pointsOf('fenyang', '2026-12')).toBe(125);
    expect(await pointsOf('fenyang', '2027')).toBe(0);
    // The person is not credited with an award to the unit.
    expect((await personScores(app, range('2026'))).find((row) => row.personId === people.fy!.id)!.points).toBe(75);
    const audit = (await app.store.audit.list()).filter((entry) => entry.action === 'award.add');
    expect(audit.at(-1)).toMatchObject({ actor: 'chenjing', subject: 'unit:fenyang', after: { points: 50, reason: '入选全省政务信息工作先进单位' } });
    const ranking = await rankUnitsFor(app, period('2026'));
    expect(ranking[0]).toMatchObject({ code: 'fenyang', rank: 1, points: 125 });
  });

  it('counts an award named for a period in every ranking that covers that period, not in the month it was entered', async () => {
    // January 2027: the province's list of advanced units for 2026 comes out; 孝义 is on it.
    app.clock.set('2027-01-05T02:00:00Z');
    const result = await recordAward(app, { editor: people.chenjing!, target: 'xiaoyi', points: '50', reason: '入选全省政务信息工作先进单位', date: '@2026' });
    expect(result.ok && result.value).toMatchObject({ points: 50, period: { kind: 'year', key: '2026' }, awardedAt: new Date('2027-01-05T02:00:00Z') });
    expect(await pointsOf('xiaoyi', '2026')).toBe(130);
    expect(await pointsOf('xiaoyi', '2026-12')).toBe(80);
    expect(await pointsOf('xiaoyi', '2026-Q4')).toBe(80);
    expect(await pointsOf('xiaoyi', '2027-01')).toBe(0);
    expect(await pointsOf('xiaoyi', '2027')).toBe(0);
    // /rank and /status read it the same way.
    expect((await rankUnitsFor(app, period('2026')))[0]).toMatchObject({ code: 'xiaoyi', points: 130 });
    const status = await unitStatus(app.chatDeps, { unit: (await app.store.units.byCode('xiaoyi'))!, period: '2026-12' });
    expect(status.ok && status.value.points).toBe(80);

    // A deduction for December counts in December, its quarter and its year, not in the weeks.
    expect((await recordAward(app, { editor: people.chenjing!, target: 'jiaocheng', points: '-6', reason: '十二月报送数据失实', date: '@2026-12' })).ok).toBe(
      true,
    );
    expect([await pointsOf('jiaocheng', '2026-12'), await pointsOf('jiaocheng', '2026-Q4'), await pointsOf('jiaocheng', '2026')]).toEqual([70, 70, 70]);
    expect([await pointsOf('jiaocheng', '2026-W51'), await pointsOf('jiaocheng', '2027-01')]).toEqual([76, 0]);
    // To a person, by name.
    expect((await recordAward(app, { editor: people.chenjing!, target: 'fy2', points: '3', reason: '年度优秀信息员', date: '@2026' })).ok).toBe(true);
    expect((await personScores(app, range('2026'))).find((row) => row.personId === people.fy2!.id)).toMatchObject({ points: 3 });
    expect((await personScores(app, range('2027-01'))).find((row) => row.personId === people.fy2!.id)).toBeUndefined();

    const audit = (await app.store.audit.list()).filter((entry) => entry.action === 'award.add');
    expect(audit.at(0)).toMatchObject({ subject: 'unit:xiaoyi', after: { points: 50, period: '2026' } });
    // A period not begun yet, or one that cannot be read, is refused; nothing is stored.
    const before = await app.db.award.count();
    for (const date of ['@2027-02', '@2027-Q2', '@2026-13']) {
      const refused = await recordAward(app, { editor: people.chenjing!, target: 'xiaoyi', points: '5', reason: '理由', date });
      expect(refused.ok ? 'ok' : refused.error.code).toBe('AWARD.DATE');
    }
    expect(await app.db.award.count()).toBe(before);
  });

  it('takes deductions (negative points) and awards to a person, from an admin too', async () => {
    app.clock.set('2027-01-06T02:00:00Z');
    expect((await recordAward(app, { editor: people.admin!, target: 'xiaoyi', points: '-5', reason: '报送信息数据失实' })).ok).toBe(true);
    expect(await pointsOf('xiaoyi', '2027-01')).toBe(-5);
    expect((await recordAward(app, { editor: people.chenjing!, target: 'fy2', points: '3', reason: '年度优秀信息员' })).ok).toBe(true);
    expect((await personScores(app, range('2027-01'))).find((row) => row.personId === people.fy2!.id)).toMatchObject({ points: 3, submitted: 0 });
    expect(await pointsOf('fenyang', '2027-01')).toBe(0);
  });

  it('refuses what it cannot record, and records nothing', async () => {
    const before = await app.db.award.count();
    const refused = async (input: Partial<Parameters<typeof recordAward>[1]>) => {
      const result = await recordAward(app, { editor: people.chenjing!, target: 'fenyang', points: '10', reason: '理由', ...input });
      return result.ok ? 'ok' : result.error.code;
    };
    expect(await refused({ editor: people.fy })).toBe('AUTH.FORBIDDEN');
    expect(await refused({ points: '0' })).toBe('AWARD.POINTS');
    expect(await refused({ points: 'fifty' })).toBe('AWARD.POINTS');
    expect(await refused({ points: '5000' })).toBe('AWARD.POINTS');
    for (const points of ['5.5', '2.50', '+1.0', '-0.5']) expect(await refused({ points })).toBe('AWARD.POINTS');
    expect(await refused({ target: 'nobody' })).toBe('AWARD.TARGET');
    expect(await refused({ reason: '   ' })).toBe('REVIEW.REASON');
    expect(await refused({ date: '2099-01-01' })).toBe('AWARD.DATE');
    expect(await refused({ date: '2026-02-30' })).toBe('AWARD.DATE');
    expect(await refused({ date: '1900-01-01' })).toBe('AWARD.DATE');
    expect(await refused({ date: '@2026-11-30' })).toBe('AWARD.DATE');
    expect(await app.db.award.count()).toBe(before);
  });
});

describe('the dates an award may have', () => {
  // The organisation was first imported on 1 December 2026 (Shanghai): the office's first month.
  const dated = (date: string) => recordAward(app, { editor: people.chenjing!, target: 'fenyang', points: '5', reason: '补记', date });

  it('from the first day of the office’s first month on Xinbao to today; a refusal names the days allowed', async () => {
    app.clock.set('2026-12-16T02:00:00Z');
    expect(await dated('@2026-11-30')).toEqual({
      ok: false,
      error: { code: 'AWARD.DATE', params: { text: '@2026-11-30', earliest: '2026-12-01', latest: '2026-12-16' } },
    });
    expect(await dated('2026-12-17')).toEqual({
      ok: false,
      error: { code: 'AWARD.DATE', params: { text: '2026-12-17', earliest: '2026-12-01', latest: '2026-12-16' } },
    });
    expect(await dated('@2026-12-01')).toMatchObject({ ok: true, value: { awardedAt: new Date('2026-11-30T16:00:00Z') } });
    expect(await dated('2026-12-16')).toMatchObject({ ok: true, value: { awardedAt: new Date('2026-12-15T16:00:00Z') } });
  });

  it('keeps the office’s first month as the limit in later years, and a later import does not move it', async () => {
    app.clock.set('2028-03-01T02:00:00Z');
    const renamed = await importOrg(app, { text: ORG.replace('汾阳市政府办', '汾阳市人民政府办公室'), actor: 'test' });
    expect(renamed.ok).toBe(true);
    expect((await dated('2026-12-01')).ok).toBe(true);
    expect(await dated('2026-11-30')).toMatchObject({ ok: false, error: { code: 'AWARD.DATE', params: { earliest: '2026-12-01', latest: '2028-03-01' } } });
  });
});

describe('bonuses and penalties', () => {
  it('adds leader-instruction bonuses by when the instruction was recorded, to the unit and the author', async () => {
    app.clock.set('2027-02-03T02:00:00Z');
    const item = await submit('jc');
    await adopt(item.id, 'lvliang-putong');
    const result = await recordInstruction(app, { editor: people.chenjing!, itemId: item.id, leader: 'huangmin', text: '请认真总结经验做法。' });
    expect(result.ok).toBe(true);
    // 1 for the adoption, 2 for a city leader's instruction.
    expect(await pointsOf('jiaocheng', '2027-02')).toBe(3);
    expect((await personScores(app, range('2027-02'))).find((row) => row.personId === people.jc!.id)).toMatchObject({ points: 3, instructionPoints: 2 });
  });

  it('subtracts the rules’ penalties: 2 for a late first report, 5 for a missed one', async () => {
    app.clock.set('2027-02-10T08:00:00Z');
    const late = await declareUrgent(app, {
      reporter: people.zhangwei!,
      what: '某乡镇发生山体滑坡，道路中断',
      occurredAt: new Date('2027-02-10T02:00:00Z'),
      severity: 'general',
    });
    expect(late.ok && late.value.late).toBe(true);
    expect(await pointsOf('luoshan', '2027-02')).toBe(-2);
    const missed = await recordMissedReport(app, {
      editor: people.chenjing!,
      unitCode: 'luoshan',
      occurredAt: new Date('2027-02-09T02:00:00Z'),
      note: '某地火灾未报',
    });
    expect(missed.ok).toBe(true);
    expect(await pointsOf('luoshan', '2027-02')).toBe(-7);
    const unit = (await app.store.units.byCode('luoshan'))!;
    expect((await unitScores(app, range('2027-02'))).get(unit.id)).toMatchObject({ lateUrgent: 1, missedUrgent: 1, penaltyPoints: 7 });
    const ranking = await rankUnitsFor(app, period('2027-02'));
    expect(ranking.at(-1)).toMatchObject({ code: 'luoshan', points: -7 });
  });

  it('adds the negative-feedback bonus of an adopted 报忧 item once, and takes it back with the item’s last adoption', async () => {
    app.clock.set('2027-03-02T02:00:00Z');
    const item = await submit('xy', 'problem');
    await adopt(item.id, 'lvliang-putong');
    expect(await pointsOf('xiaoyi', '2027-03')).toBe(2); // 1 + the bonus of 1
    await adopt(item.id, 'jinzheng-internet');
    expect(await pointsOf('xiaoyi', '2027-03')).toBe(4); // the bonus once
    expect((await deleteAdoption(app, { editor: people.chenjing!, itemId: item.id, publication: 'jinzheng-internet' })).ok).toBe(true);
    expect(await pointsOf('xiaoyi', '2027-03')).toBe(2);
    const last = await deleteAdoption(app, { editor: people.chenjing!, itemId: item.id, publication: 'lvliang-putong' });
    expect(last.ok && last.value).toMatchObject({ bonus: 1, requeued: true });
    expect(await pointsOf('xiaoyi', '2027-03')).toBe(0);
    await adopt(item.id, 'lvliang-putong');
    expect(await pointsOf('xiaoyi', '2027-03')).toBe(2);
  });
});

describe('recomputing and correcting', () => {
  it('gives the same numbers after a recompute with the same rules', async () => {
    const before = await unitScores(app, range('2026'));
    const result = await recomputePoints(app, { editor: people.chenjing!, period: '2026' });
    expect(result.ok && result.value.adoptionsChanged).toBe(0);
    expect(await unitScores(app, range('2026'))).toEqual(before);
  });

  it('re-prices once under new rules: 《吕梁政务信息·普刊》 at 2 makes Fenyang 98, again and again', async () => {
    // The province's +50 for Fenyang's year.
    app.clock.set('2027-01-05T02:00:00Z');
    const award = await recordAward(app, {
      editor: people.chenjing!,
      target: 'fenyang',
      points: '+50',
      reason: '入选全省政务信息工作先进单位',
      date: '2026-12-31',
    });
    if (!award.ok) throw new Error(award.error.code);
    app.clock.set('2027-03-05T02:00:00Z');
    const loaded = await loadRulesVersion(app, {
      text: `publications:
  - { code: lvliang-putong, name: 《吕梁政务信息·普刊》, level: city, points: 2 }
  - { code: jinzheng-putong, name: 《晋政信息·普刊》, level: province, points: 4 }
  - { code: jinzheng-internet, name: 《晋政信息·互联网》, level: province, points: 2 }
`,
      actor: 'chenjing',
    });
    expect(loaded.ok).toBe(true);
    expect((await recomputePoints(app, { editor: people.chenjing!, period: '2026-12' })).ok).toBe(true);
    expect(await pointsOf('fenyang', '2026-12')).toBe(98 + 50);
    expect((await recomputePoints(app, { editor: people.chenjing!, period: '2026-12' })).ok).toBe(true);
    expect(await pointsOf('fenyang', '2026-12')).toBe(98 + 50);
    expect(await app.db.adoption.count({ where: { item: { unit: { code: 'fenyang' } } } })).toBe(40);
  });

  it('withdrawing an adoption changes the score once; adopting it again restores it without a duplicate', async () => {
    app.clock.set('2027-03-06T02:00:00Z');
    const item = fenyangItems[25]!; // adopted by 《晋政信息·普刊》 at 4
    const adoptions = await app.db.adoption.count();
    const before = await pointsOf('fenyang', '2026-12');
    const withdrawn = await deleteAdoption(app, { editor: people.chenjing!, itemId: item.id, publication: '晋政信息·普刊' });
    expect(withdrawn.ok && withdrawn.value).toMatchObject({ points: 4, requeued: true, publicationCode: 'jinzheng-putong' });
    expect(await pointsOf('fenyang', '2026-12')).toBe(before - 4);
    const fenyang = (await rankUnitsFor(app, period('2026-12'))).find((unit) => unit.code === 'fenyang')!;
    expect(fenyang).toMatchObject({ adopted: 39, submitted: 40 });

    // A second withdrawal changes nothing.
    const again = await deleteAdoption(app, { editor: people.chenjing!, itemId: item.id, publication: 'jinzheng-putong' });
    expect(again).toEqual({ ok: false, error: { code: 'ADOPTION.NONE', params: { id: item.id, publication: 'jinzheng-putong' } } });
    expect(await pointsOf('fenyang', '2026-12')).toBe(before - 4);
    expect(await app.db.adoption.count()).toBe(adoptions);
    expect((await app.store.audit.list()).filter((entry) => entry.action === 'item.unadopt' && entry.subject === `item:${item.id}`)).toHaveLength(1);

    // Adopted again (in March 2027): counted once, in March, from the same row.
    await adopt(item.id, 'jinzheng-putong');
    expect(await app.db.adoption.count()).toBe(adoptions);
    expect(await pointsOf('fenyang', '2026-12')).toBe(before - 4);
    expect(await pointsOf('fenyang', '2027-03')).toBe(4);
    expect((await deleteAdoption(app, { editor: people.fy!, itemId: item.id, publication: 'jinzheng-putong' })).ok).toBe(false);
  });
});
