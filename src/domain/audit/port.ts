/** The append-only audit log: who changed what, when, with what it was before and after. */

export type AuditEntry = { id: number; at: Date; actor: string; action: string; subject: string; before: unknown; after: unknown };

export interface AuditRepo {
  record(entry: { at: Date; actor: string; action: string; subject: string; before?: unknown; after?: unknown }): Promise<void>;
  /** Entries at or after `since` (all when undefined), oldest first. */
  list(since?: Date): Promise<AuditEntry[]>;
  /** When `action` was first recorded (null if never). */
  firstAt(action: string): Promise<Date | null>;
}
