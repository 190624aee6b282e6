/**
 * The rankings spreadsheet (.xlsx): one sheet each for units, people, adoptions and urgent-report
 * timeliness. The header is row 1 of every sheet (frozen, with filters), numbers are stored as
 * numbers and percentages as fractions with a % format, so the office can sort, filter and sum.
 */
import { PassThrough } from 'node:stream';
import type { Locale } from '../domain/vocabulary.ts';
import type { RankedPerson, RankedUnit } from '../domain/ranking/rankUnits.ts';
import { translator, type MessageKey, type Translate } from '../i18n/catalog.ts';
import { movementLabel } from './labels.ts';

/** One adoption of an item; texts (level, times) arrive as people read them. */
export type AdoptionRow = {
  itemId: number;
  title: string;
  unit: string;
  author: string;
  publication: string;
  level: string;
  points: number;
  adoptedAt: string;
  /** Photos, files and locations the item carries (docs/attachments.md). */
  attachments: number;
};

/**
 * A unit's points by where they come from, summing to its points: adoptions, leader-instruction
 * bonuses, awards (manual awards and deductions, the negative-feedback bonus) and penalties
 * (late and missed urgent reports, late follow-ups; negative).
 */
export type PointsBreakdown = { adoptions: number; bonuses: number; awards: number; penalties: number };

/** A ranked unit with its points' breakdown (none when it had nothing in the period). */
export type UnitRow = RankedUnit & { breakdown?: PointsBreakdown | null };

/**
 * One urgent report's timeliness, or one missed report (漏报): reports and missed reports are
 * numbered apart (`id` for a report, `missId` for a missed one). Severity and status arrive as
 * people read them.
 */
export type UrgentRow = {
  /** The urgent report's #N; null for a missed report. */
  id: number | null;
  /** The missed report's #N (/unmissed takes it); null for a report. */
  missId: number | null;
  unit: string;
  severity: string;
  occurredAt: string;
  /** When the first report came in; null for a missed report (漏报). */
  reportedAt: string | null;
  /** Minutes from the event to the first report; null when there was none. */
  delayMinutes: number | null;
  late: boolean;
  status: string;
  followUps: number;
  /** Follow-ups and the final report that came after they were due. */
  lateFollowUps: number;
  /** What happened (a report's first report); null for a missed report. */
  what: string | null;
  /** Who sent the first report; null for a missed report. */
  reporter: string | null;
  /** A missed report's note, as the editor recorded it; null for a report. */
  note: string | null;
};

export type WorkbookData = {
  /** The circular's title (e.g. 2026年11月 政务信息通报); kept in the file's properties and print header. */
  title: string;
  units: UnitRow[];
  people: RankedPerson[];
  adoptions: AdoptionRow[];
  urgent: UrgentRow[];
};

export type Progress = (done: number, total: number) => void;

type Cell = string | number | null;
type Column<T> = { header: MessageKey; width: number; numFmt?: string; value: (row: T, t: Translate) => Cell };

const PERCENT_1 = '0.0%';
const PERCENT_0 = '0%';
const INTEGER = '0';

/** A percentage (33.3) as the fraction a spreadsheet's % format shows (0.333 → 33.3%). */
const fraction = (percent: number | null): number | null => (percent === null ? null : Number((percent / 100).toFixed(6)));
const flag = (on: boolean, t: Translate): string | null => (on ? t('report.flag.yes') : null);

const unitColumns: Column<UnitRow>[] = [
  { header: 'report.col.rank', width: 8, numFmt: INTEGER, value: (u) => u.rank },
  { header: 'report.col.unit', width: 24, value: (u) => u.name },
  { header: 'report.col.points', width: 10, value: (u) => u.points },
  { header: 'report.col.submitted', width: 10, numFmt: INTEGER, value: (u) => u.submitted },
  { header: 'report.col.adopted', width: 10, numFmt: INTEGER, value: (u) => u.adopted },
  { header: 'report.col.adoptionRate', width: 10, numFmt: PERCENT_1, value: (u) => fraction(u.adoptionRate) },
  { header: 'report.col.targetSubmitted', width: 12, numFmt: INTEGER, value: (u) => u.target.submitted },
  { header: 'report.col.completion', width: 14, numFmt: PERCENT_0, value: (u) => fraction(u.completion) },
  { header: 'report.col.targetAdopted', width: 12, numFmt: INTEGER, value: (u) => u.target.adopted },
  { header: 'report.col.movement', width: 8, value: (u, t) => movementLabel(t, u.movement) },
  { header: 'report.col.noAdoption', width: 10, value: (u, t) => flag(u.noAdoption, t) },
  { header: 'report.col.belowTarget', width: 14, value: (u, t) => flag(u.belowTarget, t) },
  // Where the points come from: the four sum to the points column.
  { header: 'report.col.adoptionPoints', width: 10, value: (u) => u.breakdown?.adoptions ?? null },
  { header: 'report.col.bonusPoints', width: 10, value: (u) => u.breakdown?.bonuses ?? null },
  { header: 'report.col.awardPoints', width: 10, value: (u) => u.breakdown?.awards ?? null },
  { header: 'report.col.penaltyPoints', width: 10, value: (u) => u.breakdown?.penalties ?? null },
];

