/**
 * The ports the domain is handed. The store's implementation lives in src/store; tests use the
 * real one against a fresh SQLite file. `Store.transaction` runs its function atomically: every
 * write inside commits together or not at all.
 */
import type { OutMessage } from './notify/message.ts';
import type { Category, ItemStatus, PeriodKind, Role, Severity, UnitKind } from './vocabulary.ts';
import type { LeaderLevel } from './vocabulary.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type UnitRecord = {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  signOff: boolean;
  active: boolean;
};

export type PersonRecord = {
  id: number;
  code: string;
  name: string;
  unit: UnitRecord | null;
  roles: Role[];
  locale: 'zh-CN' | 'en' | null;
  leaderLevel: string | null;
  active: boolean;
};

export type TargetSpec = { periodKind: PeriodKind; submitted: number | null; adopted: number | null };

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

export type Identity = { platform: string; platformUserId: string; chatId: string };

export type UnitSpec = { code: string; name: string; kind: UnitKind; signOff: boolean; targets: TargetSpec[] };
export type PersonSpec = { code: string; name: string; unitCode: string | null; roles: Role[]; leaderLevel: string | null };

export type UnitCounts = { unitId: number; submitted: number; adopted: number; points: number };

export type OutboxRow = {
  id: number;
  personId: number | null;
  platform: string;
  chatId: string;
  message: OutMessage;
  attempts: number;
};

export type UrgentRecord = {
  id: number;
  unit: UnitRecord;
  reporterId: number;
  what: string;
  place: string | null;
  occurredAt: Date;
  reportedAt: Date;
  severity: Severity;
  casualties: string | null;
  delayMinutes: number;
  late: boolean;
  status: 'open' | 'closed';
  nextDueAt: Date | null;
  closedAt: Date | null;
  updates: number;
};

export type NewUrgent = Omit<UrgentRecord, 'id' | 'unit' | 'updates' | 'closedAt' | 'status'> & { unitId: number; rulesVersion: number };

/** A leader's instruction (批示) on an item and the follow-up it opens for the item's unit. */
export type InstructionRecord = {
  id: number;
  itemId: number;
  itemTitle: string;
  unit: UnitRecord;
  leaderName: string;
  leaderLevel: LeaderLevel;
  text: string;
  bonusPoints: number;
  status: 'open' | 'resolved';
  dueAt: Date;
  createdById: number | null;
  createdAt: Date;
  resolvedAt: Date | null;
  feedbackCount: number;
  /** When the unit last reported progress (反馈), or null. */
  lastFeedbackAt: Date | null;
};

export type NewInstruction = Pick<InstructionRecord, 'itemId' | 'leaderName' | 'leaderLevel' | 'text' | 'bonusPoints' | 'dueAt' | 'createdById' | 'createdAt'> & {
  unitId: number;
  rulesVersion: number;
};

/** A commission (约稿): a topic asked of some units by a due time, and each unit's answer. */
export type CommissionRecord = {
  id: number;
  topic: string;
  dueAt: Date;
  status: 'open' | 'withdrawn';
  createdById: number | null;
  createdAt: Date;
  units: { unit: UnitRecord; answeredAt: Date | null; answerItemId: number | null }[];
};

export interface Store {
  /** Runs `work` in one transaction; everything it writes commits together or not at all. */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;

  units: {
    byCode(code: string): Promise<UnitRecord | null>;
    byId(id: number): Promise<UnitRecord | null>;
    list(): Promise<UnitRecord[]>;
    targets(unitId: number): Promise<TargetSpec[]>;
    /** Creates or updates a unit and replaces its targets; returns whether anything changed. */
    upsert(spec: UnitSpec): Promise<boolean>;
  };

  people: {
    byId(id: number): Promise<PersonRecord | null>;
    byCode(code: string): Promise<PersonRecord | null>;
    byIdentity(platform: string, platformUserId: string): Promise<PersonRecord | null>;
    withRole(role: Role, unitId?: number): Promise<PersonRecord[]>;
    /** Creates or updates a person and sets their roles exactly; returns whether anything changed. */
    upsert(spec: PersonSpec): Promise<boolean>;
    setLocale(personId: number, locale: 'zh-CN' | 'en'): Promise<void>;
    /** Whether the person has at least one bound chat account. */
    isBound(personId: number): Promise<boolean>;
  };

