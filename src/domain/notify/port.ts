/** The outbox: messages queued in the transaction that caused them, sent later by the dispatcher. */
import type { OutMessage } from './message.ts';

/**
 * A message's lane: the dispatcher sends the lanes in this order, and by id within a lane.
 * `urgent`: urgent alerts, follow-ups and chasers; `reply`: an answer to what someone just did
 * in a chat, when it goes through the outbox; `normal`: one person's notices (review decisions,
 * instructions, commissions, their chasers, leave); `bulk`: what goes to many at once (circulars,
 * quota reminders, digests). See docs/architecture.md, "The outbox".
 */
export const LANES = ['urgent', 'reply', 'normal', 'bulk'] as const;
export type Lane = (typeof LANES)[number];

export type OutboxEntry = { personId: number | null; platform: string; chatId: string; message: OutMessage; at: Date; lane?: Lane };

export type OutboxRow = {
  id: number;
  personId: number | null;
  platform: string;
  chatId: string;
  message: OutMessage;
  attempts: number;
  lane: Lane;
};

export interface OutboxRepo {
  enqueue(entry: OutboxEntry): Promise<void>;
  /** Queues many messages in multi-row statements (run it inside `transaction`); entries sharing one message object share its serialised form. */
  enqueueAll(entries: OutboxEntry[]): Promise<void>;
  /**
   * Claims up to `limit` messages due at `now` for this dispatcher, the most urgent lane first
   * (`LANES`), by id within a lane, and at most `bulkLimit` of the bulk lane. Each claimed row is
   * leased until `leaseUntil`, so a second dispatcher on the same database does not take it too.
   * Within a lane a chat's messages go in order: one waits while an earlier one of the same lane
   * to the same chat is pending but not due; a message of another lane does not hold it back.
   */
  claimDue(now: Date, leaseUntil: Date, limit: number, bulkLimit?: number): Promise<OutboxRow[]>;
  markSent(id: number, at: Date): Promise<void>;
  retryLater(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  markDead(id: number, error: string): Promise<void>;
  counts(): Promise<{ pending: number; sent: number; dead: number }>;
}
