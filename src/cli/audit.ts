/**
 * `xinbao audit [--since T] [--json]`: the audit log, oldest first — who changed what, when, on
 * which subject, with the values before and after. Times in the office's time zone.
 */
import { parseArgs } from 'node:util';
import { formatLocal, parseLocalDateTime } from '../domain/time/index.ts';
import { ValueError, withApp, type Subcommand, usageLine } from './shared.ts';

const SINCE_HELP = 'write --since as 2026-11-20, 2026-11-20 09:00 (office time) or 2026-11-20T01:00:00Z';

export const auditCommand: Subcommand = {
  name: 'audit',
  usage: [usageLine('audit [--since T] [--json]', 'the audit log: who changed what, when, before and after')],
  async run(args) {
    const { values } = parseArgs({ args, options: { since: { type: 'string' }, json: { type: 'boolean' } } });
    if (values.since !== undefined && values.since.trim() === '') throw new ValueError(`--since is empty; ${SINCE_HELP}.`);
    return withApp(async (app) => {
      let since: Date | undefined;
      if (values.since !== undefined) {
        since = parseLocalDateTime(values.since, app.timezone) ?? undefined;
        if (!since) throw new ValueError(`--since ${values.since} is not a time; ${SINCE_HELP}.`);
      }
      const entries = await app.store.audit.list(since);
      if (values.json) {
        const rows = entries.map((entry) => ({
          at: entry.at.toISOString(),
          local: formatLocal(entry.at, app.timezone, 'yyyy-MM-dd HH:mm:ss'),
          actor: entry.actor,
          action: entry.action,
          subject: entry.subject,
          before: entry.before,
          after: entry.after,
        }));
        console.log(JSON.stringify({ timezone: app.timezone, entries: rows }));
        return 0;
      }
      if (entries.length === 0) {
        console.log(since ? `No audit entries since ${formatLocal(since, app.timezone)} (${app.timezone}).` : 'The audit log is empty.');
        return 0;
      }
      console.log(['when', 'who', 'what', 'subject', 'before', 'after'].join('\t'));
      for (const entry of entries) {
        const json = (value: unknown) => (value === null || value === undefined ? '-' : JSON.stringify(value));
        console.log(
          [formatLocal(entry.at, app.timezone, 'yyyy-MM-dd HH:mm:ss'), entry.actor, entry.action, entry.subject, json(entry.before), json(entry.after)].join(
            '\t',
          ),
        );
      }
      return 0;
    });
  },
};
