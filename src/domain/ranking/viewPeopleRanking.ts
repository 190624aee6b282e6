/**
 * `/rank people` (信息采用实名制: people ranked by name): every reporter ranked by points for a
 * period, with the counts behind them and their personal target's completion when they have one.
 * The office's staff see everyone; a reporter or unit lead sees their unit's people, each at
 * their place in the whole office, and their own place among all (docs/scores-and-circulars.md).
 */
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { personPointsOf } from '../scoring/scores.ts';
import { NO_TARGET, targetBasis, type TargetPair } from '../scoring/targets.ts';
import type { Period } from '../time/index.ts';
import { completionPercent } from '../units/unitStatus.ts';
import type { Role } from '../vocabulary.ts';
import { rankPeople, type RankedPerson } from './rankUnits.ts';

/** Roles that read the whole office's ranking of people. */
const OFFICE_ROLES: readonly Role[] = ['editor', 'duty', 'leader', 'admin'];

export type RankedPersonRow = RankedPerson & {
  unitId: number | null;
  /** Submitted items as a percentage of the person's own target; null without one. */
  completion: number | null;
};

export type PeopleRanking = {
  period: Period;
  /** `office`: everyone; `unit`: the viewer's unit's people only (their ranks still the office's). */
  scope: 'office' | 'unit';
  unitName: string | null;
  rows: RankedPersonRow[];
  /** How many people the whole office ranks. */
  total: number;
  /** The viewer's own place among all, when they are ranked. */
  mine: { personId: number; rank: number } | null;
};

/** A person's own target on the period's basis (scaled for a range of whole weeks), or none. */
async function personTargetsFor(deps: Pick<DomainDeps, 'store' | 'timezone'>, period: Period): Promise<Map<number, TargetPair>> {
  const basis = targetBasis(period, deps.timezone);
  if (!basis) return new Map();
  const scaled = (value: number | null) => (value === null ? null : value * basis.times);
  const rows = await deps.store.scoring.personTargets(basis.kind);
  return new Map(rows.map((row) => [row.personId, { submitted: scaled(row.submitted), adopted: scaled(row.adopted) }]));
}

/**
 * The people ranked for `period` as `viewer` may see them: points (adoptions of their items by
 * adoption date, their awards, instruction bonuses on their items), then adoptions, then
 * submissions; full ties share a place. People deactivated before the period are left out, as
 * units are (docs/org-file.md).
 */
export async function viewPeopleRanking(
  deps: Pick<DomainDeps, 'store' | 'timezone'>,
  input: { viewer: PersonRecord; period: Period },
): Promise<Result<PeopleRanking>> {
  const { viewer, period } = input;
  const office = viewer.roles.some((role) => OFFICE_ROLES.includes(role));
  if (!office && !viewer.unit) return fail('AUTH.FORBIDDEN');
  const [standing, targets] = await Promise.all([deps.store.scoring.personStanding({ from: period.start, to: period.end }), personTargetsFor(deps, period)]);
  const unitOf = new Map(standing.map((row) => [row.personId, row.unitId]));
  const ranked: RankedPersonRow[] = rankPeople(
    standing.map((row) => ({
      personId: row.personId,
      name: row.name,
      unitName: row.unitName ?? '',
      submitted: row.submitted,
      adopted: row.adopted,
      points: personPointsOf(row),
    })),
  ).map((row) => ({
    ...row,
    unitId: unitOf.get(row.personId) ?? null,
    completion: completionPercent(row.submitted, (targets.get(row.personId) ?? NO_TARGET).submitted),
  }));
  const own = ranked.find((row) => row.personId === viewer.id);
  return ok({
    period,
    scope: office ? 'office' : 'unit',
    unitName: office ? null : viewer.unit!.name,
    rows: office ? ranked : ranked.filter((row) => row.unitId === viewer.unit!.id),
    total: ranked.length,
    mine: own ? { personId: own.personId, rank: own.rank } : null,
  });
}
