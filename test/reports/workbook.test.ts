import { headers, UNIT_SHEET_HEADERS } from '../support/workbook.ts';
import { describe, it, expect, beforeAll } from 'vitest';
import ExcelJS from 'exceljs';
import { rankPeople, rankUnits } from '../../src/domain/ranking/rankUnits.ts';
import { buildWorkbook, type WorkbookData } from '../../src/reports/workbook.ts';

const DATA: WorkbookData = {
  title: '2026年11月 政务信息通报',
  units: rankUnits(
    [
      { unitId: 1, code: 'xinyang', name: '信阳市政府办', submitted: 1500, adopted: 415, points: 900, target: { submitted: 1103, adopted: null } },
      { unitId: 2, code: 'fenyang', name: '汾阳市政府办', submitted: 238, adopted: 40, points: 75, target: { submitted: 300, adopted: null } },
      { unitId: 3, code: 'linxian', name: '临县政府办', submitted: 12, adopted: 0, points: 0, target: { submitted: null, adopted: null } },
    ],
    [{ unitId: 2, rank: 1 }],
  ).map((unit) => ({
    ...unit,
    // Fenyang's 75: 23 × 1 + 9 × 4 + 8 × 2 adopted, +2 for an instruction, +1 awarded, −3 of penalties.
    breakdown: unit.unitId === 2 ? { adoptions: 75, bonuses: 2, awards: 1, penalties: -3 } : null,
  })),
  people: rankPeople([
    { personId: 1, name: '张伟', unitName: '罗山县政府办', submitted: 20, adopted: 6, points: 12 },
    { personId: 2, name: '王芳', unitName: '固始县政府办', submitted: 18, adopted: 8, points: 12 },
  ]),
  adoptions: [
    {
      itemId: 42,
      title: '罗山县推进秋冬种',
      unit: '罗山县政府办',
      author: '张伟',
      publication: '《信阳政务信息》',
      level: '市级',
      points: 1,
      adoptedAt: '2026-11-03 10:20',
      attachments: 3,
    },
  ],
  urgent: [
    {
      id: 7,
      unit: '固始县政府办',
      severity: '较大',
      occurredAt: '2026-11-05 08:00',
      reportedAt: '2026-11-05 13:10',
      delayMinutes: 310,
      late: true,
      status: '已终报',
      followUps: 2,
      lateFollowUps: 1,
      what: '某乡镇发生山洪，两人被困',
      reporter: '王芳',
      missId: null,
      note: null,
    },
    {
      id: 8,
      unit: '罗山县政府办',
      severity: '一般',
      occurredAt: '2026-11-09 22:00',
      reportedAt: '2026-11-09 23:00',
      delayMinutes: 60,
      late: false,
      status: '处置中',
      followUps: 0,
      lateFollowUps: 0,
      what: '某地发生交通事故',
      reporter: '张伟',
      missId: null,
      note: null,
    },
    {
      id: null,
      missId: 7,
      unit: '息县政府办',
      severity: '—',
      occurredAt: '2026-11-10 00:00',
      reportedAt: null,
      delayMinutes: null,
      late: false,
      status: '漏报',
      followUps: 0,
      lateFollowUps: 0,
      what: null,
      reporter: null,
      note: '山洪灾情未报',
    },
  ],
};

describe('the rankings workbook', () => {
  const progress: [number, number][] = [];
  let book: ExcelJS.Workbook;

  beforeAll(async () => {
    const buffer = await buildWorkbook(DATA, (done, total) => progress.push([done, total]));
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  });

  it('has the four sheets, in order', () => {
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['单位排名', '个人排名', '采用明细', '紧急信息时效']);
  });

  it('has Chinese headers in row 1 of every sheet', () => {
    expect(headers(book.getWorksheet('单位排名')!)).toEqual(UNIT_SHEET_HEADERS);
    expect(headers(book.getWorksheet('个人排名')!)).toEqual(['名次', '姓名', '单位', '得分', '报送', '采用', '采用率']);
    expect(headers(book.getWorksheet('采用明细')!)).toEqual(['稿件编号', '标题', '单位', '作者', '刊物', '级别', '得分', '采用时间', '附件数']);
    expect(headers(book.getWorksheet('紧急信息时效')!)).toEqual([
      '编号',
      '漏报编号',
      '单位',
      '等级',
      '发生时间',
      '首报时间',
      '首报用时（分钟）',
      '迟报',
      '状态',
      '续报次数',
      '续报迟报',
      '事件',
      '报送人',
      '漏报说明',
    ]);
  });

  it('stores numbers as numbers and percentages as fractions shown with %', () => {
    const units = book.getWorksheet('单位排名')!;
    const city = units.getRow(2);
    expect(city.getCell(2).value).toBe('信阳市政府办');
    expect(city.getCell(1).value).toBe(1);
    expect(city.getCell(4).value).toBe(1500);
    expect(city.getCell(7).value).toBe(1103);
    // 1,500 items against a target of 1,103 reads 136%.
    expect(city.getCell(8).value).toBe(1.36);
    expect(city.getCell(8).numFmt).toBe('0%');
    expect(city.getCell(6).value).toBe(0.277); // 415 of 1,500 = 27.7%
    expect(city.getCell(6).numFmt).toBe('0.0%');
    expect(city.getCell(10).value).toBe('新');

    const fenyang = units.getRow(3);
    expect(fenyang.getCell(3).value).toBe(75);
    expect(fenyang.getCell(10).value).toBe('↓1');
    expect(fenyang.getCell(12).value).toBe('是'); // 238 of 300

    const linxian = units.getRow(4);
    expect(linxian.getCell(11).value).toBe('是'); // nothing adopted
    expect(linxian.getCell(8).value).toBeNull(); // no target, no completion

    // Where Fenyang's points come from, summing to them.
    const parts = [13, 14, 15, 16].map((column) => fenyang.getCell(column).value as number);
    expect(parts).toEqual([75, 2, 1, -3]);
    expect(parts.reduce((sum, part) => sum + part, 0)).toBe(fenyang.getCell(3).value);

    const urgent = book.getWorksheet('紧急信息时效')!;
    expect(urgent.getRow(2).getCell(7).value).toBe(310);
    expect(urgent.getRow(2).getCell(8).value).toBe('是');
    expect(urgent.getRow(3).getCell(8).value).toBeNull();
    expect((urgent.getRow(2).values as unknown[]).slice(11)).toEqual([1, '某乡镇发生山洪，两人被困', '王芳']);
    // A missed report is numbered in its own column, with its note, and no report number.
    const missed = urgent.getRow(4);
    expect([missed.getCell(1).value, missed.getCell(2).value, missed.getCell(14).value]).toEqual([null, 7, '山洪灾情未报']);
    expect(book.getWorksheet('个人排名')!.getRow(2).getCell(2).value).toBe('王芳');
  });

  it('freezes the header row and puts filters over it in every sheet', () => {
    const ranges = book.worksheets.map((sheet) => {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
      return sheet.autoFilter;
    });
    expect(ranges).toEqual(['A1:P1', 'A1:G1', 'A1:I1', 'A1:N1']);
  });

  it('reports progress up to the total', () => {
    const total = DATA.units.length + DATA.people.length + DATA.adoptions.length + DATA.urgent.length + 1;
    expect(progress[0]).toEqual([0, total]);
    expect(progress.at(-1)).toEqual([total, total]);
  });
});
