/**
 * The office's rules as numbered versions (the highest is in force; older ones are kept for
 * history), and the re-pricing of points already earned. Each reprice call is one statement;
 * run them inside `transaction` to change points atomically.
 */
import type { TimeRange } from '../ports.ts';

export type RulesVersionRecord = { version: number; loadedAt: Date; loadedBy: string | null };

export interface RulesRepo {
  /** The highest version and its rules as stored (a JSON value), or null before any is loaded. */
  active(): Promise<{ version: number; rules: unknown } | null>;
  /** Stores `rules` as `version`; false when that version exists already (another load came first). */
  add(version: number, rules: unknown, loadedBy: string, at: Date): Promise<boolean>;
  /** Every stored version, oldest first, without the rules themselves. */
  list(): Promise<RulesVersionRecord[]>;
  /** Points of the non-deleted adoptions (by adoption time) and of the instruction bonuses (by creation time) in `range`, all time when undefined. */
  pointsTotals(range?: TimeRange): Promise<{ adoptions: number; instructions: number }>;
  /** Sets points and rulesVersion of the non-deleted adoptions by `publicationCode` in `range` where either differs; how many rows changed. */
  repriceAdoptions(publicationCode: string, points: number, rulesVersion: number, range?: TimeRange): Promise<number>;
  /** Sets bonusPoints and rulesVersion of the instructions by leaders of `leaderLevel` in `range` where either differs; how many rows changed. */
  repriceInstructions(leaderLevel: string, points: number, rulesVersion: number, range?: TimeRange): Promise<number>;
  /** How many non-deleted adoptions in `range` are by a publication whose code is not in `codes`. */
  countAdoptionsOutside(codes: string[], range?: TimeRange): Promise<number>;
}