  identities: {
    forPerson(personId: number): Promise<Identity[]>;
    bind(personId: number, identity: Identity): Promise<void>;
  };

  invites: {
    create(personId: number, codeHash: string, expiresAt: Date): Promise<void>;
    byHash(codeHash: string): Promise<{ id: number; personId: number; expiresAt: Date; usedAt: Date | null } | null>;
    /** Marks the invite used only if it is still unused; returns false if someone used it first. */
    markUsed(id: number, at: Date): Promise<boolean>;
    /** Expires a person's unused invites (a new one replaces them). */
    revokeUnused(personId: number, at: Date): Promise<void>;
  };

  items: {
    create(item: NewItem): Promise<ItemRecord>;
    byId(id: number): Promise<ItemRecord | null>;
    byAuthor(authorId: number, limit: number): Promise<ItemRecord[]>;
  };

  stats: {
    /** Per unit: items submitted in [from, to), distinct items adopted in [from, to), and points: adoptions in [from, to) plus awards (bonuses, deductions) awarded in [from, to). */
    unitCounts(from: Date, to: Date): Promise<UnitCounts[]>;
    /** Per unit: late first reports (迟报, by report time) and missed reports (漏报, by event time) in [from, to). */
    urgentLapses(from: Date, to: Date): Promise<{ unitId: number; late: number; missed: number }[]>;
  };

  conversations: {
    /** `key` names one person's conversation in one chat. */
    get(platform: string, key: string): Promise<{ flow: string; data: string } | null>;
    save(platform: string, key: string, state: { personId: number | null; flow: string; data: string }): Promise<void>;
    clear(platform: string, chatId: string): Promise<void>;
  };

  processed: {
    /** Records a platform update as processed; false if it was processed before (a redelivery). */
    markOnce(platform: string, updateId: string): Promise<boolean>;
    /** Forgets an update whose handling failed, so its redelivery is processed. */
    forget(platform: string, updateId: string): Promise<void>;
  };

  urgent: {
    create(report: NewUrgent): Promise<UrgentRecord>;
    byId(id: number): Promise<UrgentRecord | null>;
    /** Open reports, soonest follow-up due first. */
    listOpen(): Promise<UrgentRecord[]>;
    /** Open reports whose follow-up was due at or before `at`. */
    overdue(at: Date): Promise<UrgentRecord[]>;
    addUpdate(update: { reportId: number; kind: 'followup' | 'final'; text: string; authorId: number; at: Date }): Promise<void>;
    setNextDue(reportId: number, nextDueAt: Date): Promise<void>;
    close(reportId: number, at: Date): Promise<void>;
    recordMiss(miss: { unitId: number; occurredAt: Date; note: string; recordedById: number; at: Date }): Promise<number>;
  };

  outbox: {
    enqueue(entry: { personId: number | null; platform: string; chatId: string; message: OutMessage; at: Date }): Promise<void>;
    /**
     * Claims up to `limit` messages due at `now` for this dispatcher: each claimed row is leased
     * until `leaseUntil`, so a second dispatcher on the same database does not take it too.
     */
    claimDue(now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]>;
    markSent(id: number, at: Date): Promise<void>;
    retryLater(id: number, nextAttemptAt: Date, error: string): Promise<void>;
    markDead(id: number, error: string): Promise<void>;
    counts(): Promise<{ pending: number; sent: number; dead: number }>;
  };

  nudges: {
    /** Records the reminder in the ledger; false if it was recorded before (already sent). */
    claim(key: { kind: string; subject: string; slot: string; recipientId: number }, at: Date): Promise<boolean>;
    count(kind: string, subject: string, recipientId?: number): Promise<number>;
  };

  settings: {
    get(key: string): Promise<string | null>;
    set(key: string, value: string): Promise<void>;
  };

  /** Review, adoption and sign-off (src/store/repos/review.ts). */
  review: {
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
  };

