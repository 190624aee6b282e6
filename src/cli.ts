/**
 * The `xinbao` command (interface.md, "Running it").
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { App } from './app.ts';
import { loadConfig, UsageError, withApp } from './cli/shared.ts';
import { subcommands } from './cli/index.ts';
import { createChatEngine } from './chat/engine.ts';
import { createDemo, DEMO_REPORTER } from './demo/createDemo.ts';
import { issueInvite } from './domain/accounts/issueInvite.ts';
import { importOrg } from './domain/org/importOrg.ts';
import { formatLocal } from './domain/time/index.ts';
import { translator } from './i18n/catalog.ts';
import { runConsole } from './bots/console/console.ts';
import { migrate } from './store/migrate.ts';
import { runJobs } from './jobs/jobs.ts';

const usage = () => `Usage: xinbao <command>
  migrate                          apply pending database migrations
  org import FILE.yaml [--json]    create or update units and people; print invites
  invite PERSON                    a new invite code for one person
  console [--as PERSON] [--user ID]  chat in the terminal
  demo                             create the demo office (Xinyang, seed 000)
  jobs run [--at ISO-8601]         run every scheduled job due at that instant (default now)
${subcommands.map((command) => `  ${command.usage}`).join('\n')}`;

/** Runs the console as `actAs` (a person code) or as an unbound chat account `userId`. */
export async function consoleSession(app: App, options: { actAs?: string; userId?: string }): Promise<number> {
  const t0 = translator(app.config.locale);
  let banner = t0('console.bannerUnbound');
  if (options.actAs) {
    const person = await app.store.people.byCode(options.actAs);
    if (!person) {
      process.stderr.write(`xinbao: ${t0('error.PERSON.UNKNOWN', { code: options.actAs })}\n`);
      return 1;
    }
    banner = translator(person.locale ?? app.config.locale)('console.banner', { name: person.name, unit: person.unit?.name ?? t0('unit.office') });
  }
  const engine = createChatEngine(app.chatDeps, { actAs: options.actAs });
  const userId = options.userId ?? (options.actAs ? `as:${options.actAs}` : 'local');
  await runConsole({ engine, input: process.stdin, output: process.stdout, userId, t: t0, banner });
  return 0;
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate': {
      const applied = await migrate(loadConfig().databaseUrl);
      console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date.');
      return 0;
    }
    case 'org': {
      const { values, positionals } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, allowPositionals: true });
      if (positionals[0] !== 'import' || !positionals[1]) throw new UsageError('xinbao org import FILE.yaml [--json]');
      let text: string;
      try {
        text = readFileSync(positionals[1], 'utf8');
      } catch {
        process.stderr.write(`xinbao: cannot read ${positionals[1]}: check the path.\n`);
        return 1;
      }
      return withApp(async (app) => {
        const result = await importOrg(app, { text, actor: 'cli' });
        if (!result.ok) {
          for (const problem of result.problems) {
            process.stderr.write(`${positionals[1]}:${problem.line}: ${problem.key ? `${problem.key}: ` : ''}${problem.reason}\n`);
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
    }
    case 'invite': {
      if (!rest[0]) throw new UsageError('xinbao invite PERSON');
      return withApp(async (app) => {
        const result = await issueInvite(app, { personCode: rest[0]! });
        if (!result.ok) {
          process.stderr.write(`xinbao: ${translator(app.config.locale)('error.PERSON.UNKNOWN', { code: rest[0]! })}\n`);
          return 1;
        }
        console.log(`${result.value.code}\t(valid until ${formatLocal(result.value.expiresAt, app.config.timezone)})`);
        return 0;
      });
    }
    case 'console': {
      const { values } = parseArgs({ args: rest, options: { as: { type: 'string' }, user: { type: 'string' } } });
      return withApp((app) => consoleSession(app, { actAs: values.as, userId: values.user }));
    }
    case 'demo': {
      return withApp(async (app) => {
        const created = await createDemo(app);
        console.log(created ? `Demo office created. Try: xinbao console --as ${DEMO_REPORTER}` : 'The demo office exists already.');
        return 0;
      });
    }
    case 'jobs': {
      const { values, positionals } = parseArgs({ args: rest, options: { at: { type: 'string' } }, allowPositionals: true });
      if (positionals[0] !== 'run') throw new UsageError('xinbao jobs run [--at ISO-8601]');
      const at = values.at ? new Date(values.at) : new Date();
      if (Number.isNaN(at.getTime())) throw new UsageError(`--at ${values.at} is not a time: write it like 2026-11-21T09:00:00+08:00`);
      return withApp(async (app) => {
        const results = await runJobs({ store: app.store, clock: { now: () => at }, rules: app.rules, timezone: app.timezone }, at);
        for (const result of results) console.log(`${result.job}\t${result.sent} sent`);
        return 0;
      });
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(usage());
      return command === undefined ? 2 : 0;
    default: {
      const subcommand = subcommands.find((candidate) => candidate.name === command);
      if (subcommand) return subcommand.run(rest);
      throw new UsageError(`unknown command ${command}`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.env.XINBAO_CLI === '1') {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`xinbao: ${error.message}\n${usage()}\n`);
        process.exit(2);
      }
      process.stderr.write(`xinbao: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
