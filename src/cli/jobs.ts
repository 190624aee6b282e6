/**
 * `xinbao jobs run [--at ISO-8601]`: runs every scheduled job for that instant, as the scheduler
 * does each minute; prints how many messages each sent.
 */
import { parseArgs } from 'node:util';
import { runJobs } from '../jobs/jobs.ts';
import { type Subcommand, UsageError, usageLine, withApp } from './shared.ts';

export const jobsCommand: Subcommand = {
  name: 'jobs',
  usage: [usageLine('jobs run [--at ISO-8601]', 'run every scheduled job due at that instant (default now)')],
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: { at: { type: 'string' } }, allowPositionals: true });
    if (positionals[0] !== 'run') throw new UsageError('xinbao jobs run [--at ISO-8601]');
    const at = values.at ? new Date(values.at) : new Date();
    if (Number.isNaN(at.getTime())) throw new UsageError(`--at ${values.at} is not a time: write it like 2026-11-21T09:00:00+08:00`);
    return withApp(async (app) => {
      const results = await runJobs({ store: app.store, clock: { now: () => at }, rules: app.rules, timezone: app.timezone }, at);
      for (const result of results) console.log(`${result.job}\t${result.sent} sent`);
      return 0;
    });
  },
};
