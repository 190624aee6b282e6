/**
 * `xinbao org import FILE.yaml [--partial] [--json]`: creates or updates the units and people of
 * the org file (docs/org-file.md) and prints an invite for each person who needs one; nothing is
 * imported when the file has a problem. `--partial` reads a file that only adds or updates.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { importOrg } from '../domain/org/importOrg.ts';
import { formatLocal } from '../domain/time/index.ts';
import { type Subcommand, UsageError, usageLine, withApp } from './shared.ts';

const USAGE = 'xinbao org import FILE.yaml [--partial] [--json]';

export const orgCommand: Subcommand = {
  name: 'org',
  usage: [usageLine('org import FILE.yaml [--partial] [--json]', 'create or update units and people; print invites')],
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' }, partial: { type: 'boolean' } }, allowPositionals: true });
    const file = positionals[1];
    if (positionals[0] !== 'import' || !file) throw new UsageError(USAGE);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      process.stderr.write(`xinbao: cannot read ${file}: check the path.\n`);
      return 1;
    }
    return withApp(async (app) => {
      const result = await importOrg(app, { text, actor: 'cli', partial: values.partial === true });
      if (!result.ok) {
        for (const problem of result.problems) {
          process.stderr.write(`${file}:${problem.line}: ${problem.key ? `${problem.key}: ` : ''}${problem.reason}\n`);
        }
        process.stderr.write('xinbao: nothing was imported; fix the file and run the command again.\n');
        return 1;
      }
      const report = result.value;
      if (values.json) {
        const pending = report.pending.map((entry) => ({ person: entry.person, validUntil: entry.validUntil.toISOString() }));
        console.log(JSON.stringify({ invites: report.invites, pending, deactivated: report.deactivated }));
        return 0;
      }
      console.log(`Units changed: ${report.unitsChanged}; people changed: ${report.peopleChanged}.`);
      for (const invite of report.invites) console.log(`${invite.person}\t${invite.invite}`);
      const { units, people } = report.deactivated;
      if (units.length + people.length > 0) console.log(`Deactivated: ${[...units, ...people].join(', ')}.`);
      if (report.pending.length > 0) {
        const who = report.pending.map((entry) => `${entry.person} (until ${formatLocal(entry.validUntil, app.timezone)})`).join(', ');
        console.log(`Earlier invites still valid, not shown again: ${who}. A new one: xinbao invite PERSON.`);
      }
      return 0;
    });
  },
};
