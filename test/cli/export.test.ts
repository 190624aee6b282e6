import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { SAMPLE_ORG, seededApps, type TestApp } from '../support/testApp.ts';
import { xinbao } from '../support/run.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { submitItem } from '../../src/domain/items/submitItem.ts';
import { recordAdoption } from '../../src/domain/review/recordAdoption.ts';
import { declareUrgent } from '../../src/domain/urgent/declareUrgent.ts';
import { recordMissedReport } from '../../src/domain/urgent/recordMissedReport.ts';

const BODY = '本县召开专题会议，研究部署信息报送工作，明确专人负责，确保当天采集、当天编写、当天报送。';

/** 罗山: 3 items in November 2026, two adopted (《信阳快报》 4 + 《信阳政务信息》 1), a late urgent report and a missed one. */
describe('xinbao export', () => {
  let app: TestApp;
  let env: Record<string, string>;

  // The record is built once per file; each test gets its own copy of it.
  const seededApp = seededApps(async (app) => {
    app.clock.set('2026-11-10T02:00:00Z');
    const imported = await importOrg(app, { text: SAMPLE_ORG, actor: 'test' });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    const zhangwei = (await app.store.people.byCode('zhangwei'))!;
    const chenjing = (await app.store.people.byCode('chenjing'))!;
    const items = [];
    for (const title of ['罗山县推进秋冬种', '罗山县冬季消防检查', '罗山县义务教育均衡发展']) {
      const result = await submitItem(app, { author: zhangwei, title, body: BODY, category: 'dynamic' });
      if (!result.ok) throw new Error(result.error.code);
      items.push(result.value);
    }
    app.clock.set('2026-11-12T02:00:00Z');
    expect((await recordAdoption(app, { editor: chenjing, itemId: items[0]!.id, publication: 'xinyang-kuaibao' })).ok).toBe(true);
    expect((await recordAdoption(app, { editor: chenjing, itemId: items[1]!.id, publication: 'xinyang-zhengwu' })).ok).toBe(true);
    app.clock.set('2026-11-13T07:00:00Z');
    const late = await declareUrgent(app, {
      reporter: zhangwei,
      what: '某乡镇发生山体滑坡，道路中断',
      occurredAt: new Date('2026-11-13T02:00:00Z'),
      severity: 'major',
    });
    expect(late.ok).toBe(true);
    expect(
      (await recordMissedReport(app, { editor: chenjing, unitCode: 'gushi', occurredAt: new Date('2026-11-05T02:00:00Z'), note: '某地火灾未报' })).ok,
    ).toBe(true);
  });

  beforeEach(async () => {
    app = await seededApp();
    env = { DATABASE_URL: app.config.databaseUrl };
  });

  afterEach(async () => {
    await app?.dispose();
  });

  it('writes the period’s spreadsheet: four sheets, Chinese headers, the numbers', async () => {
    const out = path.join(app.dir, 'november.xlsx');
    const result = await xinbao(['export', '--period', '2026-11', '--out', out], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Wrote ${out} (2026年11月 政务信息报表): 2 units, 1 people, 2 adoptions, 2 urgent reports.`);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['单位排名', '个人排名', '采用明细', '紧急信息时效']);
    const units = book.getWorksheet('单位排名')!;
    const row = (units.getRow(2).values as unknown[]).slice(1);
    // 罗山: rank 1, 5 points less 2 for the late report, 3 submitted, 2 adopted, 66.7%, target 10 → 30%, 3 adopted targeted;
    // then where the 3 points come from: 5 from adoptions, no bonus or award, −2 of penalties.
    expect(row).toEqual([1, '罗山县政府办', 3, 3, 2, 0.667, 10, 0.3, 3, '新', undefined, '是', 5, 0, 0, -2]);
    const gushi = (units.getRow(3).values as unknown[]).slice(1);
    expect(gushi.slice(0, 3)).toEqual([2, '固始县政府办', -5]);
    expect(gushi.slice(12)).toEqual([0, 0, 0, -5]);
    expect((book.getWorksheet('个人排名')!.getRow(2).values as unknown[]).slice(1)).toEqual([1, '张伟', '罗山县政府办', 5, 3, 2, 0.667]);
    const adoptions = book.getWorksheet('采用明细')!;
    expect(adoptions.rowCount).toBe(3);
    expect((adoptions.getRow(2).values as unknown[]).slice(2, 8)).toEqual(['罗山县推进秋冬种', '罗山县政府办', '张伟', '《信阳快报》', '省级', 4]);
    const urgent = book.getWorksheet('紧急信息时效')!;
    expect((urgent.getRow(1).values as unknown[]).slice(1)).toEqual([
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
    // The missed report (5 November) first, numbered in its own column with its note, then the
    // late one (13 November, 300 minutes) with what happened and who reported it. Both are #1
    // in their own numbering.
    expect((urgent.getRow(2).values as unknown[]).slice(1)).toEqual([
      undefined,
      1,
      '固始县政府办',
      '—',
      '2026-11-05 10:00',
      undefined,
      undefined,
      undefined,
      '漏报',
      0,
      0,
      undefined,
      undefined,
      '某地火灾未报',
    ]);
    expect((urgent.getRow(3).values as unknown[]).slice(1)).toEqual([
      1,
      undefined,
      '罗山县政府办',
      '重大',
      '2026-11-13 10:00',
      '2026-11-13 15:00',
      300,
      '是',
      '处置中',
      0,
      0,
      '某乡镇发生山体滑坡，道路中断',
      '张伟',
    ]);
  }, 30_000);

  it('a bad period is one sentence and exit 2; a missing option prints the usage', async () => {
    const out = path.join(app.dir, 'bad.xlsx');
    const bad = await xinbao(['export', '--period', '2026-13', '--out', out], { env: { ...env, XINBAO_LOCALE: 'en' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('xinbao: “2026-13” is not a period; write 2026-W47, 2026-11, 2026-Q4, 2026 or 2026-11-16..2026-11-29.\n');
    expect(existsSync(out)).toBe(false);
    const missing = await xinbao(['export', '--period', '2026-11'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('xinbao export --period P --out FILE.xlsx');
  }, 30_000);
});
