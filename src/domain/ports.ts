/**
 * The ports the domain is handed. The store's implementation lives in src/store; tests use the
 * real one against a fresh SQLite file. `Store.transaction` runs its function atomically: every
 * write inside commits together or not at all.
 */
import type { OutMessage } from './notify/message.ts';
import type { Category, ItemStatus, PeriodKind, Role, Severity, UnitKind } from './vocabulary.ts';

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
    /** Per unit: items submitted in [from, to), distinct items adopted and adoption points in [from, to). */
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

  audit: {
    record(entry: { at: Date; actor: string; action: string; subject: string; before?: unknown; after?: unknown }): Promise<void>;
  };
}
