/**
 * Urgent-report timeliness by unit for a period (003 篇3: 紧急重大信息报送情况通报制度，定期汇总分析):
 * first reports (by report time), how many came late, missed reports (by event time), and the
 * average minutes from the event to the first report.
 */
import type { Store } from '../ports.ts';
import type { Period } from '../time/index.ts';

export type UnitTimeliness = { unitId: number; unitName: string; reports: number; late: number; missed: number; averageDelay: number | null };

export type Timeliness = {
  units: UnitTimeliness[];
  totals: { reports: number; late: number; missed: number; averageDelay: number | null };
};

const average = (total: number, count: number) => (count === 0 ? null : Math.round(total / count));

/** Units with a report or a miss in the period: most lapses first, then the slowest on average, then by name. */
export async function urgentTimeliness(store: Store, period: Period): Promise<Timeliness> {
  const { reports, misses } = await store.scoring.urgent({ from: period.start, to: period.end });
  const byUnit = new Map<number, { unitId: number; unitName: string; reports: number; late: number; missed: number; delay: number }>();
  const entry = (unitId: number, unitName: string) => {
    const row = byUnit.get(unitId) ?? { unitId, unitName, reports: 0, late: 0, missed: 0, delay: 0 };
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
  const collator = new Intl.Collator('zh-CN');
  const units = [...byUnit.values()]
    .map(({ delay, ...row }) => ({ ...row, averageDelay: average(delay, row.reports) }))
    .sort((a, b) => b.late + b.missed - (a.late + a.missed) || (b.averageDelay ?? -1) - (a.averageDelay ?? -1) || collator.compare(a.unitName, b.unitName));
  const late = reports.filter((report) => report.late).length;
  const totalDelay = reports.reduce((sum, report) => sum + report.delayMinutes, 0);
  return { units, totals: { reports: reports.length, late, missed: misses.length, averageDelay: average(totalDelay, reports.length) } };
}
