/** Reading the export's workbook in tests: a sheet's headers, and the unit sheet's as the office sees them. */
import type ExcelJS from 'exceljs';

/** The values of a sheet's first row. */
export const headers = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1);

/** The unit ranking sheet's headers, in order: the total, then its parts last. */
export const UNIT_SHEET_HEADERS = [
  '名次',
  '单位',
  '得分',
  '报送',
  '采用',
  '采用率',
  '报送目标',
  '目标完成率',
  '采用目标',
  '变化',
  '无采用',
  '未完成目标',
  '采用得分',
  '批示加分',
  '奖励加减分',
  '扣分',
];
