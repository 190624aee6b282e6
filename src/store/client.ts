/**
 * The one place that builds the Prisma client.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/client.ts';

export type Db = PrismaClient;

/** The file path behind a `file:` SQLite URL, resolved against the working directory. */
export function sqliteFilePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:')) {
    throw new Error(`Only SQLite "file:" database URLs are supported by this build, not ${databaseUrl.split(':')[0]}:`);
  }
  return path.resolve(databaseUrl.slice('file:'.length));
}

/**
 * Creates the database's folder (0700) and an empty database file (0600) where they do not exist
 * yet, so that only the service's own user can read the office's data; SQLite gives the -wal and
 * -shm files the database file's mode. An existing folder or file is left as it is
 * (docs/running.md, "The database file").
 */
export function createPrivately(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Hears the text of each SQL statement a client prepares. */
export type StatementListener = (sql: string) => void;

let statementListener: StatementListener | undefined;

/**
 * Hears every SQL statement of the clients opened from now on (tests and benchmarks count the
 * statements an update costs); `undefined` stops. A client opened while nothing listens reports
 * nothing.
 */
export function listenToStatements(listener: StatementListener | undefined): void {
  statementListener = listener;
}

/** How many prepared statements each connection keeps for reuse (Prisma's SQL varies with the length of IN lists). */
const STATEMENT_CACHE_SIZE = 500;

/** The part of a better-sqlite3 statement the Prisma adapter uses. */
type Statement = {
  reader: boolean;
  run(...args: unknown[]): unknown;
  columns(): unknown[];
  raw(on?: boolean): { all(...args: unknown[]): unknown[] };
  all(...args: unknown[]): unknown[];
};

/**
 * The adapter factory, its connections reusing prepared statements: the adapter prepares every
 * query afresh and binds it once (`prepare(sql).bind(args)`), which costs SQLite a parse and plan
 * per query. Here each connection keeps its last `STATEMENT_CACHE_SIZE` statements by SQL text,
 * and `bind(args)` hands back a view that runs the kept statement with those arguments. With a
 * listener, each statement is also reported as it is asked for (cached or not).
 */
function reusingStatements(factory: PrismaBetterSqlite3, listener: StatementListener | undefined): PrismaBetterSqlite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    // Every statement, BEGIN included, goes through the better-sqlite3 connection's prepare().
    const client = (adapter as unknown as { client: { prepare(sql: string): Statement } }).client;
    const prepare = client.prepare.bind(client);
    const kept = new Map<string, Statement>();
    client.prepare = (sql: string) => {
      listener?.(sql);
      let statement = kept.get(sql);
      if (statement) {
        kept.delete(sql);
      } else {
        statement = prepare(sql);
        if (kept.size >= STATEMENT_CACHE_SIZE) kept.delete(kept.keys().next().value as string);
      }
      kept.set(sql, statement);
      const reused = statement;
      return {
        ...bound(reused, []),
        bind: (args: unknown[]) => bound(reused, args),
      } as unknown as Statement;
    };
    return adapter;
  };
  return factory;
}

/** A kept statement with its arguments, shaped as better-sqlite3's bound statement for the adapter's use. */
function bound(statement: Statement, args: unknown[]) {
  return {
    reader: statement.reader,
    run: () => statement.run(args),
    columns: () => statement.columns(),
    raw: () => ({ all: () => statement.raw(true).all(args) }),
    all: () => statement.raw(false).all(args),
  };
}

/** Opens the database at `databaseUrl` (WAL, busy timeout so two processes can share it). */
export function createDb(databaseUrl: string): Db {
  createPrivately(sqliteFilePath(databaseUrl));
  const adapter = new PrismaBetterSqlite3({ url: `file:${sqliteFilePath(databaseUrl)}`, timeout: 5000 } as never);
  return new PrismaClient({ adapter: reusingStatements(adapter, statementListener) });
}

/**
 * Write-ahead logging: readers do not block the writer, and a commit costs one sync instead of
 * several (synchronous=NORMAL is durable across a crash of the process; WAL keeps it consistent
 * across a power loss). The journal mode is kept in the file; the rest is per connection.
 */
export async function tuneSqlite(db: Db): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
}
