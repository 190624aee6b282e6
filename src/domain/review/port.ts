/** Review, adoption and sign-off: the office's queue, decisions on items, adoptions and awards. */
import type { ItemRecord } from '../items/port.ts';
import type { UnitRecord } from '../org/port.ts';
import type { ItemStatus } from '../vocabulary.ts';

/** An item as the reviewer and the unit lead see it. */
export type ReviewEntry = {
  item: ItemRecord;
  unit: UnitRecord;
  author: { id: number; code: string; name: string };
  signedById: number | null;
  signedAt: Date | null;
  reviewedAt: Date | null;
};

/** What a review or sign-off decision changes on an item. */
export type ItemReviewChange = {
  status: ItemStatus;
  submittedAt?: Date;
  signedById?: number;
  signedAt?: Date;
  reviewedAt?: Date;
  reviewNote?: string | null;
};

export type NewAdoption = {
  itemId: number;
  publicationCode: string;
  level: string;
  points: number;
  rulesVersion: number;
  adoptedAt: Date;
  recordedById: number;
};

/**
 * An award or deduction; `period`, when named, is the period it is for: it then counts in the
 * rankings whose period covers that one, not by `awardedAt` (docs/scores-and-circulars.md).
 */
export type NewAward = {
  unitId: number | null;
  personId: number | null;
  points: number;
  reason: string;
  awardedAt: Date;
  recordedById: number | null;
  period?: { key: string; start: Date; end: Date };
};

export interface ReviewRepo {
  /** One item with its unit, author and review fields; null if there is none. */
  entry(itemId: number): Promise<ReviewEntry | null>;
  /** How many items wait in the office's review queue (status submitted). */
  queueCount(): Promise<number>;
  /** The queued item after `after` (oldest submitted first, then by id), or the first one without `after`. */
  queueNext(after?: { submittedAt: Date; id: number }): Promise<ReviewEntry | null>;
  /** The 1-based position of a queued item in the queue. */
  queuePosition(item: { submittedAt: Date; id: number }): Promise<number>;
  /** A unit's items waiting for its lead's sign-off, oldest first. */
  awaitingSignOff(unitId: number, limit: number): Promise<ReviewEntry[]>;
  /** Changes an item only if its status is still one of `from` (else false and nothing changes). */
  transition(itemId: number, from: ItemStatus[], change: ItemReviewChange): Promise<boolean>;
  /** Records an adoption; false (and nothing written) if this publication already adopted the item. */
  addAdoption(adoption: NewAdoption): Promise<boolean>;
  /** Whether an award with exactly this reason was ever recorded. */
  hasAward(reason: string): Promise<boolean>;
  addAward(award: NewAward): Promise<void>;
}
