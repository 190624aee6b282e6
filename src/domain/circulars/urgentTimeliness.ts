/**
 * Urgent-report timeliness by unit for a period (003 篇3: 紧急重大信息报送情况通报制度，定期汇总分析):
 * first reports (by report time), how many came late, missed reports (by event time), late
 * follow-ups and final reports (续报迟报, by the time they came), and the average minutes from the
 * event to the first report.
 */
import type { Store } from '../ports.ts';
import type { Period } from '../time/index.ts';

export type UnitTimeliness = {
  unitId: number;
  unitName: string;
  reports: number;
  late: number;
  missed: number;
  lateFollowUps: number;
  averageDelay: number | null;
};

export type Timeliness = {
  units: UnitTimeliness[];
  totals: { reports: number; late: number; missed: number; lateFollowUps: number; averageDelay: number | null };
};

const average = (total: number, count: number) => (count === 0 ? null : Math.round(total / count));

/** Units with a report, a miss or a late follow-up in the period: most lapses first, then the slowest on average, then by name. */
export async function urgentTimeliness(store: Store, period: Period): Promise<Timeliness> {
  const range = { from: period.start, to: period.end };
  const [{ reports, misses }, lateFollowUps] = await Promise.all([store.scoring.urgent(range), store.urgent.lateFollowUps(range)]);
  const byUnit = new Map<number, { unitId: number; unitName: string; reports: number; late: number; missed: number; lateFollowUps: number; delay: number }>();
  const entry = (unitId: number, unitName: string) => {
    const row = byUnit.get(unitId) ?? { unitId, unitName, reports: 0, late: 0, missed: 0, lateFollowUps: 0, delay: 0 };
    byUnit.set(unitId, row);
    return row;
  };
  for (const report of reports) {
    const row = entry(report.unitId, report.unitName);
    row.reports += 1;
    row.delay += report.delayMinutes;
    if (report.late) row.late += 1;
  }
  for (const miss of misses) entry(miss.unitId, miss.unitName).missed += 1;
  for (const update of lateFollowUps) entry(update.unitId, update.unitName).lateFollowUps += 1;
  const lapses = (row: { late: number; missed: number; lateFollowUps: number }) => row.late + row.missed + row.lateFollowUps;
  const collator = new Intl.Collator('zh-CN');
  const units = [...byUnit.values()]
    .map(({ delay, ...row }) => ({ ...row, averageDelay: average(delay, row.reports) }))
    .sort((a, b) => lapses(b) - lapses(a) || (b.averageDelay ?? -1) - (a.averageDelay ?? -1) || collator.compare(a.unitName, b.unitName));
  const late = reports.filter((report) => report.late).length;
  const totalDelay = reports.reduce((sum, report) => sum + report.delayMinutes, 0);
  return {
    units,
    totals: { reports: reports.length, late, missed: misses.length, lateFollowUps: lateFollowUps.length, averageDelay: average(totalDelay, reports.length) },
  };
}
