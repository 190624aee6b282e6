/**
 * The figures behind points and rankings, each read as one grouped statement, and the corrections
 * that change them (an adoption withdrawn, a bonus taken back).
 */
import type { TimeRange } from '../ports.ts';
import type { PeriodKind, Severity } from '../vocabulary.ts';

/**
 * A unit's figures for a time range: items submitted (by submittedAt), distinct items adopted and
 * the points of their adoptions (non-deleted adoptions by adoptedAt), awards (by awardedAt: manual
 * awards and deductions, the negative-feedback bonus), leader-instruction bonuses (by createdAt),
 * late first reports (by when the unit reported: the call, for a phone report), missed reports not withdrawn (by occurredAt) and late
 * follow-ups or final reports (by the time they came).
 */
export type UnitFigures = {
  unitId: number;
  submitted: number;
  adopted: number;
  adoptionPoints: number;
  awardPoints: number;
  instructionPoints: number;
  lateUrgent: number;
  missedUrgent: number;
  lateFollowUps: number;
};

/** A person's figures: their items, the adoptions and instruction bonuses of their items, and awards made to them. */
export type PersonFigures = {
  personId: number;
  name: string;
  unitName: string | null;
  submitted: number;
  adopted: number;
  adoptionPoints: number;
  awardPoints: number;
  instructionPoints: number;
};

export type AdoptionDetail = {
  itemId: number;
  title: string;
  unitId: number;
  unitName: string;
  authorName: string;
  publicationCode: string;
  level: string;
  points: number;
  adoptedAt: Date;
};

export type UrgentDetail = {
  id: number;
  unitId: number;
  unitName: string;
  severity: Severity;
  occurredAt: Date;
  /** When the unit reported: the call, for a report the duty office logged by phone. */
  reportedAt: Date;
  delayMinutes: number;
  late: boolean;
  status: 'open' | 'closed';
  /** What happened, and who sent the first report. */
  what: string;
  reporterName: string;
  followUps: number;
  /** Follow-ups and the final report that came after their deadline. */
  lateFollowUps: number;
};

export type MissDetail = { id: number; unitId: number; unitName: string; occurredAt: Date; note: string };

export interface ScoringRepo {
  /** Per unit with anything in `range`: see UnitFigures for what is counted by which time. */
  unitFigures(range: TimeRange): Promise<UnitFigures[]>;
  /**
   * What one unit's standing needs in one read: the figures in `range` of every unit ranked in it
   * (active, or deactivated after the range began; see `activeAt`), one row each (zeros for a unit
   * with nothing: the rank compares them all, as /rank does), and the unit's late and missed
   * urgent reports in `year` together.
   */
  unitStanding(unitId: number, range: TimeRange, year: TimeRange): Promise<{ figures: UnitFigures[]; yearLapses: number }>;
  /** Per person with anything in `range`, credited to the item's author by name (实名制): see PersonFigures. */
  personFigures(range: TimeRange): Promise<PersonFigures[]>;
  /** Every unit's own target for one kind of period (units without one are absent). */
  unitTargets(periodKind: PeriodKind): Promise<{ unitId: number; submitted: number | null; adopted: number | null }[]>;
  /** Per unit with a lapse: late first reports (迟报, by report time) and missed reports (漏报, by event time) in `range`. */
  urgentLapses(range: TimeRange): Promise<{ unitId: number; late: number; missed: number }[]>;
  /** Marks the item's adoption by the publication deleted, only if it is not deleted yet; what it was, or null. */
  deleteAdoption(itemId: number, publicationCode: string, at: Date): Promise<{ points: number; adoptedAt: Date } | null>;
  /** Deletes the awards recorded with exactly this reason; their points in total (0 when there were none). */
  removeAwards(reason: string): Promise<number>;
  /** The non-deleted adoptions in `range` (by adoption time), oldest first, with their item, unit and author. */
  adoptions(range: TimeRange): Promise<AdoptionDetail[]>;
  /** Urgent first reports in `range` (by report time) and missed reports not withdrawn (by event time), oldest first. */
  urgent(range: TimeRange): Promise<{ reports: UrgentDetail[]; misses: MissDetail[] }>;
  /**
   * The people ranked in `range` (/rank people): everyone active at its start (or deactivated
   * after it; see `activeAt`) who is a reporter or has anything in it, one row each with zeros
   * for nothing, credited by name as `personFigures` is; withdrawn items count nowhere.
   */
  personStanding(range: TimeRange): Promise<PersonStandingFigures[]>;
  /** Every person's own target for one kind of period (people without one are absent). */
  personTargets(periodKind: PeriodKind): Promise<{ personId: number; submitted: number | null; adopted: number | null }[]>;
}

/** A person's figures for /rank people, with their unit (null for office staff). */
export type PersonStandingFigures = PersonFigures & { unitId: number | null };
