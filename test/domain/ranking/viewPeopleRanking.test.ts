import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { seededApps, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { submitItem } from '../../../src/domain/items/submitItem.ts';
import { recordAdoption } from '../../../src/domain/review/recordAdoption.ts';
import { deleteAdoption } from '../../../src/domain/review/deleteAdoption.ts';
import { recordAward } from '../../../src/domain/scoring/recordAward.ts';
import { recordInstruction } from '../../../src/domain/instructions/recordInstruction.ts';
import { viewPeopleRanking, type PeopleRanking } from '../../../src/domain/ranking/viewPeopleRanking.ts';
import { PEOPLE_LINES, peopleRankingMessage } from '../../../src/domain/ranking/peopleRankingMessage.ts';
import { renderOut } from '../../../src/i18n/renderOut.ts';
import { parsePeriod, type Period } from '../../../src/domain/time/index.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';

/**
 * November 2026 (Shanghai), the built-in rules' points:
 *   乙一 (b)  1 item: 《信阳快报》 (province, 4) + 黄敏's instruction on it (city, +2)   = 6
 *   甲一 (a)  2 items: one adopted by 《信阳政务信息》 (city, 1) and 《信阳快报》 (4)     = 5
 *            + a third adopted by 《国办直报信息》 (10) and then withdrawn: not counted
 *            own target: 4 items a month → 50%
 *   甲二 (a)  2 items: one adopted by 《信息专报》 (city, 2) + an award of 3             = 5 — a full tie with 甲一
 *   甲三 (a)  1 item adopted by 《信阳政务信息》, the adoption deleted                 = 0
 *   乙旧 (b)  1 item, deactivated 25 November: ranked in November, not in December    = 0 — a full tie with 甲三
 *   甲旧 (a)  deactivated in October, an award of 1 in November: not ranked
 *   甲领导 (a, lead) nothing: not ranked (only reporters are, and anyone credited)
 */
const ORG = `office: 测试市人民政府办公室
units:
  - { code: a, name: 甲县政府办, kind: county }
  - { code: b, name: 乙县政府办, kind: county }
people:
  - code: ra1
    name: 甲一
    unit: a
    roles: [reporter]
    targets:
      month: { submitted: 4 }
  - { code: ra2, name: 甲二, unit: a, roles: [reporter] }
  - { code: ra3, name: 甲三, unit: a, roles: [reporter] }
  - { code: rx, name: 甲旧, unit: a, roles: [reporter] }
  - { code: la, name: 甲领导, unit: a, roles: [lead] }
  - { code: rb, name: 乙一, unit: b, roles: [reporter] }
  - { code: ry, name: 乙旧, unit: b, roles: [reporter] }
  - { code: editor, name: 编辑, roles: [editor] }
  - { code: duty, name: 值班员, roles: [duty] }
  - { code: huang, name: 黄敏, roles: [leader], leaderLevel: city }
`;
const BODY = '本县召开专题会议，研究部署信息报送工作，明确专人负责，确保当天采集、当天编写、当天报送。';
const SH = 'Asia/Shanghai';
const CODES = ['ra1', 'ra2', 'ra3', 'rx', 'la', 'rb', 'ry', 'editor', 'duty', 'huang'];

let app: TestApp;
const people: Record<string, PersonRecord> = {};

const period = (text: string): Period => {
  const parsed = parsePeriod(text, SH);
  if (!parsed.ok) throw new Error(text);
  return parsed.value;
};

async function loadPeople() {
  for (const code of CODES) people[code] = (await app.store.people.byCode(code))!;
}

async function items(author: string, count: number) {
  const made = [];
  for (let i = 0; i < count; i += 1) {
    const result = await submitItem(app, { author: people[author]!, title: `${author}-${i}`, body: BODY, category: 'dynamic' });
    if (!result.ok) throw new Error(result.error.code);
    made.push(result.value.id);
  }
  return made;
}

async function adopt(itemId: number, publication: string) {
  const adopted = await recordAdoption(app, { editor: people.editor!, itemId, publication });
  if (!adopted.ok) throw new Error(adopted.error.code);
}

const seededApp = seededApps(
  async (seeded) => {
    app = seeded;
    app.clock.set('2026-10-01T02:00:00Z');
    const imported = await importOrg(app, { text: ORG, actor: 'test' });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    await loadPeople();
    await app.db.person.update({ where: { id: people.rx!.id }, data: { active: false, deactivatedAt: new Date('2026-10-15T02:00:00Z') } });
    app.clock.set('2026-11-17T02:00:00Z');
    const [b0] = await items('rb', 1);
    await adopt(b0!, 'xinyang-kuaibao');
    const instructed = await recordInstruction(app, { editor: people.editor!, itemId: b0!, leader: 'huang', text: '经验很好，请总结推广。' });
    if (!instructed.ok) throw new Error(instructed.error.code);
    const [a10, , a12] = await items('ra1', 3);
    await adopt(a10!, 'xinyang-zhengwu');
    await adopt(a10!, 'xinyang-kuaibao');
    await adopt(a12!, 'guoban-zhibao');
    await app.db.item.update({ where: { id: a12! }, data: { status: 'withdrawn', withdrawnAt: new Date('2026-11-18T02:00:00Z') } });
    const [a20] = await items('ra2', 2);
    await adopt(a20!, 'xinxi-zhuanbao');
    const award = await recordAward(app, { editor: people.editor!, target: 'ra2', points: '3', reason: '稿件获领导表扬' });
    if (!award.ok) throw new Error(award.error.code);
    await app.db.award.create({ data: { personId: people.rx!.id, points: 1, reason: '补记', awardedAt: new Date('2026-11-17T02:00:00Z') } });
    const [a30] = await items('ra3', 1);
    await adopt(a30!, 'xinyang-zhengwu');
    const deleted = await deleteAdoption(app, { editor: people.editor!, itemId: a30!, publication: 'xinyang-zhengwu' });
    if (!deleted.ok) throw new Error(deleted.error.code);
    await items('ry', 1);
    await app.db.person.update({ where: { id: people.ry!.id }, data: { active: false, deactivatedAt: new Date('2026-11-25T02:00:00Z') } });
    app.clock.set('2026-12-01T02:00:00Z');
  },
  { XINBAO_TZ: SH },
);

beforeEach(async () => {
  app = await seededApp();
  await loadPeople();
});

afterEach(async () => {
  await app?.dispose();
});

async function view(code: string, text = '2026-11'): Promise<PeopleRanking> {
  const result = await viewPeopleRanking(app, { viewer: people[code]!, period: period(text) });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

const table = (ranking: PeopleRanking) => ranking.rows.map((row) => [row.rank, row.name, row.unitName, row.points, row.adopted, row.submitted, row.completion]);

const NOVEMBER = [
  [1, '乙一', '乙县政府办', 6, 1, 1, null],
  [2, '甲二', '甲县政府办', 5, 1, 2, null],
  [2, '甲一', '甲县政府办', 5, 1, 2, 50],
  [4, '甲三', '甲县政府办', 0, 0, 1, null],
  [4, '乙旧', '乙县政府办', 0, 0, 1, null],
];

describe('viewPeopleRanking: reporters by points for a period', () => {
  it('the office staff see everyone: adoptions by level, awards, instruction bonuses; withdrawn items, deleted adoptions and people gone before the period left out; ties share a place', async () => {
    for (const code of ['editor', 'duty', 'huang']) {
      const ranking = await view(code);
      expect(ranking.scope).toBe('office');
      expect(table(ranking)).toEqual(NOVEMBER);
      expect(ranking.total).toBe(5);
      expect(ranking.mine).toBeNull();
    }
  });

  it('a reporter sees their unit’s people at their places in the whole office, and their own place', async () => {
    const ranking = await view('ra1');
    expect(ranking).toMatchObject({ scope: 'unit', unitName: '甲县政府办', total: 5, mine: { personId: people.ra1!.id, rank: 2 } });
    expect(table(ranking)).toEqual([NOVEMBER[1], NOVEMBER[2], NOVEMBER[3]]);
    expect((await view('rb')).mine).toMatchObject({ rank: 1 });
  });

  it('a unit lead sees the unit’s people, with no place of their own', async () => {
    const ranking = await view('la');
    expect(ranking.mine).toBeNull();
    expect(table(ranking).map((row) => row[1])).toEqual(['甲二', '甲一', '甲三']);
  });

  it('December: everyone still active at zero sharing first place, the person deactivated in November gone, 0% of a personal target', async () => {
    const ranking = await view('editor', '2026-12');
    expect(table(ranking)).toEqual([
      [1, '甲二', '甲县政府办', 0, 0, 0, null],
      [1, '甲三', '甲县政府办', 0, 0, 0, null],
      [1, '甲一', '甲县政府办', 0, 0, 0, 0],
      [1, '乙一', '乙县政府办', 0, 0, 0, null],
    ]);
  });

  it('the fourth quarter: 甲旧, deactivated after it began, is ranked with his award; no quarterly target, no completion', async () => {
    const quarter = await view('editor', '2026-Q4');
    expect(table(quarter)).toEqual([
      [1, '乙一', '乙县政府办', 6, 1, 1, null],
      [2, '甲二', '甲县政府办', 5, 1, 2, null],
      [2, '甲一', '甲县政府办', 5, 1, 2, null],
      [4, '甲旧', '甲县政府办', 1, 0, 0, null],
      [5, '甲三', '甲县政府办', 0, 0, 1, null],
      [5, '乙旧', '乙县政府办', 0, 0, 1, null],
    ]);
  });
});

describe('peopleRankingMessage', () => {
  it('reads in both languages with the viewer’s own place', async () => {
    const message = peopleRankingMessage(await view('ra1'), SH);
    const zh = renderOut(message, 'zh-CN');
    expect(zh.title).toBe('2026年11月 信息员排名');
    expect(zh.lines).toEqual([
      '甲县政府办 3 人 · 报送 5 条 · 采用 2 条（名次为全部人员中的名次）',
      '2. 甲二（甲县政府办）　5 分 · 采用 1 · 报送 2',
      '▶ 2. 甲一（甲县政府办）　5 分 · 采用 1 · 报送 2 · 完成 50%',
      '4. 甲三（甲县政府办）　0 分 · 采用 0 · 报送 1',
      '你在全部 5 人中排第 2 名。',
    ]);
    const en = renderOut(message, 'en');
    expect(en.title).toBe('Reporters ranked, 2026-11');
    expect(en.lines.at(-1)).toBe('You are 2 of 5.');
  });

  it(`lists the first ${PEOPLE_LINES} and then the viewer’s own line`, () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      personId: i + 1,
      name: `人员${i + 1}`,
      unitName: '甲县政府办',
      unitId: 1,
      submitted: 40 - i,
      adopted: 0,
      points: 40 - i,
      rank: i + 1,
      adoptionRate: 0,
      completion: null,
    }));
    const ranking: PeopleRanking = { period: period('2026-11'), scope: 'office', unitName: null, rows, total: 40, mine: { personId: 35, rank: 35 } };
    const lines = renderOut(peopleRankingMessage(ranking, SH), 'en').lines;
    expect(lines).toHaveLength(1 + PEOPLE_LINES + 2 + 1 + 1);
    expect(lines.slice(-4)).toEqual([
      '…',
      '▶ 35. 人员35 (甲县政府办)  6 pts · adopted 0 · submitted 6',
      '(40 people; the first 30 are listed)',
      'You are 35 of 40.',
    ]);
  });
});
