/**
 * The rankings of a period from the record: every active unit with its scores (src/domain/scoring),
 * its target for the period and its movement since the previous circular of the same kind; and
 * the people by name (实名制).
 */
import { previousRanks } from '../circulars/snapshot.ts';
import { rankingKindOf } from '../circulars/schedule.ts';
import { activeAt, type UnitRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { emptyUnitPoints, personScores, unitScores } from '../scoring/scores.ts';
import { NO_TARGET, targetBasis, unitTarget, type TargetPair } from '../scoring/targets.ts';
import type { Period } from '../time/index.ts';
import { rankPeople, rankUnits, type RankedPerson, type RankedUnit } from './rankUnits.ts';

/** Each unit's target for the period, resolved as everywhere else (src/domain/scoring/targets.ts). */
async function targetsFor(deps: Pick<DomainDeps, 'store' | 'rules' | 'timezone'>, period: Period, units: UnitRecord[]): Promise<Map<number, TargetPair>> {
  const basis = targetBasis(period, deps.timezone);
  if (!basis) return new Map();
  const own = new Map((await deps.store.scoring.unitTargets(basis.kind)).map((row) => [row.unitId, row]));
  return new Map(units.map((unit) => [unit.id, unitTarget(unit.kind, own.get(unit.id), deps.rules, basis)]));
}

/**
 * The ranking of the office's active units for a period: points, then adoptions, then submissions;
 * with submitted, adopted, adoption rate, target completion, flags, and the movement since the
 * previous circular of the period's kind (`previous` overrides it: null means none).
 */
export async function rankUnitsFor(
  deps: Pick<DomainDeps, 'store' | 'rules' | 'timezone'>,
  period: Period,
  options: { previous?: { unitId: number; rank: number }[] | null } = {},
): Promise<RankedUnit[]> {
  // A unit deactivated during the period is ranked in it (it reported in it), not in later ones.
  const units = (await deps.store.units.list()).filter((unit) => activeAt(unit, period.start));
  const [scores, targets, previous] = await Promise.all([
    unitScores(deps, { from: period.start, to: period.end }),
    targetsFor(deps, period, units),
    options.previous !== undefined ? options.previous : previousRanks(deps.store, rankingKindOf(period), period, deps.timezone),
  ]);
  return rankUnits(
    units.map((unit) => {
      const score = scores.get(unit.id) ?? emptyUnitPoints(unit.id);
      return {
        unitId: unit.id,
        code: unit.code,
        name: unit.name,
        submitted: score.submitted,
        adopted: score.adopted,
        points: score.points,
        target: targets.get(unit.id) ?? NO_TARGET,
      };
    }),
    previous,
  );
}

/** The ranking of people by name for a period (everyone with an item, an adoption or an award in it). */
export async function rankPeopleFor(deps: Pick<DomainDeps, 'store' | 'rules' | 'timezone'>, period: Period): Promise<RankedPerson[]> {
  const scores = await personScores(deps, { from: period.start, to: period.end });
  return rankPeople(
    scores.map((row) => ({
      personId: row.personId,
      name: row.name,
      unitName: row.unitName ?? '',
      submitted: row.submitted,
      adopted: row.adopted,
      points: row.points,
    })),
  );
}
