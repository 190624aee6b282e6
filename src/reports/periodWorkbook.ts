/**
 * The period's spreadsheet: the gathered figures (src/domain/export) worded in a language and
 * the office's time, written by buildWorkbook. Shared by /export and `xinbao export`.
 */
import type { Locale } from '../domain/vocabulary.ts';
import type { PeriodExport } from '../domain/export/gatherExport.ts';
import type { Rules } from '../domain/rules/schema.ts';
import { formatLocal } from '../domain/time/index.ts';
import { hasMessage, translator } from '../i18n/catalog.ts';
import { periodLabel } from './labels.ts';
import type { UnitPoints } from '../domain/scoring/scores.ts';
import { buildWorkbook, type PointsBreakdown, type Progress, type UrgentRow, type WorkbookData } from './workbook.ts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file name of a period's spreadsheet, e.g. xinbao-2026-11.xlsx. */
export const exportFileName = (periodKey: string) => `xinbao-${periodKey}.xlsx`;

const round = (points: number) => Math.round(points * 100) / 100 || 0;

/** A unit's points by source, from the same scores as its points; all 0 for a unit with nothing in the period. */
function breakdownOf(points: UnitPoints | undefined): PointsBreakdown {
  if (!points) return { adoptions: 0, bonuses: 0, awards: 0, penalties: 0 };
  return {
    adoptions: round(points.adoptionPoints),
    bonuses: round(points.instructionPoints),
    awards: round(points.awardPoints),
    penalties: round(-points.penaltyPoints),
  };
}

/** The figures as the workbook's rows, in `locale`, times in `timezone`. */
export function workbookData(data: PeriodExport, options: { locale: Locale; timezone: string; rules: Rules }): WorkbookData {
  const t = translator(options.locale);
  const word = (key: string, fallback: string) => (hasMessage(key) ? t(key) : fallback);
  const when = (date: Date) => formatLocal(date, options.timezone);
  const publications = new Map(options.rules.publications.map((p) => [p.code, p.name]));
  const reports: (UrgentRow & { at: number })[] = data.urgent.map((report) => ({
    at: report.occurredAt.getTime(),
    id: report.id,
    missId: null,
    unit: report.unitName,
    severity: word(`severity.${report.severity}`, report.severity),
    occurredAt: when(report.occurredAt),
    reportedAt: when(report.reportedAt),
    delayMinutes: report.delayMinutes,
    late: report.late,
    status: t(`report.urgentStatus.${report.status}`),
    followUps: report.followUps,
    lateFollowUps: report.lateFollowUps,
    what: report.what,
    reporter: report.reporterName,
    note: null,
  }));
  const misses: (UrgentRow & { at: number })[] = data.misses.map((miss) => ({
    at: miss.occurredAt.getTime(),
    id: null,
    missId: miss.id,
    unit: miss.unitName,
    severity: '—',
    occurredAt: when(miss.occurredAt),
    reportedAt: null,
    delayMinutes: null,
    late: false,
    status: t('report.urgentStatus.missed'),
    followUps: 0,
    lateFollowUps: 0,
    what: null,
    reporter: null,
    note: miss.note,
  }));
  return {
    title: t('export.title', { period: periodLabel(t, data.period, options.timezone) }),
    units: data.units.map((unit) => ({ ...unit, breakdown: breakdownOf(data.unitPoints.get(unit.unitId)) })),
    people: data.people,
    adoptions: data.adoptions.map((adoption) => ({
      itemId: adoption.itemId,
      title: adoption.title,
      unit: adoption.unitName,
      author: adoption.authorName,
      publication: publications.get(adoption.publicationCode) ?? adoption.publicationCode,
      level: word(`leaderLevel.${adoption.level}`, adoption.level),
      points: adoption.points,
      adoptedAt: when(adoption.adoptedAt),
      attachments: data.attachmentCounts.get(adoption.itemId) ?? 0,
    })),
    urgent: [...reports, ...misses].sort((a, b) => a.at - b.at).map(({ at: _at, ...row }) => row),
  };
}

/** The .xlsx of a period's figures; `onProgress` as buildWorkbook reports it. */
export async function periodWorkbook(
  data: PeriodExport,
  options: { locale: Locale; timezone: string; rules: Rules; onProgress?: Progress },
): Promise<{ title: string; buffer: Buffer }> {
  const rows = workbookData(data, options);
  return { title: rows.title, buffer: await buildWorkbook(rows, options.onProgress, { locale: options.locale }) };
}
