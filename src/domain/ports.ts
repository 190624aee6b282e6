/**
 * The ports the domain is handed: the clock, and the store assembled from each feature's
 * repository (`<feature>/port.ts` declares the records and the repository that feature needs).
 * The store's implementation lives in src/store; tests use the real one against a fresh SQLite file.
 */
import type { IdentitiesRepo, InvitesRepo } from './accounts/port.ts';
import type { AttachmentsRepo } from './attachments/port.ts';
import type { AuditRepo } from './audit/port.ts';
import type { BulletinsRepo } from './bulletins/port.ts';
import type { ConversationsRepo, InboxRepo, ProcessedRepo } from './chatState/port.ts';
import type { CircularsRepo } from './circulars/port.ts';
import type { CommissionsRepo } from './commissions/port.ts';
import type { FileStore } from './files/port.ts';
import type { LeasesRepo, SchedulerMinutesRepo } from './instances/port.ts';
import type { InstructionsRepo } from './instructions/port.ts';
import type { ItemsRepo } from './items/port.ts';
import type { DispatchersRepo, OutboxRepo } from './notify/port.ts';
import type { OverviewRepo } from './overview/port.ts';
import type { PeopleRepo, UnitsRepo } from './org/port.ts';
import type { QuotaRepo } from './quota/port.ts';
import type { LeaveRepo, NudgesRepo, SnoozesRepo } from './reminders/port.ts';
import type { ReviewRepo } from './review/port.ts';
import type { RulesRepo } from './rules/port.ts';
import type { Rules } from './rules/schema.ts';
import type { ScoringRepo } from './scoring/port.ts';
import type { SettingsRepo } from './settings/port.ts';
import type { UrgentRepo } from './urgent/port.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** An instant range [from, to). */
export type TimeRange = { from: Date; to: Date };

/**
 * What every use case and job is handed; each declares the part it reads with `Pick<DomainDeps, …>`.
 * `rulesVersion` (0 for the built-in defaults) is stamped on whatever the rules price or time.
 */
export type DomainDeps = { store: Store; clock: Clock; rules: Rules; rulesVersion: number; timezone: string };

/** The data the domain reads and writes, one repository per namespace. */
export interface Store {
  /**
   * Runs `work` in one transaction on a store bound to it; its result is returned.
   *
   * The one transaction rule: everything `work` writes commits together, or not at all. It rolls
   * back when `work` throws, and also when `work` resolves to a failed `Result` (`ok: false`): a
   * refusal found after a write stores nothing, and the failure is returned as the result. So a
   * use case that returns a failure has changed nothing. Called on a store already inside a
   * transaction, `transaction` just runs `work` in that same transaction: only the outermost call
   * commits or rolls back, so an inner failure undoes its writes only if the outer work returns it.
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;

  units: UnitsRepo;
  people: PeopleRepo;
  identities: IdentitiesRepo;
  invites: InvitesRepo;
  items: ItemsRepo;
  attachments: AttachmentsRepo;
  review: ReviewRepo;
  bulletins: BulletinsRepo;
  scoring: ScoringRepo;
  urgent: UrgentRepo;
  instructions: InstructionsRepo;
  commissions: CommissionsRepo;
  overview: OverviewRepo;
  circulars: CircularsRepo;
  quota: QuotaRepo;
  leave: LeaveRepo;
  snoozes: SnoozesRepo;
  nudges: NudgesRepo;
  outbox: OutboxRepo;
  dispatchers: DispatchersRepo;
  rules: RulesRepo;
  audit: AuditRepo;
  settings: SettingsRepo;
  conversations: ConversationsRepo;
  processed: ProcessedRepo;
  inbox: InboxRepo;
  leases: LeasesRepo;
  schedulerMinutes: SchedulerMinutesRepo;
  /** The bytes of attachments and bulletin issues, by content hash: not in the database, and not undone by a rollback. */
  files: FileStore;
}
