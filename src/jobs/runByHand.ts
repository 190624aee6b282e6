/**
 * The jobs run by hand (`xinbao jobs run --at T [--dry-run]`): the same jobs for any instant, but
 * what they queue is due for delivery now, not at T, and every message queued is counted as it
 * is written to the outbox (the jobs' own figures count reminders, and a person with two chat
 * accounts gets two messages, one with none gets none). A dry run runs each job in a transaction
 * that is rolled back, and lists the messages it would have queued.
 */
import type { OutboxEntry } from '../domain/notify/port.ts';
import type { Store } from '../domain/ports.ts';
import { isFailure } from '../domain/result.ts';
import { type Job, type JobDeps, jobs, runJobs } from './jobs.ts';

export type JobRun = { job: string; queued: number; messages: OutboxEntry[] };

/** Thrown at the end of a dry run's transaction, to roll it back. */
class DryRunDone extends Error {}

/**
 * A store whose outbox queues each message for `deliverAt()` and tells `sink` of it once it is
 * committed: messages queued in a transaction that rolls back (a refusal, a fault) are not told.
 */
function queueingNow(store: Store, sink: (entries: OutboxEntry[]) => void, deliverAt: () => Date): Store {
  const now = (entry: OutboxEntry): OutboxEntry => ({ ...entry, at: deliverAt() });
  return {
    ...store,
    outbox: {
      ...store.outbox,
      async enqueue(entry) {
        const queued = now(entry);
        await store.outbox.enqueue(queued);
        sink([queued]);
      },
      async enqueueAll(entries) {
        const queued = entries.map(now);
        await store.outbox.enqueueAll(queued);
        sink(queued);
      },
    },
    async transaction(work) {
      const pending: OutboxEntry[] = [];
      const result = await store.transaction((tx) => work(queueingNow(tx, (entries) => pending.push(...entries), deliverAt)));
      if (!isFailure(result)) sink(pending);
      return result;
    },
  };
}

/**
 * Runs every job for instant `at` (non-urgent ones only in working time, as the scheduler does),
 * queuing what is due for delivery at `deliverAt()`; with `dryRun`, queues nothing and stores
 * nothing. Returns, per job, the messages queued (or that would be).
 */
export async function runJobsByHand(deps: JobDeps, at: Date, options: { dryRun?: boolean; deliverAt: () => Date; list?: readonly Job[] }): Promise<JobRun[]> {
  const results: JobRun[] = [];
  for (const job of options.list ?? jobs) {
    const messages: OutboxEntry[] = [];
    const run = (store: Store) => runJobs({ ...deps, store: queueingNow(store, (entries) => messages.push(...entries), options.deliverAt) }, at, [job]);
    if (options.dryRun) {
      // Everything the job writes (ledger, circular records, messages) is rolled back.
      try {
        await deps.store.transaction(async (tx) => {
          await run(tx);
          throw new DryRunDone();
        });
      } catch (error) {
        if (!(error instanceof DryRunDone)) throw error;
      }
    } else {
      await run(deps.store);
    }
    results.push({ job: job.name, queued: messages.length, messages });
  }
  return results;
}
