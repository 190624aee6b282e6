/**
 * node-cron only decides when: every minute it runs the jobs for the current instant. A run
 * still going when the next minute comes is not overlapped.
 */
import cron from 'node-cron';
import { runJobs, type JobDeps } from './jobs.ts';

export function startScheduler(deps: JobDeps, options: { log?: (line: string) => void } = {}) {
  const log = options.log ?? (() => {});
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = runJobs(deps, deps.clock.now()).catch((error: unknown) => log(`jobs: ${error instanceof Error ? error.message : String(error)}`));
    return running;
  };
  const task = cron.schedule('* * * * *', tick, { timezone: deps.timezone, name: 'xinbao-jobs', noOverlap: true });
  // Catch up at once on start: reminders whose time passed while the service was down.
  void tick();
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
