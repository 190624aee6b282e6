/** Items (稿件) as reporters submit them, with their adoptions, versions and withdrawal. */
import type { Category, ItemStatus } from '../vocabulary.ts';

export type ItemRecord = {
  id: number;
  title: string;
  body: string;
  category: Category;
  status: ItemStatus;
  authorId: number;
  unitId: number;
  commissionId: number | null;
  createdAt: Date;
  submittedAt: Date | null;
  reviewNote: string | null;
  /** The current version's number (1 until the first edit; docs/reporting.md). */
  version: number;
  /** When a returned item came back revised by its author. */
  revisedAt: Date | null;
  /** When its author withdrew it (status withdrawn). */
  withdrawnAt: Date | null;
  adoptions: { publicationCode: string; points: number; adoptedAt: Date }[];
};

export type NewItem = Omit<ItemRecord, 'id' | 'reviewNote' | 'adoptions' | 'version' | 'revisedAt' | 'withdrawnAt'>;

/** A version of an item's text: who wrote it and when. */
export type ItemVersionRecord = {
  itemId: number;
  version: number;
  title: string;
  body: string;
  category: Category;
  editedById: number;
  editedByName: string;
  editedAt: Date;
};

/** What an edit changes on an item: the new text, and for a returned item sent again its new status. */
export type ItemRevision = {
  title: string;
  body: string;
  category: Category;
  version: number;
  status?: ItemStatus;
  submittedAt?: Date | null;
  revisedAt?: Date;
};

/** An item found by /find, with its unit's name. */
export type FoundItem = ItemRecord & { unitName: string };

export type ItemSearch = {
  /** Every word must occur in the title or the body (case-insensitive for Latin letters). */
  words: string[];
  /** Created in [from, to) when given. */
  range?: { from: Date; to: Date };
  /** Newest first: skip this many, return at most `take`. */
  skip: number;
  take: number;
};

/** A leader's instruction (批示) on an item as /item shows it, with the unit's feedback. */
export type ItemInstruction = {
  id: number;
  leaderName: string;
  text: string;
  createdAt: Date;
  status: 'open' | 'resolved';
  resolvedAt: Date | null;
  feedback: { text: string; authorName: string; at: Date }[];
};

export interface ItemsRepo {
  create(item: NewItem): Promise<ItemRecord>;
  byId(id: number): Promise<ItemRecord | null>;
  /** The author's items, newest first, at most `limit`. */
  byAuthor(authorId: number, limit: number): Promise<ItemRecord[]>;
  /** The unit's latest item created at or after `since` with exactly this title, except returned and withdrawn ones; null if none. */
  sameTitleSince(unitId: number, title: string, since: Date): Promise<ItemRecord | null>;
  /** Items matching every filter given (statuses, author, unit), newest first, at most `limit`. */
  list(filter: { statuses?: ItemStatus[]; authorId?: number; unitId?: number }, limit: number): Promise<ItemRecord[]>;
  /**
   * Replaces the item's text with a new version, only if it is still at `fromVersion` and in one
   * of `from` (else false and nothing changes). The caller stores the replaced text with `addVersion`.
   */
  revise(itemId: number, fromVersion: number, from: ItemStatus[], change: ItemRevision): Promise<boolean>;
  /** Keeps a replaced version's text (who wrote it, when). */
  addVersion(version: Omit<ItemVersionRecord, 'editedByName'>): Promise<void>;
  /** The item's earlier versions, oldest first. */
  versions(itemId: number): Promise<ItemVersionRecord[]>;
  /** Who wrote the current version and when: the last edit's editor, or null when never edited. */
  lastEdit(itemId: number): Promise<{ personId: number; name: string; at: Date } | null>;
  /** Marks the item withdrawn at `at`, only if it is still in one of `from` (else false). */
  withdraw(itemId: number, from: ItemStatus[], at: Date): Promise<boolean>;
  /**
   * A withdrawn item no longer answers its commission: the unit's answer passes to the unit's
   * earliest other item on that commission that is not withdrawn, or is cleared (so the unit is
   * chased again). Returns what became of it: 'moved', 'cleared', or 'none' when the item was not the answer.
   */
  releaseCommissionAnswer(itemId: number): Promise<'moved' | 'cleared' | 'none'>;
  /** The instructions on the item, oldest first, each with its feedback oldest first. */
  instructionsOn(itemId: number): Promise<ItemInstruction[]>;
  /** Items whose title or body holds every word, newest first, one page, and how many match in all. */
  search(query: ItemSearch): Promise<{ items: FoundItem[]; total: number }>;
}
