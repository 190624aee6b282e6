/**
 * The one place that builds the Prisma client.
 */
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

/** Opens the database at `databaseUrl` (WAL, busy timeout so two processes can share it). */
export function createDb(databaseUrl: string): Db {
  const adapter = new PrismaBetterSqlite3({ url: `file:${sqliteFilePath(databaseUrl)}`, timeout: 5000 } as never);
  return new PrismaClient({ adapter });
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
