/**
 * `xinbao org import FILE.yaml [--json]`: creates or updates the units and people of the org
 * file (docs/org-file.md) and prints an invite for each person not yet bound; nothing is
 * imported when the file has a problem.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { importOrg } from '../domain/org/importOrg.ts';
import { type Subcommand, UsageError, usageLine, withApp } from './shared.ts';

export const orgCommand: Subcommand = {
  name: 'org',
  usage: [usageLine('org import FILE.yaml [--json]', 'create or update units and people; print invites')],
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
    const file = positionals[1];
    if (positionals[0] !== 'import' || !file) throw new UsageError('xinbao org import FILE.yaml [--json]');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      process.stderr.write(`xinbao: cannot read ${file}: check the path.\n`);
      return 1;
    }
    return withApp(async (app) => {
      const result = await importOrg(app, { text, actor: 'cli' });
      if (!result.ok) {
        for (const problem of result.problems) {
          process.stderr.write(`${file}:${problem.line}: ${problem.key ? `${problem.key}: ` : ''}${problem.reason}\n`);
        }
        process.stderr.write('xinbao: nothing was imported; fix the file and run the command again.\n');
        return 1;
      }
      const report = result.value;
      if (values.json) {
        console.log(JSON.stringify({ invites: report.invites }));
      } else {
        console.log(`Units changed: ${report.unitsChanged}; people changed: ${report.peopleChanged}.`);
        for (const invite of report.invites) console.log(`${invite.person}\t${invite.invite}`);
      }
      return 0;
    });
  },
};
