/**
 * What reminders are held by and recorded in: leave (请假), snoozes (延后提醒), and the nudge
 * ledger, which records every reminder sent so that none is sent twice.
 */
import type { NudgeKey } from './nudgeKey.ts';

/** A leave (请假): the person gets no non-urgent reminders in [from, until) and does not count against the unit's pace. */
export type LeaveRecord = { id: number; personId: number; from: Date; until: Date; setBy: string };

export interface LeaveRepo {
  /** Records a leave [from, until) for a person; leaves of theirs that overlap it are replaced. */
  add(leave: { personId: number; from: Date; until: Date; setBy: string }): Promise<void>;
  /** Ends a person's leave at `at`: a current one is cut short to end at `at`, later ones are removed; how many changed. */
  end(personId: number, at: Date): Promise<number>;
  /** Leaves that overlap [from, to), of everyone or of the people named, earliest first. */
  during(from: Date, to: Date, personIds?: number[]): Promise<LeaveRecord[]>;
}

export type SnoozeRecord = { personId: number; kind: string; until: Date };

export interface SnoozesRepo {
  /** Holds a person's reminders of `kind` ('*': every non-urgent kind) until `until`, replacing a snooze of the same kind. */
  set(personId: number, kind: string, until: Date): Promise<void>;
  /** Snoozes still running at `at`, of everyone or of the people named. */
  at(at: Date, personIds?: number[]): Promise<SnoozeRecord[]>;
}

export interface NudgesRepo {
  /** Records one reminder in the ledger; false if it was recorded before (already sent). */
  claim(key: NudgeKey, at: Date): Promise<boolean>;
  /** Which of these ledger keys (`nudgeKey`) are recorded already: one read for a whole sweep. */
  claimedKeys(keys: string[]): Promise<Set<string>>;
  /**
   * Records every key (multi-row statements, in the caller's transaction); false when one of them
   * was recorded already, e.g. by a second instance just now: the caller's transaction must then
   * roll back.
   */
  claimAll(keys: NudgeKey[], at: Date): Promise<boolean>;
  /** Per subject and recipient, how many reminders of `kind` the ledger holds (recorded at or after `since`). */
  sentCounts(kind: string, subjects: string[], since?: Date): Promise<{ subject: string; recipientId: number; count: number }[]>;
}
