/**
 * The Store port on Prisma: one repository per namespace (src/store/repos), each built on the
 * client or on a transaction, and the transaction boundary with its one rule (see
 * `Store.transaction`): a work that resolves to a failed `Result` rolls back. Messages queued in
 * the outbox are told (`onOutboxWritten`) once they are committed, never before.
 */
import type { OutboxRepo } from '../domain/notify/port.ts';
import type { FileStore } from '../domain/files/port.ts';
import type { Store } from '../domain/ports.ts';
import { isFailure } from '../domain/result.ts';
import { type Db, type Dialect, dialectOf } from './client.ts';
import type { Tx } from './records.ts';
import { attachmentsRepo } from './repos/attachments.ts';
import { auditRepo } from './repos/audit.ts';
import { circularsRepo } from './repos/circulars.ts';
import { commissionsRepo } from './repos/commissions.ts';
import { overviewRepo } from './repos/overview.ts';
import { conversationsRepo } from './repos/conversations.ts';
import { dispatchersRepo } from './repos/dispatchers.ts';
import { identitiesRepo } from './repos/identities.ts';
import { instructionsRepo } from './repos/instructions.ts';
import { invitesRepo } from './repos/invites.ts';
import { itemsRepo } from './repos/items.ts';
import { leasesRepo } from './repos/leases.ts';
import { leaveRepo } from './repos/leave.ts';
import { nudgesRepo } from './repos/nudges.ts';
import { outboxRepo } from './repos/outbox.ts';
import { peopleRepo } from './repos/people.ts';
import { inboxRepo } from './repos/inbox.ts';
import { processedRepo } from './repos/processed.ts';
import { quotaRepo } from './repos/quota.ts';
import { bulletinsRepo } from './repos/bulletins.ts';
import { reviewRepo } from './repos/review.ts';
import { rulesRepo } from './repos/rules.ts';
import { schedulerMinutesRepo } from './repos/schedulerMinutes.ts';
import { scoringRepo } from './repos/scoring.ts';
import { settingsRepo } from './repos/settings.ts';
import { snoozesRepo } from './repos/snoozes.ts';
import { unitsRepo } from './repos/units.ts';
import { urgentRepo } from './repos/urgent.ts';

/** Carries a failed result out of Prisma's transaction, which rolls back on a throw. */
class Refusal {
  constructor(readonly result: unknown) {}
}

export type StoreOptions = {
  /**
   * Called when messages were queued in the outbox or became due again: at once outside a
   * transaction, after the commit inside one (not at all when it rolls back).
   */
  onOutboxWritten?: () => void;
  /** Where file bytes are kept; without one, a store that is asked for a file refuses (see docs/attachments.md). */
  files?: FileStore;
};

/** The file store of a store built without one (tools that never touch files). */
const noFiles: FileStore = {
  put: () => Promise.reject(new Error('This store has no file store: give createStore a `files` option.')),
  get: () => Promise.resolve(null),
  has: () => Promise.resolve(false),
};

/** Builds the Store on a client; inside `transaction` the same store runs on the transaction. */
export function createStore(db: Db, options: StoreOptions = {}): Store {
  const dialect = dialectOf(db);
  const written = options.onOutboxWritten ?? (() => {});
  const files = options.files ?? noFiles;
  const transaction = async <T>(work: (tx: Store) => Promise<T>): Promise<T> => {
    let wrote = false;
    try {
      const committed = await db.$transaction(
        async (tx) => {
          const result = await work(storeOnTx(tx, dialect, files, () => (wrote = true)));
          if (isFailure(result)) throw new Refusal(result);
          return result;
        },
        { timeout: 20_000 },
      );
      if (wrote) written();
      return committed;
    } catch (error) {
      if (error instanceof Refusal) return error.result as T;
      throw error;
    }
  };
  return assemble(db, dialect, files, transaction, written);
}

/** A store bound to a transaction: a nested `transaction` runs its work in it; outbox writes are noted for the commit. */
function storeOnTx(tx: Tx, dialect: Dialect, files: FileStore, wrote: () => void): Store {
  const store: Store = assemble(tx, dialect, files, (work) => work(store), wrote);
  return store;
}

/** The outbox repository, calling `written` after each write that leaves messages due. */
function tellingWrites(repo: OutboxRepo, written: () => void): OutboxRepo {
  return {
    ...repo,
    async enqueue(entry) {
      await repo.enqueue(entry);
      written();
    },
    async enqueueAll(entries) {
      await repo.enqueueAll(entries);
      if (entries.length > 0) written();
    },
    async requeue(ids, at) {
      const count = await repo.requeue(ids, at);
      if (count > 0) written();
      return count;
    },
    async releaseLeases(holders, now) {
      const count = await repo.releaseLeases(holders, now);
      if (count > 0) written();
      return count;
    },
  };
}

/** The repositories on `db`; those with raw SQL take the dialect, for their variants. */
function assemble(db: Tx, dialect: Dialect, files: FileStore, transaction: Store['transaction'], outboxWritten: () => void): Store {
  return {
    transaction,
    units: unitsRepo(db),
    people: peopleRepo(db),
    identities: identitiesRepo(db),
    invites: invitesRepo(db),
    items: itemsRepo(db, dialect),
    attachments: attachmentsRepo(db),
    review: reviewRepo(db),
    bulletins: bulletinsRepo(db),
    scoring: scoringRepo(db),
    urgent: urgentRepo(db),
    instructions: instructionsRepo(db),
    commissions: commissionsRepo(db),
    overview: overviewRepo(db),
    circulars: circularsRepo(db),
    quota: quotaRepo(db),
    leave: leaveRepo(db),
    snoozes: snoozesRepo(db),
    nudges: nudgesRepo(db),
    outbox: tellingWrites(outboxRepo(db, dialect), outboxWritten),
    dispatchers: dispatchersRepo(db),
    rules: rulesRepo(db),
    audit: auditRepo(db),
    settings: settingsRepo(db),
    conversations: conversationsRepo(db),
    processed: processedRepo(db),
    inbox: inboxRepo(db),
    leases: leasesRepo(db),
    schedulerMinutes: schedulerMinutesRepo(db),
    files,
  };
}