const personColumns: Column<RankedPerson>[] = [
  { header: 'report.col.rank', width: 8, numFmt: INTEGER, value: (p) => p.rank },
  { header: 'report.col.name', width: 12, value: (p) => p.name },
  { header: 'report.col.unit', width: 24, value: (p) => p.unitName },
  { header: 'report.col.points', width: 10, value: (p) => p.points },
  { header: 'report.col.submitted', width: 10, numFmt: INTEGER, value: (p) => p.submitted },
  { header: 'report.col.adopted', width: 10, numFmt: INTEGER, value: (p) => p.adopted },
  { header: 'report.col.adoptionRate', width: 10, numFmt: PERCENT_1, value: (p) => fraction(p.adoptionRate) },
];

const adoptionColumns: Column<AdoptionRow>[] = [
  { header: 'report.col.itemId', width: 10, numFmt: INTEGER, value: (a) => a.itemId },
  { header: 'report.col.title', width: 48, value: (a) => a.title },
  { header: 'report.col.unit', width: 24, value: (a) => a.unit },
  { header: 'report.col.author', width: 12, value: (a) => a.author },
  { header: 'report.col.publication', width: 24, value: (a) => a.publication },
  { header: 'report.col.level', width: 10, value: (a) => a.level },
  { header: 'report.col.points', width: 8, value: (a) => a.points },
  { header: 'report.col.adoptedAt', width: 18, value: (a) => a.adoptedAt },
  { header: 'report.col.attachments', width: 8, numFmt: INTEGER, value: (a) => a.attachments },
];

const urgentColumns: Column<UrgentRow>[] = [
  { header: 'report.col.urgentId', width: 8, numFmt: INTEGER, value: (u) => u.id },
  { header: 'report.col.missId', width: 10, numFmt: INTEGER, value: (u) => u.missId },
  { header: 'report.col.unit', width: 24, value: (u) => u.unit },
  { header: 'report.col.severity', width: 10, value: (u) => u.severity },
  { header: 'report.col.occurredAt', width: 18, value: (u) => u.occurredAt },
  { header: 'report.col.reportedAt', width: 18, value: (u) => u.reportedAt },
  { header: 'report.col.delayMinutes', width: 18, numFmt: INTEGER, value: (u) => u.delayMinutes },
  { header: 'report.col.late', width: 8, value: (u, t) => flag(u.late, t) },
  { header: 'report.col.status', width: 10, value: (u) => u.status },
  { header: 'report.col.followUps', width: 10, numFmt: INTEGER, value: (u) => u.followUps },
  { header: 'report.col.lateFollowUps', width: 10, numFmt: INTEGER, value: (u) => u.lateFollowUps },
  { header: 'report.col.what', width: 40, value: (u) => u.what },
  { header: 'report.col.reporter', width: 10, value: (u) => u.reporter },
  { header: 'report.col.missNote', width: 30, value: (u) => u.note },
];

/** Rows between progress reports, and between yields to the event loop so a bar can redraw. */
const PROGRESS_EVERY = 500;

/**
 * Builds the .xlsx: sheets 单位排名, 个人排名, 采用明细, 紧急信息时效 (in the locale's words),
 * header in row 1, frozen and filtered. `onProgress(done, total)` counts rows written, plus one
 * final step for packing the file.
 */
export async function buildWorkbook(data: WorkbookData, onProgress?: Progress, options: { locale?: Locale } = {}): Promise<Buffer> {
  const t = translator(options.locale ?? 'zh-CN');
  // The streaming writer commits each row as it goes, so a province's year (60,000 adoptions)
  // does not sit in memory as cell objects; the zipped file is collected from the stream.
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  // Loaded here, not at start-up: exceljs alone weighs about 25 MB of memory (docs/running.md, "Production").
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Xinbao';
  workbook.title = data.title;
  const total = data.units.length + data.people.length + data.adoptions.length + data.urgent.length + 1;
  let done = 0;
  const advance = async () => {
    done += 1;
    if (done % PROGRESS_EVERY === 0) {
      onProgress?.(done, total);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  onProgress?.(0, total);

  async function sheet<T>(name: MessageKey, columns: Column<T>[], rows: T[]): Promise<void> {
    const worksheet = workbook.addWorksheet(t(name), {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2' }],
      headerFooter: { oddHeader: `&C${data.title.replace(/&/g, '&&')}` },
      pageSetup: { printTitlesRow: '1:1' },
    });
    worksheet.columns = columns.map((column) => ({
      header: t(column.header),
      width: column.width,
      style: column.numFmt ? { numFmt: column.numFmt } : {},
    }));
    const header = worksheet.getRow(1);
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', horizontal: 'center' };
    header.commit();
    worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    for (const row of rows) {
      worksheet.addRow(columns.map((column) => column.value(row, t))).commit();
      await advance();
    }
    worksheet.commit();
  }

  await sheet('report.sheet.units', unitColumns, data.units);
  await sheet('report.sheet.people', personColumns, data.people);
  await sheet('report.sheet.adoptions', adoptionColumns, data.adoptions);
  await sheet('report.sheet.urgent', urgentColumns, data.urgent);
  onProgress?.(total - 1, total);
  await workbook.commit();
  await finished;
  onProgress?.(total, total);
  return Buffer.concat(chunks);
}
