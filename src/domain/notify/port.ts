/** The outbox: messages queued in the transaction that caused them, sent later by the dispatcher. */
import type { OutMessage } from './message.ts';

export type OutboxEntry = { personId: number | null; platform: string; chatId: string; message: OutMessage; at: Date };

export type OutboxRow = {
  id: number;
  personId: number | null;
  platform: string;
  chatId: string;
  message: OutMessage;
  attempts: number;
};

export interface OutboxRepo {
  enqueue(entry: OutboxEntry): Promise<void>;
  /** Queues many messages in multi-row statements (run it inside `transaction`); entries sharing one message object share its serialised form. */
  enqueueAll(entries: OutboxEntry[]): Promise<void>;
  /**
   * Claims up to `limit` messages due at `now` for this dispatcher: each claimed row is leased
   * until `leaseUntil`, so a second dispatcher on the same database does not take it too.
   */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]>;
  markSent(id: number, at: Date): Promise<void>;
  retryLater(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  markDead(id: number, error: string): Promise<void>;
  counts(): Promise<{ pending: number; sent: number; dead: number }>;
}
