import type { Clock, Store, UnitRecord } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { daysLeft, parsePeriod, periodContaining, type Period } from '../time/index.ts';
import type { Rules } from '../rules/schema.ts';

export type UnitStatus = {
  unit: UnitRecord;
  period: Period;
  submitted: number;
  adopted: number;
  points: number;
  target: { submitted: number | null; adopted: number | null };
  /** Items still to submit to reach the target (0 when met or when there is no target). */
  gap: number;
  daysLeft: number;
  rank: number;
  rankedUnits: number;
  /** Late (迟报) and missed (漏报) urgent reports in the period; their penalties are in `points`. */
  lateUrgent: number;
  missedUrgent: number;
  /** Whether the unit can still be rated for the year's awards: no late or missed urgent report in the year. */
  awardEligible: boolean;
};

/** Percentage of a target reached, as the seeds show it (1,500 of 1,103 → 136). */
export function completionPercent(done: number, target: number | null): number | null {
  if (!target) return null;
  return Math.round((done / target) * 100);
}

/**
 * A unit's standing for a period (default: the current month in the office's time zone):
 * submitted, adopted, points, target, gap, days left and rank among the office's units.
 */
export async function unitStatus(
  deps: { store: Store; clock: Clock; timezone: string; rules: Rules },
  input: { unit: UnitRecord; period?: string },
): Promise<Result<UnitStatus>> {
  const now = deps.clock.now();
  let period: Period;
  if (input.period && input.period.trim()) {
    const parsed = parsePeriod(input.period, deps.timezone);
    if (!parsed.ok) return parsed;
    period = parsed.value;
  } else {
    period = periodContaining('month', now, deps.timezone);
  }
  const year = periodContaining('year', period.start, deps.timezone);
  const [rawCounts, lapses, yearLapses, targets, units, bonuses] = await Promise.all([
    deps.store.stats.unitCounts(period.start, period.end),
    deps.store.stats.urgentLapses(period.start, period.end),
    deps.store.stats.urgentLapses(year.start, year.end),
    deps.store.units.targets(input.unit.id),
    deps.store.units.list(),
    deps.store.instructions.bonusPoints(period.start, period.end),
  ]);
  const active = units.filter((unit) => unit.active);
  // Points: adoptions and awards (the negative-feedback bonus, manual awards) as the store counts
  // them, less the rules' penalties for late and missed urgent reports (rule 6).
  const lapseOf = (unitId: number) => lapses.find((row) => row.unitId === unitId) ?? { unitId, late: 0, missed: 0 };
  const penalty = (unitId: number) => {
    const lapse = lapseOf(unitId);
    return lapse.late * deps.rules.penalties.lateUrgent + lapse.missed * deps.rules.penalties.missedUrgent;
  };
  // Leader-instruction bonuses (批示), by when the instruction was recorded.
  const bonus = (unitId: number) => bonuses.find((row) => row.unitId === unitId)?.points ?? 0;
  const counts = [...new Set([...rawCounts.map((row) => row.unitId), ...lapses.map((row) => row.unitId), ...bonuses.map((row) => row.unitId)])].map((unitId) => {
    const row = rawCounts.find((candidate) => candidate.unitId === unitId) ?? { unitId, submitted: 0, adopted: 0, points: 0 };
    return { ...row, points: row.points - penalty(unitId) + bonus(unitId) };
  });
  const byUnit = new Map(counts.map((row) => [row.unitId, row]));
  const mine = byUnit.get(input.unit.id) ?? { unitId: input.unit.id, submitted: 0, adopted: 0, points: 0 };
  const ahead = active.filter((unit) => {
    const other = byUnit.get(unit.id);
    if (!other || unit.id === input.unit.id) return false;
    return (
      other.points > mine.points ||
      (other.points === mine.points && (other.adopted > mine.adopted || (other.adopted === mine.adopted && other.submitted > mine.submitted)))
    );
  }).length;
  const target = targets.find((spec) => spec.periodKind === period.kind);
  const submittedTarget = target?.submitted ?? null;
  if (!input.unit.active) return fail('UNIT.UNKNOWN', { code: input.unit.code });
  return ok({
    unit: input.unit,
    period,
    submitted: mine.submitted,
    adopted: mine.adopted,
    points: mine.points,
    target: { submitted: submittedTarget, adopted: target?.adopted ?? null },
    gap: submittedTarget === null ? 0 : Math.max(0, submittedTarget - mine.submitted),
    daysLeft: daysLeft(period, now, deps.timezone),
    rank: ahead + 1,
    rankedUnits: active.length,
    lateUrgent: lapseOf(input.unit.id).late,
    missedUrgent: lapseOf(input.unit.id).missed,
    awardEligible: !yearLapses.some((row) => row.unitId === input.unit.id && row.late + row.missed > 0),
  });
}
