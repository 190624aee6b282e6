/**
 * node-cron only decides when: every minute it runs the jobs for the current instant. A run
 * still going when the next minute comes is not overlapped.
 *
 * Instances sharing one database share the minutes: the first to record a minute runs its jobs,
 * the others skip it (docs/instances.md). The jobs would send nothing twice anyway (the nudge
 * ledger); recording the minute spares the second instance the work. node-cron's own
 * `distributed` coordinator would cover the cron ticks only; the catch-up run at start goes
 * through the same record here.
 *
 * Each job's run is timed and counted (`metrics.jobRan`) and said with a logger of its own that
 * names the job and the minute: at debug level, or as an error when the job failed.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import cron from 'node-cron';
import { silentLogger, type Logger } from '../observability/logger.ts';
import { noMetrics, type Metrics } from '../observability/metrics.ts';
import { type Job, jobs, runJobs, type JobDeps } from './jobs.ts';

/** How long a recorded minute is kept: long enough to read who ran what lately. */
export const MINUTES_KEPT_MS = 2 * 24 * 60 * 60_000;

/** The minute an instant falls in (its first millisecond), as SchedulerMinute records it. */
export const minuteOf = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

/** What the scheduler's runs are said to and counted by. */
export type SchedulerWatch = { logger?: Logger; metrics?: Metrics };

/** Faults a job's logger has said already: the minute does not say them again. */
const said = new WeakSet<object>();

/** The jobs, each run timed, counted and said with a logger naming the job and the minute. */
function watched(list: readonly Job[], minute: Date, watch: SchedulerWatch): Job[] {
  const logger = watch.logger ?? silentLogger;
  const metrics = watch.metrics ?? noMetrics;
  return list.map((job) => ({
    ...job,
    async run(deps, now) {
      const log = logger.child({ job: job.name, minute: minute.toISOString() });
      const started = performance.now();
      try {
        const sent = await job.run(deps, now);
        const seconds = (performance.now() - started) / 1000;
        metrics.jobRan(job.name, seconds, sent);
        log.debug({ sent, ms: Math.round(seconds * 1000) }, 'job ran');
        return sent;
      } catch (error) {
        metrics.jobRan(job.name, (performance.now() - started) / 1000, 0);
        log.error({ err: error }, 'job failed; the jobs after it wait for the next minute');
        if (typeof error === 'object' && error !== null) said.add(error);
        throw error;
      }
    },
  }));
}

/**
 * One minute of the scheduler on instance `instance`: records the minute of `now` and, when no
 * instance recorded it before, runs every job for `now` and forgets minutes older than
 * `MINUTES_KEPT_MS`. Returns whether this instance ran the minute.
 */
export async function runMinute(deps: JobDeps, now: Date, instance: string, watch: SchedulerWatch = {}): Promise<boolean> {
  const minute = minuteOf(now);
  if (!(await deps.store.schedulerMinutes.record(minute, instance, now))) return false;
  await runJobs(deps, now, watched(jobs, minute, watch));
  await deps.store.schedulerMinutes.prune(new Date(minute.getTime() - MINUTES_KEPT_MS));
  return true;
}

export function startScheduler(deps: JobDeps, options: SchedulerWatch & { instance?: string } = {}) {
  const logger = (options.logger ?? silentLogger).child({ component: 'jobs' });
  const instance = options.instance ?? randomUUID();
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    const now = deps.clock.now();
    running = runMinute(deps, now, instance, { logger, metrics: options.metrics }).catch((error: unknown) => {
      // A job's fault was said by its logger; this is the minute's own (recording it, forgetting old ones).
      if (typeof error !== 'object' || error === null || !said.has(error))
        logger.error({ err: error, minute: minuteOf(now).toISOString() }, 'the minute failed');
    });
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
