import type { UnitRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { rankAmong } from '../ranking/rankUnits.ts';
import { daysLeft, parsePeriod, periodContaining, type Period } from '../time/index.ts';
import { emptyUnitPoints, unitPointsOf } from '../scoring/scores.ts';
import { targetBasis, unitTarget, type TargetPair } from '../scoring/targets.ts';

export type UnitStatus = {
  unit: UnitRecord;
  period: Period;
  submitted: number;
  adopted: number;
  points: number;
  /** As /rank shows it: the unit's own target, else the rules' default for its kind (src/domain/scoring/targets.ts). */
  target: TargetPair;
  /** Items still to submit to reach the target (0 when met or when there is no target). */
  gap: number;
  daysLeft: number;
  /** The unit's rank in /rank for the same period: 1 + the active units ahead of it, full ties sharing a rank. */
  rank: number;
  /** The units /rank ranks: every active unit. */
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
 * submitted, adopted, points, target, gap, days left and rank among the office's units, each as
 * /rank, the circulars and the export show it. Two reads: the standing (every active unit's
 * figures, as the rank compares them, in one statement) and the unit's own targets.
 */
export async function unitStatus(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'rules' | 'timezone'>,
  input: { unit: UnitRecord; period?: string },
): Promise<Result<UnitStatus>> {
  const now = deps.clock.now();
  let period: Period;
  if (input.period?.trim()) {
    const parsed = parsePeriod(input.period, deps.timezone);
    if (!parsed.ok) return parsed;
    period = parsed.value;
  } else {
    period = periodContaining('month', now, deps.timezone);
  }
  if (!input.unit.active) return fail('UNIT.UNKNOWN', { code: input.unit.code });
  const year = periodContaining('year', period.start, deps.timezone);
  const [standing, targets] = await Promise.all([
    // Points as the record gives them (src/domain/scoring): adoptions, awards, instruction bonuses, less penalties.
    deps.store.scoring.unitStanding(input.unit.id, { from: period.start, to: period.end }, { from: year.start, to: year.end }),
    deps.store.units.targets(input.unit.id),
  ]);
  const all = standing.figures.map((figures) => unitPointsOf(figures, deps.rules));
  const mine = all.find((unit) => unit.unitId === input.unit.id) ?? emptyUnitPoints(input.unit.id);
  const basis = targetBasis(period, deps.timezone);
  const target = unitTarget(
    input.unit.kind,
    targets.find((spec) => spec.periodKind === basis?.kind),
    deps.rules,
    basis,
  );
  return ok({
    unit: input.unit,
    period,
    submitted: mine.submitted,
    adopted: mine.adopted,
    points: mine.points,
    target,
    gap: target.submitted === null ? 0 : Math.max(0, target.submitted - mine.submitted),
    daysLeft: daysLeft(period, now, deps.timezone),
    rank: rankAmong(mine, all),
    rankedUnits: standing.figures.length,
    lateUrgent: mine.lateUrgent,
    missedUrgent: mine.missedUrgent,
    awardEligible: standing.yearLapses === 0,
  });
}
