/** What the chat layer keeps between updates: each conversation's state, and the updates already processed. */

export interface ConversationsRepo {
  /** `key` names one person's conversation in one chat. */
  get(platform: string, key: string): Promise<{ flow: string; data: string } | null>;
  save(platform: string, key: string, state: { personId: number | null; flow: string; data: string }): Promise<void>;
  clear(platform: string, chatId: string): Promise<void>;
}

export interface ProcessedRepo {
  /** Records a platform update as processed; false if it was processed before (a redelivery). */
  markOnce(platform: string, updateId: string): Promise<boolean>;
  /** Forgets an update whose handling failed, so its redelivery is processed. */
  forget(platform: string, updateId: string): Promise<void>;
}

/** An update taken from a platform and kept until it is handled: its id, its chat and the update as the platform sent it. */
export type InboundRecord = { updateId: string; chatId: string; payload: string };

export interface InboxRepo {
  /** Keeps these updates (one statement; one already kept is left as it is). Throws when they cannot be written. */
  record(platform: string, updates: InboundRecord[]): Promise<void>;
  /** The update was handled: forget it. */
  done(platform: string, updateId: string): Promise<void>;
  /** Updates kept but not yet handled, oldest first. */
  pending(platform: string, limit: number): Promise<InboundRecord[]>;
}
