/**
 * The rankings of a period from the record: every active unit with its scores (src/domain/scoring),
 * its target for the period and its movement since the previous circular of the same kind; and
 * the people by name (实名制).
 */
import { previousRanks } from '../circulars/snapshot.ts';
import { rankingKindOf } from '../circulars/schedule.ts';
import type { UnitRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { emptyUnitPoints, personScores, unitScores } from '../scoring/scores.ts';
import { periodDays, type Period } from '../time/index.ts';
import type { PeriodKind } from '../vocabulary.ts';
import { rankPeople, rankUnits, type RankedPerson, type RankedUnit } from './rankUnits.ts';

type Target = { submitted: number | null; adopted: number | null };

/**
 * Each unit's target for the period: its own (org file) for the period's kind, else the rules'
 * default for its unit kind. A range of whole weeks (the biweekly ranking) has the week's target
 * times the number of weeks; any other range has none.
 */
async function targetsFor(deps: Pick<DomainDeps, 'store' | 'rules' | 'timezone'>, period: Period, units: UnitRecord[]): Promise<Map<number, Target>> {
  let kind: PeriodKind;
  let times = 1;
  if (period.kind === 'range') {
    const { days } = periodDays(period, deps.timezone);
    if (days % 7 !== 0) return new Map();
    kind = 'week';
    times = days / 7;
  } else {
    kind = period.kind;
  }
  const own = new Map((await deps.store.scoring.unitTargets(kind)).map((row) => [row.unitId, row]));
  const scaled = (value: number | null | undefined) => (value === null || value === undefined ? null : value * times);
  return new Map(
    units.map((unit) => {
      const target = own.get(unit.id) ?? deps.rules.targets[unit.kind]?.[kind];
      return [unit.id, { submitted: scaled(target?.submitted), adopted: scaled(target?.adopted) }];
    }),
  );
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
  const units = (await deps.store.units.list()).filter((unit) => unit.active);
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
        target: targets.get(unit.id) ?? { submitted: null, adopted: null },
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
