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
 * statements an update costs); `undefined` stops. A client opened while nothing listens is not
 * wrapped at all, so production pays nothing.
 */
export function listenToStatements(listener: StatementListener | undefined): void {
  statementListener = listener;
}

/** The adapter factory, its connections' statement preparation reported to the listener. */
function counted(factory: PrismaBetterSqlite3): PrismaBetterSqlite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    // Every statement, BEGIN included, goes through the better-sqlite3 connection's prepare().
    const client = (adapter as unknown as { client: { prepare(sql: string): unknown } }).client;
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => {
      statementListener?.(sql);
      return prepare(sql);
    };
    return adapter;
  };
  return factory;
}

/** Opens the database at `databaseUrl` (WAL, busy timeout so two processes can share it). */
export function createDb(databaseUrl: string): Db {
  createPrivately(sqliteFilePath(databaseUrl));
  const adapter = new PrismaBetterSqlite3({ url: `file:${sqliteFilePath(databaseUrl)}`, timeout: 5000 } as never);
  return new PrismaClient({ adapter: statementListener ? counted(adapter) : adapter });
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
