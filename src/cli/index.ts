/** Every `xinbao` subcommand, once, in the order the usage lists them (docs/cli.md). */
import { auditCommand } from './audit.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { consoleCommand } from './console.ts';
import { dbCommand } from './db.ts';
import { demoCommand } from './demo.ts';
import { exportCommand } from './export.ts';
import { inviteCommand } from './invite.ts';
import { jobsCommand } from './jobs.ts';
import { migrateCommand } from './migrate.ts';
import { orgCommand } from './org.ts';
import { outboxCommand } from './outbox.ts';
import { rulesCommand } from './rules.ts';
import type { Subcommand } from './shared.ts';

export const subcommands: readonly Subcommand[] = [
  // Setting up: the database, moving it to another, the org file, invites.
  migrateCommand,
  dbCommand,
  // Keeping it safe: a backup while the service runs, putting one back while it is stopped.
  backupCommand,
  restoreCommand,
  orgCommand,
  inviteCommand,
  // Using it: a chat in the terminal, the demo office, the scheduled jobs by hand, the outbox.
  consoleCommand,
  demoCommand,
  jobsCommand,
  outboxCommand,
  // The office's rules, the audit log, the figures as a spreadsheet.
  rulesCommand,
  auditCommand,
  exportCommand,
];

export const findSubcommand = (name: string) => subcommands.find((subcommand) => subcommand.name === name);

/** The usage, generated from the registry. */
export const usage = () => ['Usage: xinbao <command>', ...subcommands.flatMap((subcommand) => subcommand.usage.map((line) => `  ${line}`))].join('\n');
