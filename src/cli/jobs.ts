/**
 * `xinbao jobs run [--at ISO-8601] [--dry-run]`: runs every scheduled job for that instant, as the
 * scheduler does each minute, and queues what is due for delivery now; prints how many messages
 * each job queued. `--dry-run` lists what would be sent to whom and queues nothing.
 */
import { parseArgs } from 'node:util';
import { formatLocal } from '../domain/time/index.ts';
import { renderOut } from '../i18n/renderOut.ts';
import { runJobsByHand } from '../jobs/runByHand.ts';
import { type Subcommand, UsageError, usageLine, ValueError, withApp } from './shared.ts';

const USAGE = 'xinbao jobs run [--at ISO-8601] [--dry-run]';

export const jobsCommand: Subcommand = {
  name: 'jobs',
  usage: [usageLine('jobs run [--at ISO-8601] [--dry-run]', 'run every scheduled job due at that instant (default now); queue it for now')],
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: { at: { type: 'string' }, 'dry-run': { type: 'boolean' } }, allowPositionals: true });
    if (positionals[0] !== 'run') throw new UsageError(USAGE);
    const at = values.at ? new Date(values.at) : new Date();
    if (Number.isNaN(at.getTime())) throw new ValueError(`--at ${values.at} is not a time: write it like 2026-11-21T09:00:00+08:00.`);
    const dryRun = values['dry-run'] === true;
    return withApp(async (app) => {
      const deps = { store: app.store, clock: { now: () => at }, rules: app.rules, timezone: app.timezone };
      const results = await runJobsByHand(deps, at, { dryRun, deliverAt: () => new Date() });
      const names = new Map<number, string>();
      for (const result of results) {
        console.log(`${result.job}\t${dryRun ? 'would queue' : 'queued'} ${result.queued}`);
        if (!dryRun) continue;
        for (const entry of result.messages) {
          let who = '-';
          if (entry.personId !== null) {
            if (!names.has(entry.personId)) {
              const person = await app.store.people.byId(entry.personId);
              names.set(entry.personId, person ? `${person.code} ${person.name}` : String(entry.personId));
            }
            who = names.get(entry.personId)!;
          }
          const shown = renderOut(entry.message, app.config.locale);
          console.log(`  ${who}\t${entry.platform}:${entry.chatId}\t${entry.lane ?? 'normal'}\t${shown.title ?? shown.lines[0] ?? ''}`);
        }
      }
      if (dryRun) console.log(`Dry run for ${formatLocal(at, app.timezone)} (${app.timezone}): nothing was queued or recorded.`);
      return 0;
    });
  },
};
