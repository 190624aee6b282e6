/**
 * `xinbao backup --out FILE` and `xinbao restore FILE` (docs/backups.md): a consistent copy of the
 * SQLite database in DATABASE_URL, taken while the service runs, and putting one back while
 * nothing runs. PostgreSQL has its own tools, pg_dump and pg_restore; both commands say so.
 */
import { parseArgs } from 'node:util';
import { dialectOfUrl, sqliteFilePath } from '../store/client.ts';
import { BackupRefused, backupSqlite, restoreSqlite } from '../store/backup.ts';
import { loadConfig, type Subcommand, UsageError, usageLine } from './shared.ts';

/** The SQLite file in DATABASE_URL; for PostgreSQL, the sentence naming its own tool (exit 2). */
function sqliteDatabase(tool: 'pg_dump' | 'pg_restore'): string | undefined {
  const { databaseUrl } = loadConfig();
  if (dialectOfUrl(databaseUrl) === 'sqlite') return sqliteFilePath(databaseUrl);
  const does = tool === 'pg_dump' ? 'back it up with pg_dump --format=custom --no-owner' : 'restore it with pg_restore --no-owner';
  process.stderr.write(`xinbao: DATABASE_URL names a PostgreSQL database: ${does} (docs/backups.md has the exact command).\n`);
  return undefined;
}

/** Runs `work`; a refusal is its one sentence on stderr and exit 1. */
function refusing(work: () => void): number {
  try {
    work();
    return 0;
  } catch (error) {
    if (!(error instanceof BackupRefused)) throw error;
    process.stderr.write(`xinbao: ${error.message}\n`);
    return 1;
  }
}

export const backupCommand: Subcommand = {
  name: 'backup',
  usage: [usageLine('backup --out FILE', 'a consistent copy of the SQLite database, safe while the service runs')],
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
    if (!values.out?.trim() || positionals.length > 0)
      throw new UsageError('xinbao backup --out FILE   (FILE: a new file, such as backups/xinbao-2026-12-01.db)');
    const out = values.out.trim();
    const database = sqliteDatabase('pg_dump');
    if (database === undefined) return 2;
    return refusing(() => {
      const { bytes, migrations } = backupSqlite(database, out);
      console.log(`Backed up ${database} to ${out}: ${bytes} bytes, ${migrations} migrations, integrity_check ok.`);
    });
  },
};

export const restoreCommand: Subcommand = {
  name: 'restore',
  usage: [usageLine('restore FILE', 'put a backup in place of the SQLite database (the service stopped)')],
  async run(args) {
    const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
    if (positionals.length !== 1 || !positionals[0]?.trim()) throw new UsageError('xinbao restore FILE   (FILE: a backup made by xinbao backup)');
    const backup = positionals[0].trim();
    const database = sqliteDatabase('pg_restore');
    if (database === undefined) return 2;
    return refusing(() => {
      const { keptAs, pending } = restoreSqlite(backup, database, new Date());
      console.log(`Restored ${backup} to ${database}.`);
      if (keptAs) console.log(`The database it replaced is kept as ${keptAs}.`);
      if (pending > 0) console.log(`The backup lacks ${pending} migration(s) of this version: npm start (or npx xinbao migrate) applies them.`);
    });
  },
};