  /** Leader instructions and their follow-ups (src/store/repos/instructions.ts). */
  instructions: {
    create(instruction: NewInstruction): Promise<InstructionRecord>;
    byId(id: number): Promise<InstructionRecord | null>;
    /** Open instructions, of one unit or of all, soonest due first. */
    listOpen(unitId?: number): Promise<InstructionRecord[]>;
    addFeedback(feedback: { instructionId: number; authorId: number; text: string; at: Date }): Promise<{ id: number; at: Date }>;
    /** Resolves an instruction only if it is still open; false if it was not. */
    resolve(id: number, at: Date): Promise<boolean>;
    /** Per unit: the bonus points of instructions recorded (createdAt) in [from, to). */
    bonusPoints(from: Date, to: Date): Promise<{ unitId: number; points: number }[]>;
  };

  /** Commissions (约稿) and their units' answers (src/store/repos/commissions.ts). */
  commissions: {
    /** Creates the commission and one row per unit in one statement. */
    create(commission: { topic: string; dueAt: Date; createdById: number | null; createdAt: Date; unitIds: number[] }): Promise<CommissionRecord>;
    byId(id: number): Promise<CommissionRecord | null>;
    /** Open (not withdrawn) commissions, soonest due first. */
    listOpen(): Promise<CommissionRecord[]>;
    /** Open commissions asked of the unit that it has not answered yet, soonest due first. */
    openForUnit(unitId: number): Promise<CommissionRecord[]>;
    /** Records the unit's answer only if it has not answered yet; false if it had. */
    markAnswered(answer: { commissionId: number; unitId: number; itemId: number; at: Date }): Promise<boolean>;
    /** Withdraws a commission only if it is still open; false if it was not. */
    withdraw(id: number): Promise<boolean>;
  };

  audit: {
    record(entry: { at: Date; actor: string; action: string; subject: string; before?: unknown; after?: unknown }): Promise<void>;
    /** Entries at or after `since` (all when undefined), oldest first. */
    list(since?: Date): Promise<AuditEntry[]>;
  };

  /**
   * The office's rules as numbered versions (the highest is in force; older ones are kept for
   * history), and the re-pricing of points already earned. Each reprice call is one statement;
   * run them inside `transaction` to change points atomically.
   */
  rules: {
    /** The highest version and its rules as stored (a JSON value), or null before any is loaded. */
    active(): Promise<{ version: number; rules: unknown } | null>;
    /** Stores `rules` as `version`; false when that version exists already (another load came first). */
    add(version: number, rules: unknown, loadedBy: string, at: Date): Promise<boolean>;
    /** Every stored version, oldest first, without the rules themselves. */
    list(): Promise<RulesVersionRecord[]>;
    /** Points of the non-deleted adoptions (by adoption time) and of the instruction bonuses (by creation time) in `range`, all time when undefined. */
    pointsTotals(range?: TimeRange): Promise<{ adoptions: number; instructions: number }>;
    /** Sets points and rulesVersion of the non-deleted adoptions by `publicationCode` in `range` where either differs; how many rows changed. */
    repriceAdoptions(publicationCode: string, points: number, rulesVersion: number, range?: TimeRange): Promise<number>;
    /** Sets bonusPoints and rulesVersion of the instructions by leaders of `leaderLevel` in `range` where either differs; how many rows changed. */
    repriceInstructions(leaderLevel: string, points: number, rulesVersion: number, range?: TimeRange): Promise<number>;
    /** How many non-deleted adoptions in `range` are by a publication whose code is not in `codes`. */
    countAdoptionsOutside(codes: string[], range?: TimeRange): Promise<number>;
  };
}

/** An instant range [from, to). */
export type TimeRange = { from: Date; to: Date };

export type RulesVersionRecord = { version: number; loadedAt: Date; loadedBy: string | null };

export type AuditEntry = { id: number; at: Date; actor: string; action: string; subject: string; before: unknown; after: unknown };

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

export type NewAward = { unitId: number | null; personId: number | null; points: number; reason: string; awardedAt: Date; recordedById: number | null };
