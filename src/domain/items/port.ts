/** Items (稿件) as reporters submit them, with their adoptions. */
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
  adoptions: { publicationCode: string; points: number; adoptedAt: Date }[];
};

export type NewItem = Omit<ItemRecord, 'id' | 'reviewNote' | 'adoptions'>;

export interface ItemsRepo {
  create(item: NewItem): Promise<ItemRecord>;
  byId(id: number): Promise<ItemRecord | null>;
  /** The author's items, newest first, at most `limit`. */
  byAuthor(authorId: number, limit: number): Promise<ItemRecord[]>;
  /** The unit's latest item created at or after `since` with exactly this title, except returned ones; null if none. */
  sameTitleSince(unitId: number, title: string, since: Date): Promise<ItemRecord | null>;
}
