/**
 * node-cron only decides when: every minute it runs the jobs for the current instant. A run
 * still going when the next minute comes is not overlapped.
 *
 * Instances sharing one database share the minutes: the first to record a minute runs its jobs,
 * the others skip it (docs/instances.md). The jobs would send nothing twice anyway (the nudge
 * ledger); recording the minute spares the second instance the work. node-cron's own
 * `distributed` coordinator would cover the cron ticks only; the catch-up run at start goes
 * through the same record here.
 */
import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import { runJobs, type JobDeps } from './jobs.ts';

/** How long a recorded minute is kept: long enough to read who ran what lately. */
export const MINUTES_KEPT_MS = 2 * 24 * 60 * 60_000;

/** The minute an instant falls in (its first millisecond), as SchedulerMinute records it. */
export const minuteOf = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

/**
 * One minute of the scheduler on instance `instance`: records the minute of `now` and, when no
 * instance recorded it before, runs every job for `now` and forgets minutes older than
 * `MINUTES_KEPT_MS`. Returns whether this instance ran the minute.
 */
export async function runMinute(deps: JobDeps, now: Date, instance: string): Promise<boolean> {
  const minute = minuteOf(now);
  if (!(await deps.store.schedulerMinutes.record(minute, instance, now))) return false;
  await runJobs(deps, now);
  await deps.store.schedulerMinutes.prune(new Date(minute.getTime() - MINUTES_KEPT_MS));
  return true;
}

export function startScheduler(deps: JobDeps, options: { instance?: string; log?: (line: string) => void } = {}) {
  const log = options.log ?? (() => {});
  const instance = options.instance ?? randomUUID();
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = runMinute(deps, deps.clock.now(), instance).catch((error: unknown) => log(`jobs: ${error instanceof Error ? error.message : String(error)}`));
    return running;
  };
  const task = cron.schedule('* * * * *', tick, { timezone: deps.timezone, name: 'xinbao-jobs', noOverlap: true });
  // Catch up at once on start: reminders whose time passed while the service was down (unless
  // another instance already ran this minute).
  void tick();
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
