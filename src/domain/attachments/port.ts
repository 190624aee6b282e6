/**
 * Attachments (附件): photos, documents, videos and locations sent with an item, an urgent report
 * or one of its updates (docs/attachments.md). The row says what and where from; the bytes are in
 * the file store under `hash`.
 */
export const ATTACHMENT_KINDS = ['photo', 'document', 'video', 'location'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/**
 * The rules' `attachments` section when an office says nothing (docs/rules.md). Our choice: 20 MB,
 * the largest file a Telegram bot may download; ten files with one submission; every kind and any
 * document type.
 */
export const ATTACHMENT_DEFAULTS: { maxBytes: number; maxPerSubmission: number; kinds: AttachmentKind[]; documentTypes: string[] } = {
  maxBytes: 20 * 1024 * 1024,
  maxPerSubmission: 10,
  kinds: [...ATTACHMENT_KINDS],
  documentTypes: [],
};

/** What an attachment belongs to: exactly one of these. */
export type AttachmentOwner = { itemId: number } | { urgentReportId: number } | { urgentUpdateId: number };

export type AttachmentRecord = {
  id: number;
  kind: AttachmentKind;
  /** SHA-256 of the bytes in the file store; null for a location. */
  hash: string | null;
  size: number;
  mime: string | null;
  fileName: string | null;
  latitude: number | null;
  longitude: number | null;
  /** Where it came from (`telegram:<file_unique_id>`, `slack:<file id>`, …), when a platform gave it. */
  sourceKey: string | null;
  itemId: number | null;
  urgentReportId: number | null;
  urgentUpdateId: number | null;
  addedById: number;
  createdAt: Date;
};

export type NewAttachment = Omit<AttachmentRecord, 'id' | 'createdAt' | 'itemId' | 'urgentReportId' | 'urgentUpdateId'>;

export interface AttachmentsRepo {
  add(owner: AttachmentOwner, attachments: NewAttachment[], at: Date): Promise<AttachmentRecord[]>;
  /** In the order they were added. */
  listFor(owner: AttachmentOwner): Promise<AttachmentRecord[]>;
  /** An urgent report's own attachments and those of its updates, in the order they were added. */
  listForReport(reportId: number): Promise<AttachmentRecord[]>;
  /** Counts by item, for lists and the export. */
  countByItem(itemIds: number[]): Promise<Map<number, number>>;
  /** The content already fetched from this platform file, if any: it is never fetched twice. */
  bySourceKey(sourceKey: string): Promise<{ hash: string; size: number; mime: string | null } | null>;
}
