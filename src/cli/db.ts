/**
 * `xinbao db copy --from URL --to URL`: moves an office's data to another database, SQLite or
 * PostgreSQL on either side, into a new, empty one (docs/moving-to-postgresql.md). The target is
 * migrated first with its own database's migrations; the source is only read, and must be
 * migrated already. Every table is copied in one transaction, then the rows are counted on both
 * sides and printed; any difference is exit 1.
 */
import { existsSync, realpathSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { databaseUrlMessage, isDatabaseUrl } from '../config/config.ts';
import { createDb, type Db, dialectOfUrl, sqliteFilePath, tuneSqlite } from '../store/client.ts';
import { CopyFailed, type CopyProgress, copyDatabase, type RowCounts, rowCounts } from '../store/copyDatabase.ts';
import { appliedMigrations, migrate, migrationsCurrent } from '../store/migrate.ts';
import { DatabaseSetupError, withoutPassword } from '../store/setupError.ts';
import { type Subcommand, UsageError, usageLine, ValueError } from './shared.ts';

const USAGE = 'xinbao db copy --from URL --to URL   (URL: file:./data/xinbao.db or postgresql://user:password@host:5432/xinbao)';

export const dbCommand: Subcommand = {
  name: 'db',
  usage: [usageLine('db copy --from URL --to URL', "copy the office's data into a new, empty database (SQLite or PostgreSQL)")],
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } }, allowPositionals: true });
    if (positionals[0] !== 'copy' || positionals.length > 1 || !values.from?.trim() || !values.to?.trim()) throw new UsageError(USAGE);
    const from = values.from.trim();
    const to = values.to.trim();
    for (const [flag, url] of [
      ['--from', from],
      ['--to', to],
    ] as const) {
      if (!isDatabaseUrl(url)) throw new ValueError(`${databaseUrlMessage(flag)}.`);
    }
    if (sameDatabase(from, to)) return refuse('--from and --to name the same database: give --to a new, empty database.');
    if (dialectOfUrl(from) === 'sqlite' && !existsSync(sqliteFilePath(from))) {
      return refuse(`There is no database file at ${sqliteFilePath(from)}: correct the path in --from.`);
    }
    // The source is checked, never migrated: it is only read.
    if (!(await naming('--from', () => migrationsCurrent(from)))) {
      return refuse(
        'The database in --from is not migrated to this version of Xinbao: run npx xinbao migrate with DATABASE_URL set to it first (db copy never writes to it), then copy again.',
      );
    }
    // A target an earlier Xinbao migrated is an office's database, not a new one: left as it is.
    const applied = await naming('--to', () => appliedMigrations(to));
    if (applied.size > 0 && !(await naming('--to', () => migrationsCurrent(to)))) {
      return refuse('The database in --to was set up by an earlier version of Xinbao, so it is not new: give --to a new, empty database.');
    }
    await naming('--to', () => migrate(to));
    const source = await createDb(from);
    const target = await createDb(to);
    try {
      await tuneSqlite(target);
      return await copyInto(source, target, from, to);
    } finally {
      await Promise.all([source.$disconnect(), target.$disconnect()]);
    }
  },
};

/** Refuses in one sentence: exit 1, nothing written. */
function refuse(sentence: string): number {
  process.stderr.write(`xinbao: ${sentence}\n`);
  return 1;
}

/** Runs `work`; a database set-up error's sentence names `flag` where it says DATABASE_URL. */
async function naming<T>(flag: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DatabaseSetupError) throw new DatabaseSetupError(error.message.replaceAll('DATABASE_URL', flag), { cause: error });
    throw error;
  }
}

/** Whether two URLs name one database: the same file (after links), or the same server, port and database name. */
function sameDatabase(a: string, b: string): boolean {
  if (dialectOfUrl(a) !== dialectOfUrl(b)) return false;
  if (dialectOfUrl(a) === 'sqlite') {
    const file = (url: string) => (existsSync(sqliteFilePath(url)) ? realpathSync(sqliteFilePath(url)) : sqliteFilePath(url));
    return file(a) === file(b);
  }
  const server = (url: string) => {
    const parsed = new URL(url);
    return `${parsed.hostname.toLowerCase()}:${parsed.port || '5432'}${decodeURIComponent(parsed.pathname)}`;
  };
  return server(a) === server(b);
}

async function copyInto(source: Db, target: Db, from: string, to: string): Promise<number> {
  const present = [...(await rowCounts(target))].filter(([, rows]) => rows > 0);
  if (present.length > 0) {
    const shown = present.slice(0, 3).map(([model, rows]) => `${rows} in ${model}`);
    return refuse(`The database in --to holds rows already (${shown.join(', ')}${present.length > 3 ? ', …' : ''}): give --to a new, empty database.`);
  }
  process.stderr.write(`Copying ${withoutPassword(from)} to ${withoutPassword(to)} in one transaction.\n`);
  const progress = copyProgress();
  try {
    await copyDatabase(source, target, progress.update);
  } catch (error) {
    if (!(error instanceof CopyFailed)) throw error;
    return refuse(`${error.message}; nothing was stored in --to: correct the cause and copy again.`);
  } finally {
    progress.stop();
  }
  return verify(await rowCounts(source), await rowCounts(target));
}

/** Prints each table's rows on both sides; exit 1 when any differ. */
function verify(source: RowCounts, target: RowCounts): number {
  console.log(['TABLE', 'SOURCE', 'TARGET'].join('\t'));
  const differing: string[] = [];
  for (const [model, rows] of source) {
    console.log([model, rows, target.get(model)].join('\t'));
    if (target.get(model) !== rows) differing.push(model);
  }
  if (differing.length > 0) {
    return refuse(
      `The row counts differ in ${differing.join(', ')}: something wrote to a database during the copy; stop every Xinbao on the source and copy again into a new, empty database.`,
    );
  }
  const total = [...source.values()].reduce((sum, rows) => sum + rows, 0);
  console.log(`Copied ${total} rows; every table has as many rows in the target as in the source.`);
  return 0;
}

/**
 * The copy's progress on stderr: a bar when it is a terminal; otherwise a line as each table with
 * rows begins, so logs stay readable.
 */
function copyProgress(stream: NodeJS.WriteStream = process.stderr): { update: CopyProgress; stop(): void } {
  if (!stream.isTTY) {
    let current: string | undefined;
    return {
      update: ({ model, modelRows }) => {
        if (model !== current && modelRows > 0) stream.write(`  ${model}: ${modelRows} ${modelRows === 1 ? 'row' : 'rows'}\n`);
        current = model;
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: 'xinbao db copy [{bar}] {percentage}% | {value}/{total} rows | {model}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: ({ copied, total, model }) => {
      if (!started) bar.start(total, copied, { model });
      started = true;
      bar.update(copied, { model });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
