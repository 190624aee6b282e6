/**
 * Scores (domain rule 6), the one place they are computed: for a time range [from, to), a unit's
 * points are its adoptions' points (non-deleted adoptions, by adoption time), plus awards (by
 * award time: manual awards and deductions such as the province's +50, the negative-feedback
 * bonus), plus leader-instruction bonuses (by the time the instruction was recorded), less the
 * rules' penalties for late first reports (by report time), missed reports (by event time) and late
 * follow-ups (by the time they came).
 * A person's points are credited by name (实名制): the adoptions and instruction bonuses of the
 * items they wrote, and the awards made to them. Everything is read from the record, so the
 * same data gives the same numbers however often it is asked.
 */
import type { DomainDeps, TimeRange } from '../ports.ts';
import type { PersonFigures, UnitFigures } from './port.ts';
import type { Rules } from '../rules/schema.ts';

export type UnitPoints = UnitFigures & {
  /** The penalties subtracted, as a positive number. */
  penaltyPoints: number;
  /** Adoptions + awards + instruction bonuses − penalties, rounded to 2 decimals. */
  points: number;
};

export type PersonPoints = PersonFigures & { points: number };

/** Rounds away the float noise of summed fractional points (0.1 + 0.2). */
const roundPoints = (points: number): number => Math.round(points * 100) / 100 || 0;

/** Points as people read them: whole numbers plain, fractions with one decimal. */
export const formatPoints = (points: number): string => (Number.isInteger(points) ? String(points) : points.toFixed(1));

/** A unit's points from its figures under the rules' penalties. */
export function unitPointsOf(figures: UnitFigures, rules: Rules): UnitPoints {
  const penaltyPoints = roundPoints(
    figures.lateUrgent * rules.penalties.lateUrgent +
      figures.missedUrgent * rules.penalties.missedUrgent +
      figures.lateFollowUps * rules.penalties.lateFollowUp,
  );
  return {
    ...figures,
    penaltyPoints,
    points: roundPoints(figures.adoptionPoints + figures.awardPoints + figures.instructionPoints - penaltyPoints),
  };
}

/** A unit with nothing in the range. */
export const emptyUnitPoints = (unitId: number): UnitPoints => ({
  unitId,
  submitted: 0,
  adopted: 0,
  adoptionPoints: 0,
  awardPoints: 0,
  instructionPoints: 0,
  lateUrgent: 0,
  missedUrgent: 0,
  lateFollowUps: 0,
  penaltyPoints: 0,
  points: 0,
});

/** Every unit's points for the range, by unit id; a unit with nothing in the range is absent. */
export async function unitScores(deps: Pick<DomainDeps, 'store' | 'rules'>, range: TimeRange): Promise<Map<number, UnitPoints>> {
  const figures = await deps.store.scoring.unitFigures(range);
  return new Map(figures.map((row) => [row.unitId, unitPointsOf(row, deps.rules)]));
}

/** A person's points from their figures: adoptions of their items, awards to them, instruction bonuses on their items. */
export const personPointsOf = (figures: Pick<PersonFigures, 'adoptionPoints' | 'awardPoints' | 'instructionPoints'>): number =>
  roundPoints(figures.adoptionPoints + figures.awardPoints + figures.instructionPoints);

/** Every person's points for the range (credit by name); a person with nothing in the range is absent. */
export async function personScores(deps: Pick<DomainDeps, 'store'>, range: TimeRange): Promise<PersonPoints[]> {
  const figures = await deps.store.scoring.personFigures(range);
  return figures.map((row) => ({ ...row, points: personPointsOf(row) }));
}
