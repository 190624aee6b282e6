/**
 * Rankings for a circular (通报 / 排名, rule 7): units by points, with the counts behind them,
 * the movement since the previous circular and the flags the office names; people by name
 * (信息采用实名制). Pure functions of the scores: the caller gathers the figures for a period.
 */
import { completionPercent } from '../units/unitStatus.ts';

export type UnitScore = {
  unitId: number;
  code: string;
  name: string;
  submitted: number;
  adopted: number;
  points: number;
  target: { submitted: number | null; adopted: number | null };
};

/** Where a unit stands against the previous circular. Labels ('↑2', '新') are the catalog's job. */
export type Movement = { kind: 'new' } | { kind: 'up' | 'down' | 'same'; by: number };

export type RankedUnit = UnitScore & {
  /** Competition ranking: full ties share a rank and the next rank skips (1, 1, 3). */
  rank: number;
  /** Adopted / submitted as a percentage, rounded to 1 decimal; null when nothing was submitted. */
  adoptionRate: number | null;
  /** Percentage of the submission target reached, as the seeds show it (1,500 of 1,103 → 136); null without a target. */
  completion: number | null;
  movement: Movement;
  /** Nothing adopted in the period (采用空白). */
  noAdoption: boolean;
  /** A target is set and missed: fewer items submitted than target.submitted, or fewer adopted than target.adopted. */
  belowTarget: boolean;
};

export type PersonScore = {
  personId: number;
  name: string;
  unitName: string;
  submitted: number;
  adopted: number;
  points: number;
};

export type RankedPerson = PersonScore & { rank: number; adoptionRate: number | null };

/** What the ranking order compares. */
export type Counts = { points: number; adopted: number; submitted: number };

/** Order of the ranking: points, then adoptions, then submissions, all descending; 0 is a full tie. */
function compareCounts(a: Counts, b: Counts): number {
  return b.points - a.points || b.adopted - a.adopted || b.submitted - a.submitted;
}

/**
 * The competition rank of `mine` among `all` (it may be among them): 1 + the entries strictly
 * ahead of it in the ranking order. The rank a ranking gives a unit, without sorting them all.
 */
export function rankAmong(mine: Counts, all: Iterable<Counts>): number {
  let ahead = 0;
  for (const other of all) if (compareCounts(other, mine) < 0) ahead += 1;
  return ahead + 1;
}

const byName = new Intl.Collator('zh-CN');

/**
 * Sorts by the ranking order, full ties by name then `tieBreak` so the order is stable,
 * and gives each entry its competition rank (1 + the number of entries strictly ahead).
 */
function rank<T extends Counts & { name: string }>(rows: T[], tieBreak: (a: T, b: T) => number): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => compareCounts(a, b) || byName.compare(a.name, b.name) || tieBreak(a, b));
  const ranked: (T & { rank: number })[] = [];
  sorted.forEach((row, index) => {
    const before = ranked[index - 1];
    const shared = before !== undefined && compareCounts(before, row) === 0;
    ranked.push({ ...row, rank: shared ? before.rank : index + 1 });
  });
  return ranked;
}

/**
 * Adopted items as a percentage of submitted ones, rounded to 1 decimal (null when none were
 * submitted). One item can be adopted by several publications, so the rate can pass 100.
 */
export function adoptionRate(adopted: number, submitted: number): number | null {
  if (submitted <= 0) return null;
  return Math.round((adopted / submitted) * 1000) / 10;
}

/** How a rank moved from the previous circular's rank; no previous rank means the unit is new to the ranking. */
function movementFrom(rank: number, previousRank: number | undefined): Movement {
  if (previousRank === undefined) return { kind: 'new' };
  if (rank < previousRank) return { kind: 'up', by: previousRank - rank };
  if (rank > previousRank) return { kind: 'down', by: rank - previousRank };
  return { kind: 'same', by: 0 };
}

/**
 * Ranks units by points, ties broken by adoptions then submissions; full ties share a rank.
 * `previous` is the previous circular's ranking: a unit absent from it is 'new', and with no
 * previous circular at all (null or omitted) every unit is 'new' — there is nothing to move from.
 */
export function rankUnits(scores: UnitScore[], previous?: { unitId: number; rank: number }[] | null): RankedUnit[] {
  const before = new Map((previous ?? []).map((row) => [row.unitId, row.rank]));
  return rank(scores, (a, b) => a.code.localeCompare(b.code) || a.unitId - b.unitId).map((row) => ({
    ...row,
    adoptionRate: adoptionRate(row.adopted, row.submitted),
    completion: completionPercent(row.submitted, row.target.submitted),
    movement: movementFrom(row.rank, before.get(row.unitId)),
    noAdoption: row.adopted === 0,
    belowTarget: (row.target.submitted !== null && row.submitted < row.target.submitted) || (row.target.adopted !== null && row.adopted < row.target.adopted),
  }));
}

/** Ranks people by the same order as units (credit by name, 实名制); full ties share a rank. */
export function rankPeople(rows: PersonScore[]): RankedPerson[] {
  return rank(rows, (a, b) => a.unitName.localeCompare(b.unitName) || a.personId - b.personId).map((row) => ({
    ...row,
    adoptionRate: adoptionRate(row.adopted, row.submitted),
  }));
}
