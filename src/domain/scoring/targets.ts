/**
 * Targets (目标任务), resolved in one place for every figure that shows one: /status, /rank, the
 * circulars, the export and the quota reminders. A unit's target for a period is its own (org
 * file) for the period's kind, else the rules' default for its unit kind; a range of whole weeks
 * (the biweekly ranking) has the week's target times the number of weeks; any other range has none.
 */
import type { Rules } from '../rules/schema.ts';
import { periodDays, type Period } from '../time/index.ts';
import type { PeriodKind, UnitKind } from '../vocabulary.ts';

/** Items submitted and items adopted; null where no target is set. */
export type TargetPair = { submitted: number | null; adopted: number | null };

export const NO_TARGET: TargetPair = { submitted: null, adopted: null };

/** The kind of target a period is measured against, and how many times over; null for a range that is not whole weeks. */
export type TargetBasis = { kind: PeriodKind; times: number };

export function targetBasis(period: Period, timezone: string): TargetBasis | null {
  if (period.kind !== 'range') return { kind: period.kind, times: 1 };
  const { days } = periodDays(period, timezone);
  return days % 7 === 0 ? { kind: 'week', times: days / 7 } : null;
}

/**
 * A unit's target on `basis`: `own` is the unit's own target of that kind when it has one (an
 * own target wins even where it leaves a figure empty), else the rules' default for its kind.
 */
export function unitTarget(
  unitKind: UnitKind,
  own: { submitted: number | null; adopted: number | null } | undefined,
  rules: Rules,
  basis: TargetBasis | null,
): TargetPair {
  if (!basis) return NO_TARGET;
  const target = own ?? rules.targets[unitKind]?.[basis.kind];
  const scaled = (value: number | null | undefined) => (value === null || value === undefined ? null : value * basis.times);
  return { submitted: scaled(target?.submitted), adopted: scaled(target?.adopted) };
}
