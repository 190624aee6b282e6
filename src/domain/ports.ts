/**
 * The ports the domain is handed. The store's implementation lives in src/store; tests use the
 * real one against a fresh SQLite file. `Store.transaction` runs its function atomically: every
 * write inside commits together or not at all.
 */
import type { OutMessage } from './notify/message.ts';
import type { Rules } from './rules/schema.ts';
import type { Category, ItemStatus, PeriodKind, Role, Severity, UnitKind } from './vocabulary.ts';
import type { LeaderLevel, Locale } from './vocabulary.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * What every use case and job is handed; each declares the part it reads with `Pick<DomainDeps, …>`.
 * `rulesVersion` (0 for the built-in defaults) is stamped on whatever the rules price or time.
 */
export type DomainDeps = { store: Store; clock: Clock; rules: Rules; rulesVersion: number; timezone: string };

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
  locale: Locale | null;
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

export type NewInstruction = Pick<
  InstructionRecord,
  'itemId' | 'leaderName' | 'leaderLevel' | 'text' | 'bonusPoints' | 'dueAt' | 'createdById' | 'createdAt'
> & {
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

/** A leave (请假): the person gets no non-urgent reminders in [from, until) and does not count against the unit's pace. */
export type LeaveRecord = { id: number; personId: number; from: Date; until: Date; setBy: string };

/** A target of a unit or of a person (a person's comes with who they are). */
export type OwnTarget = {
  unitId: number | null;
  person: { id: number; name: string; unitId: number | null; active: boolean } | null;
  periodKind: PeriodKind;
  submitted: number | null;
  adopted: number | null;
};

/** A reporter or lead of a reporting unit, as the reminder sweep needs them. */
export type UnitMember = { personId: number; name: string; unitId: number; reporter: boolean; lead: boolean };

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
    setLocale(personId: number, locale: Locale): Promise<void>;
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

  /**
   * Reminders (src/store/repos/reminders.ts): leave and snooze, batch reads and writes of the
   * nudge ledger for a reminder sweep, and the figures the quota reminders are computed from.
   */
  reminders: {
    /** Records a leave [from, until) for a person; leaves of theirs that overlap it are replaced. */
    addLeave(leave: { personId: number; from: Date; until: Date; setBy: string }): Promise<void>;
    /** Ends a person's leave at `at`: a current one is cut short to end at `at`, later ones are removed; how many changed. */
    endLeave(personId: number, at: Date): Promise<number>;
    /** Leaves that overlap [from, to), of everyone or of the people named, earliest first. */
    leavesDuring(from: Date, to: Date, personIds?: number[]): Promise<LeaveRecord[]>;
    /** Holds a person's reminders of `kind` ('*': every non-urgent kind) until `until`, replacing a snooze of the same kind. */
    snooze(personId: number, kind: string, until: Date): Promise<void>;
    /** Snoozes still running at `at`, of everyone or of the people named. */
    snoozesAt(at: Date, personIds?: number[]): Promise<{ personId: number; kind: string; until: Date }[]>;
    /** Which of these ledger keys (`nudgeKey`) are recorded already: one read for a whole sweep. */
    claimedKeys(keys: string[]): Promise<Set<string>>;
    /**
     * Records every key in the ledger (multi-row statements, in the caller's transaction); false
     * when one of them was recorded already, e.g. by a second instance just now: the caller's
     * transaction must then roll back.
     */
    claimAll(keys: { kind: string; subject: string; slot: string; recipientId: number }[], at: Date): Promise<boolean>;
    /** Per subject and recipient, how many reminders of `kind` the ledger holds (recorded at or after `since`). */
    sentCounts(kind: string, subjects: string[], since?: Date): Promise<{ subject: string; recipientId: number; count: number }[]>;
    /** The chat accounts of these people, to address a batch of messages. */
    identitiesOf(personIds: number[]): Promise<{ personId: number; platform: string; chatId: string }[]>;
    /** Queues many outbox messages in multi-row statements (see `outbox.enqueue`). */
    enqueueAll(entries: { personId: number; platform: string; chatId: string; message: OutMessage; at: Date }[]): Promise<void>;
    /** The active people of the reporting units who are reporters or leads (name, unit, which of the two). */
    unitMembers(): Promise<UnitMember[]>;
    /** Every unit's and person's own targets (org file, Target rows); a person's with their name, unit and whether they are active. */
    ownTargets(): Promise<OwnTarget[]>;
    /** Items submitted (by submittedAt) in [from, to), counted per unit and author. */
    submittedCounts(from: Date, to: Date): Promise<{ unitId: number; authorId: number; count: number }[]>;
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

  /**
   * Scores (src/store/repos/scoring.ts): the figures behind points and rankings, each read as
   * one grouped statement; the corrections that change them (an adoption withdrawn, a bonus taken back).
   */
  scoring: {
    /** Per unit with anything in `range`: see UnitFigures for what is counted by which time. */
    unitFigures(range: TimeRange): Promise<UnitFigures[]>;
    /** Per person with anything in `range`, credited to the item's author by name (实名制): see PersonFigures. */
    personFigures(range: TimeRange): Promise<PersonFigures[]>;
    /** Every unit's own target for one kind of period (units without one are absent). */
    unitTargets(periodKind: PeriodKind): Promise<{ unitId: number; submitted: number | null; adopted: number | null }[]>;
    /** Marks the item's adoption by the publication deleted, only if it is not deleted yet; what it was, or null. */
    deleteAdoption(itemId: number, publicationCode: string, at: Date): Promise<{ points: number; adoptedAt: Date } | null>;
    /** Deletes the awards recorded with exactly this reason; their points in total (0 when there were none). */
    removeAwards(reason: string): Promise<number>;
    /** The non-deleted adoptions in `range` (by adoption time), oldest first, with their item, unit and author. */
    adoptions(range: TimeRange): Promise<AdoptionDetail[]>;
    /** Urgent first reports in `range` (by report time) and missed reports (by event time), oldest first. */
    urgent(range: TimeRange): Promise<{ reports: UrgentDetail[]; misses: MissDetail[] }>;
  };

  /** Circulars sent (src/store/repos/circulars.ts): one row per kind and period key, with its snapshot. */
  circulars: {
    exists(kind: string, periodKey: string): Promise<boolean>;
    /** Records a circular; its id, or null (nothing written) when this kind and key are recorded already. */
    add(run: { kind: string; periodKey: string; sentAt: Date; snapshot: unknown }): Promise<number | null>;
    /** Every circular of one kind, without snapshots, oldest first. */
    list(kind: string): Promise<{ id: number; periodKey: string; sentAt: Date }[]>;
    /** A circular's snapshot (parsed JSON), or null if there is none with that id. */
    snapshot(id: number): Promise<unknown>;
    /**
     * Queues each message for every chat account of each of its people, as notifyPeople does, but
     * in a few statements (a province's circular goes to thousands); run it inside `transaction`.
     * Returns how many messages were queued.
     */
    queue(messages: { personIds: number[]; message: OutMessage }[], at: Date): Promise<number>;
  };
}

/**
 * A unit's figures for a time range: items submitted (by submittedAt), distinct items adopted and
 * the points of their adoptions (non-deleted adoptions by adoptedAt), awards (by awardedAt: manual
 * awards and deductions, the negative-feedback bonus), leader-instruction bonuses (by createdAt),
 * late first reports (by reportedAt) and missed reports (by occurredAt).
 */
export type UnitFigures = {
  unitId: number;
  submitted: number;
  adopted: number;
  adoptionPoints: number;
  awardPoints: number;
  instructionPoints: number;
  lateUrgent: number;
  missedUrgent: number;
};

/** A person's figures: their items, the adoptions and instruction bonuses of their items, and awards made to them. */
export type PersonFigures = {
  personId: number;
  name: string;
  unitName: string | null;
  submitted: number;
  adopted: number;
  adoptionPoints: number;
  awardPoints: number;
  instructionPoints: number;
};

export type AdoptionDetail = {
  itemId: number;
  title: string;
  unitId: number;
  unitName: string;
  authorName: string;
  publicationCode: string;
  level: string;
  points: number;
  adoptedAt: Date;
};

export type UrgentDetail = {
  id: number;
  unitId: number;
  unitName: string;
  severity: Severity;
  occurredAt: Date;
  reportedAt: Date;
  delayMinutes: number;
  late: boolean;
  status: 'open' | 'closed';
  followUps: number;
};

export type MissDetail = { id: number; unitId: number; unitName: string; occurredAt: Date };

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
