/** The office's own bulletin issues (期) and the items in them (docs/bulletins.md). */
import type { TimeRange } from '../ports.ts';

export type BulletinStatus = 'compiled' | 'issued';

/** An issue with its items in their places (position 1 first). */
export type BulletinIssueRecord = {
  id: number;
  publicationCode: string;
  year: number;
  /** 第N期: the number within the year. */
  number: number;
  /** 总第M期: the running number across years. */
  totalNumber: number;
  title: string;
  issuedOn: Date;
  editorNote: string | null;
  leadItemId: number | null;
  status: BulletinStatus;
  fileHash: string | null;
  compiledById: number;
  issuedAt: Date | null;
  issuedById: number | null;
  entries: { itemId: number; position: number }[];
};

/** An adopted item an editor may put into an issue, with what the issue prints of it. */
export type BulletinCandidate = {
  id: number;
  title: string;
  body: string;
  unit: { id: number; name: string };
  adoptedAt: Date;
};

export type NewBulletinIssue = Omit<BulletinIssueRecord, 'id' | 'status' | 'issuedAt' | 'issuedById' | 'entries' | 'fileHash'> & { fileHash: string };

export interface BulletinsRepo {
  /**
   * The items adopted by the publication (adoption not deleted, item not withdrawn) that no issue
   * of it holds yet, oldest adoption first; with `ids`, only those items.
   */
  candidates(publicationCode: string, ids?: number[]): Promise<BulletinCandidate[]>;
  /** Which of `itemIds` an issue of the publication already holds, with that issue's year and number. */
  placed(publicationCode: string, itemIds: number[]): Promise<{ itemId: number; year: number; number: number }[]>;
  /** The highest 第N期 of the publication in `year` (0 for none) and its highest 总第M期 (0 for none). */
  lastNumbers(publicationCode: string, year: number): Promise<{ number: number; totalNumber: number }>;
  /**
   * Adds an issue with its items in order (compiled); null, and nothing written, when its number or
   * one of its items is taken meanwhile (another editor's issue): the caller reads again and retries.
   * Inside a transaction the failed statement ends the transaction: return its failure at once.
   */
  add(issue: NewBulletinIssue, itemIds: number[]): Promise<number | null>;
  find(publicationCode: string, year: number, number: number): Promise<BulletinIssueRecord | null>;
  /** The publication's latest issue (by total number), or null. */
  latest(publicationCode: string): Promise<BulletinIssueRecord | null>;
  /** Marks a compiled issue issued; false when it was issued already (nothing changes). */
  markIssued(id: number, at: Date, byId: number): Promise<boolean>;
  /** How many issues of each publication are dated in `range` (compiled or issued), by publication code. */
  countsIn(range: TimeRange): Promise<Map<string, number>>;
}
