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

/**
 * `pending` until sent; `sent`; `dead` when given up (a non-urgent message after its last attempt,
 * or a chat that refuses messages for good); `cancelled` for an urgent message whose report was
 * closed before it could be delivered. Dead and cancelled ones can be queued again by hand.
 */
export const OUTBOX_STATUSES = ['pending', 'sent', 'dead', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export type OutboxEntry = {
  personId: number | null;
  platform: string;
  chatId: string;
  message: OutMessage;
  at: Date;
  lane?: Lane;
  /** What the message is about, e.g. `urgent:12` (see `urgentSubject`); an urgent report's messages stop once it is closed. */
  subject?: string | null;
  /** Set on a message that is itself an escalation (a copy to another platform, a notice to the office): it is never escalated again. */
  escalatedAt?: Date;
};

export type OutboxRow = {
  id: number;
  personId: number | null;
  platform: string;
  chatId: string;
  message: OutMessage;
  attempts: number;
  lane: Lane;
  subject: string | null;
  createdAt: Date;
  /** When an attempt first failed (null while none has). */
  failingSince: Date | null;
  escalatedAt: Date | null;
  /** It was being sent when the dispatcher holding it died: it may have arrived already. */
  wasInFlight: boolean;
};

/** A message as `xinbao outbox list` shows it. */
export type OutboxListing = OutboxRow & { status: OutboxStatus; nextAttemptAt: Date; lastError: string | null; sentAt: Date | null };

/** A message of the same person with the same content on another chat account (the fan-out of one notice, or its copy). */
export type OutboxSibling = { id: number; platform: string; chatId: string; status: OutboxStatus; escalatedAt: Date | null };

/**
 * Tells, in this process, that messages were queued in the outbox (or became due again): emitted
 * as `written` once the transaction that wrote them has committed, so the dispatcher sends them
 * at once rather than at its next look (docs/architecture.md, "The outbox"). An EventEmitter is one.
 */
export interface OutboxWrites {
  on(event: 'written', listener: () => void): unknown;
  off(event: 'written', listener: () => void): unknown;
}

export interface OutboxRepo {
  enqueue(entry: OutboxEntry): Promise<void>;
  /** Queues many messages in multi-row statements (run it inside `transaction`); entries sharing one message object share its serialised form. */
  enqueueAll(entries: OutboxEntry[]): Promise<void>;
  /**
   * Claims up to `limit` messages due at `now` for the dispatcher `holder`, the most urgent lane
   * first (`LANES`), by id within a lane, and at most `bulkLimit` of the bulk lane. Each claimed
   * row is leased to `holder` until `leaseUntil`, so a second dispatcher on the same database does
   * not take it too. Within a lane a chat's messages go in order: one waits while an earlier one
   * of the same lane to the same chat is pending but not due; a message of another lane does not
   * hold it back.
   */
  claimDue(now: Date, leaseUntil: Date, limit: number, bulkLimit?: number, holder?: string): Promise<OutboxRow[]>;
  /** Claimed → sending, written just before the platform call; false when `holder` no longer holds it (its lease was taken back). */
  markSending(id: number, holder: string, at: Date): Promise<boolean>;
  markSent(id: number, at: Date): Promise<void>;
  /**
   * Sends it again at `nextAttemptAt`, the lease given up; `failedAt` (an attempt failed) starts
   * its `failingSince` if not yet set; `uncounted`: it was not tried (its platform cannot send
   * here, or it waits behind an earlier message), so the attempt its claim counted is given back.
   */
  retryLater(id: number, nextAttemptAt: Date, error: string, failedAt?: Date, options?: { uncounted?: boolean }): Promise<void>;
  markDead(id: number, error: string): Promise<void>;
  /** Stops a pending message for good (its urgent report was closed). */
  cancel(id: number, reason: string): Promise<void>;
  counts(): Promise<{ pending: number; sent: number; dead: number }>;
  /** Dead messages per lane. */
  deadByLane(): Promise<Record<Lane, number>>;
  /** The messages not sent (pending, dead, cancelled), counted by status, lane and platform; combinations with none are left out. */
  unsent(): Promise<{ status: OutboxStatus; lane: Lane; platform: string; count: number }[]>;
  /**
   * Pending urgent messages not yet escalated to a chat whose urgent messages have been failing
   * since `cutoff` or earlier: their recipient cannot be reached.
   */
  unreachable(cutoff: Date): Promise<OutboxRow[]>;
  /** The other rows of the same person with the same content and subject (the same message on their other accounts). */
  siblingsOf(row: Pick<OutboxRow, 'id' | 'personId' | 'message' | 'subject'>): Promise<OutboxSibling[]>;
  /** Marks a message escalated; false when it already was (so the office is told once). */
  markEscalated(id: number, at: Date): Promise<boolean>;
  byId(id: number): Promise<OutboxListing | null>;
  /** Messages in these statuses, oldest first. */
  list(statuses: readonly OutboxStatus[]): Promise<OutboxListing[]>;
  /** Queues dead or cancelled messages again, due at `at` with their attempts reset; how many. */
  requeue(ids: number[] | 'dead', at: Date): Promise<number>;
  /** The dispatchers holding a lease on a pending message. */
  leaseHolders(): Promise<string[]>;
  /** Takes back every lease of these dispatchers: their messages are due at `now`. How many. */
  releaseLeases(holders: string[], now: Date): Promise<number>;
}

/** A running dispatcher's heartbeat. */
export type DispatcherBeat = { id: string; host: string; pid: number; startedAt: Date; beatAt: Date };

export interface DispatchersRepo {
  beat(beat: DispatcherBeat): Promise<void>;
  all(): Promise<DispatcherBeat[]>;
  forget(ids: string[]): Promise<void>;
}
