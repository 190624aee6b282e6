import { describe, it, expect } from 'vitest';
import { rankPeople, rankUnits, type UnitScore } from '../../../src/domain/ranking/rankUnits.ts';
import { movementLabel } from '../../../src/reports/labels.ts';
import { translator } from '../../../src/i18n/catalog.ts';

const unit = (
  unitId: number,
  code: string,
  name: string,
  points: number,
  adopted: number,
  submitted: number,
  target: UnitScore['target'] = { submitted: null, adopted: null },
): UnitScore => ({ unitId, code, name, points, adopted, submitted, target });

/**
 * Lüliang counties in a period. Fenyang has seed 002's 2014 figures: 238 submitted, 40 adopted
 * (23 + 9 + 8) for 75 points (23 + 36 + 16), behind 孝义 80 and 交城 76, so 3rd.
 */
const SCORES: UnitScore[] = [
  unit(1, 'fenyang', '汾阳市政府办', 75, 40, 238, { submitted: 200, adopted: 30 }),
  unit(2, 'xiaoyi', '孝义市政府办', 80, 45, 200, { submitted: 180, adopted: null }),
  unit(3, 'jiaocheng', '交城县政府办', 76, 38, 150, { submitted: 160, adopted: null }),
  // 30 points each: adoptions decide (离石 25 ahead of 20), then submissions (交口 100 ahead of 文水 90).
  unit(4, 'wenshui', '文水县政府办', 30, 20, 90),
  unit(5, 'jiaokou', '交口县政府办', 30, 20, 100),
  unit(6, 'lishi', '离石区政府办', 30, 25, 80),
  // A full tie: both 7th, and the next unit is 9th.
  unit(7, 'zhongyang', '中阳县政府办', 10, 10, 30),
  unit(8, 'shilou', '石楼县政府办', 10, 10, 30),
  unit(9, 'fangshan', '方山县政府办', 0, 0, 12, { submitted: 20, adopted: 2 }),
  unit(10, 'linxian', '临县政府办', 0, 0, 0),
];

const PREVIOUS = [
  { unitId: 2, rank: 2 },
  { unitId: 3, rank: 1 },
  { unitId: 1, rank: 3 },
  { unitId: 6, rank: 6 },
  { unitId: 5, rank: 4 },
  // 文水 (4) was not in the previous circular.
  { unitId: 8, rank: 7 },
  { unitId: 7, rank: 9 },
  { unitId: 9, rank: 8 },
  { unitId: 10, rank: 10 },
];

describe('rankUnits', () => {
  const ranked = rankUnits(SCORES, PREVIOUS);
  const byCode = (code: string) => ranked.find((row) => row.code === code)!;

  it('orders by points, then adoptions, then submissions, with competition ranks for full ties', () => {
    expect(ranked.map((row) => [row.rank, row.code])).toEqual([
      [1, 'xiaoyi'],
      [2, 'jiaocheng'],
      [3, 'fenyang'],
      [4, 'lishi'],
      [5, 'jiaokou'],
      [6, 'wenshui'],
      [7, 'shilou'], // 石楼 (shí) before 中阳 (zhōng): full ties are listed by name
      [7, 'zhongyang'],
      [9, 'fangshan'],
      [10, 'linxian'],
    ]);
  });

  it('puts Fenyang, 75 points, 3rd behind 80 and 76 (seed 002)', () => {
    const fenyang = byCode('fenyang');
    expect(fenyang.rank).toBe(3);
    expect(fenyang.points).toBe(75);
    expect(fenyang.adoptionRate).toBe(16.8); // 40 of 238
  });

  it('gives the movement since the previous circular', () => {
    expect(byCode('xiaoyi').movement).toEqual({ kind: 'up', by: 1 });
    expect(byCode('jiaocheng').movement).toEqual({ kind: 'down', by: 1 });
    expect(byCode('fenyang').movement).toEqual({ kind: 'same', by: 0 });
    expect(byCode('lishi').movement).toEqual({ kind: 'up', by: 2 });
    expect(byCode('wenshui').movement).toEqual({ kind: 'new' });
    expect(byCode('zhongyang').movement).toEqual({ kind: 'up', by: 2 });
    expect(byCode('fangshan').movement).toEqual({ kind: 'down', by: 1 });
  });

  it('treats every unit as new when there is no previous circular', () => {
    expect(rankUnits(SCORES).every((row) => row.movement.kind === 'new')).toBe(true);
    expect(rankUnits(SCORES, null).every((row) => row.movement.kind === 'new')).toBe(true);
  });

  it('flags units with nothing adopted and units below a target', () => {
    expect(ranked.filter((row) => row.noAdoption).map((row) => row.code)).toEqual(['fangshan', 'linxian']);
    // 交城 submitted 150 of 160; 方山 12 of 20 (and 0 of 2 adopted). 汾阳 and 孝义 met theirs; the rest have none.
    expect(ranked.filter((row) => row.belowTarget).map((row) => row.code)).toEqual(['jiaocheng', 'fangshan']);
    expect(byCode('linxian').adoptionRate).toBeNull();
    expect(byCode('linxian').completion).toBeNull();
  });

  it('counts a missed adoption target as below target even when the submission target is met', () => {
    const [row] = rankUnits([unit(1, 'a', '甲', 5, 2, 50, { submitted: 40, adopted: 3 })]);
    expect(row!.completion).toBe(125);
    expect(row!.belowTarget).toBe(true);
  });

  it('shows target completion as the seeds do: 1,500 items against 1,103 is 136%', () => {
    const [row] = rankUnits([unit(1, 'city', '信阳市政府办', 900, 415, 1500, { submitted: 1103, adopted: null })]);
    expect(row!.completion).toBe(136);
    expect(row!.belowTarget).toBe(false);
  });

  it('renders movements through the catalog', () => {
    const zh = translator('zh-CN');
    expect(ranked.slice(0, 3).map((row) => movementLabel(zh, row.movement))).toEqual(['↑1', '↓1', '—']);
    expect(movementLabel(zh, byCode('wenshui').movement)).toBe('新');
    expect(movementLabel(translator('en'), byCode('wenshui').movement)).toBe('new');
  });
});

describe('rankPeople', () => {
  it('ranks people by name with the same order and shared ranks', () => {
    const ranked = rankPeople([
      { personId: 1, name: '张伟', unitName: '罗山县政府办', submitted: 20, adopted: 6, points: 12 },
      { personId: 2, name: '王芳', unitName: '固始县政府办', submitted: 18, adopted: 8, points: 12 },
      { personId: 3, name: '李娜', unitName: '汾阳市政府办', submitted: 10, adopted: 5, points: 9 },
      { personId: 4, name: '刘洋', unitName: '孝义市政府办', submitted: 10, adopted: 5, points: 9 },
      { personId: 5, name: '陈静', unitName: '交城县政府办', submitted: 3, adopted: 0, points: 0 },
    ]);
    expect(ranked.map((row) => [row.rank, row.name])).toEqual([
      [1, '王芳'],
      [2, '张伟'],
      [3, '李娜'],
      [3, '刘洋'],
      [5, '陈静'],
    ]);
    expect(ranked[0]!.adoptionRate).toBe(44.4);
    expect(ranked[4]!.adoptionRate).toBe(0);
  });
});
