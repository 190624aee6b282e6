/**
 * The Store port on Prisma: one repository per namespace (src/store/repos), each built on the
 * client or on a transaction, and the transaction boundary with its one rule (see
 * `Store.transaction`): a work that resolves to a failed `Result` rolls back.
 */
import type { Store } from '../domain/ports.ts';
import { isFailure } from '../domain/result.ts';
import { type Db, type Dialect, dialectOf } from './client.ts';
import type { Tx } from './records.ts';
import { auditRepo } from './repos/audit.ts';
import { circularsRepo } from './repos/circulars.ts';
import { commissionsRepo } from './repos/commissions.ts';
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

/** Builds the Store on a client; inside `transaction` the same store runs on the transaction. */
export function createStore(db: Db): Store {
  const dialect = dialectOf(db);
  return assemble(db, dialect, async <T>(work: (tx: Store) => Promise<T>): Promise<T> => {
    try {
      return await db.$transaction(
        async (tx) => {
          const result = await work(storeOnTx(tx, dialect));
          if (isFailure(result)) throw new Refusal(result);
          return result;
        },
        { timeout: 20_000 },
      );
    } catch (error) {
      if (error instanceof Refusal) return error.result as T;
      throw error;
    }
  });
}

/** A store bound to a transaction: a nested `transaction` runs its work in it. */
function storeOnTx(tx: Tx, dialect: Dialect): Store {
  const store: Store = assemble(tx, dialect, (work) => work(store));
  return store;
}

/** The repositories on `db`; those with raw SQL take the dialect, for their variants. */
function assemble(db: Tx, dialect: Dialect, transaction: Store['transaction']): Store {
  return {
    transaction,
    units: unitsRepo(db),
    people: peopleRepo(db),
    identities: identitiesRepo(db),
    invites: invitesRepo(db),
    items: itemsRepo(db),
    review: reviewRepo(db),
    scoring: scoringRepo(db),
    urgent: urgentRepo(db),
    instructions: instructionsRepo(db),
    commissions: commissionsRepo(db),
    circulars: circularsRepo(db),
    quota: quotaRepo(db),
    leave: leaveRepo(db),
    snoozes: snoozesRepo(db),
    nudges: nudgesRepo(db),
    outbox: outboxRepo(db, dialect),
    dispatchers: dispatchersRepo(db),
    rules: rulesRepo(db),
    audit: auditRepo(db),
    settings: settingsRepo(db),
    conversations: conversationsRepo(db),
    processed: processedRepo(db),
    inbox: inboxRepo(db),
    leases: leasesRepo(db),
    schedulerMinutes: schedulerMinutesRepo(db),
  };
}
