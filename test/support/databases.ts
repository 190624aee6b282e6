/**
 * The databases tests run on: a SQLite file per test app, or, in the `-pg` projects
 * (XINBAO_TEST_DB=postgresql), a PostgreSQL database per test app on the local server. Either
 * way each app starts from a copy of one migrated database made once per run: a file copy for
 * SQLite, `CREATE DATABASE … TEMPLATE` for PostgreSQL (docs/database.md, "Tests on both").
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Db, Dialect } from '../../src/store/client.ts';
import { migrate } from '../../src/store/migrate.ts';

/** The database of this test process: SQLite unless the project says PostgreSQL. */
export const testDialect: Dialect = process.env.XINBAO_TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite';

/** The local server's maintenance database, where test databases are created and dropped. */
export const adminUrl = process.env.XINBAO_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Every test database of a run starts with this prefix and the run's id, so the run's end drops them all. */
export const TEST_DATABASE_PREFIX = 'xinbao_t_';

/** The URL of database `name` on the test server. */
export function postgresUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `sql` on the server's maintenance database (CREATE and DROP DATABASE cannot run in a transaction). */
export async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Whether a PostgreSQL server answers at the test address. */
export async function postgresAnswers(): Promise<boolean> {
  try {
    await admin('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

const runId = () => process.env.XINBAO_TEST_RUN ?? String(process.pid);
const newName = () => `${TEST_DATABASE_PREFIX}${runId()}_${Math.random().toString(36).slice(2, 10)}`;

/**
 * A migrated database to copy from, in a new temporary folder for SQLite (the folder also keeps
 * the seeded snapshots, so removing it removes them all): a file path or a postgresql URL.
 */
export async function migratedDatabase(dialect: Dialect = testDialect): Promise<string> {
  if (dialect === 'sqlite') {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'xinbao-tests-')), 'migrated.db');
    await migrate(`file:${file}`);
    return file;
  }
  const name = newName();
  await admin(`CREATE DATABASE "${name}"`);
  const url = postgresUrl(name);
  // By the CLI in a process of its own: the schema engine's WebAssembly, loaded in vitest's main
  // process, crashes decoding PostgreSQL's notices; in a plain Node process it does not.
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../bin/xinbao.js'), 'migrate'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'pipe',
  });
  return url;
}

/** The name of the database behind a postgresql URL. */
const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/**
 * A new database that is a copy of `template` (a file path or a postgresql URL, as
 * `migratedDatabase` returns), for a test app whose folder is `dir`; returns its DATABASE_URL.
 */
export function copyDatabase(template: string, dir: string): Promise<string> {
  const from = template.startsWith('postgres') ? template : `file:${template}`;
  return copyDatabaseTo(from, newDatabaseUrl(dir, 'test.db'));
}

/** An empty database of this process's dialect (not migrated) for a test that runs the CLI or the server on its own: its DATABASE_URL. */
export async function emptyDatabaseUrl(dir: string, file = 'x.db'): Promise<string> {
  if (testDialect === 'sqlite') return `file:${path.join(dir, file)}`;
  return emptyPostgresDatabase();
}

/** A new, empty PostgreSQL database on the test server (not migrated), whatever this process's dialect: its URL. */
export async function emptyPostgresDatabase(): Promise<string> {
  const name = newName();
  await admin(`CREATE DATABASE "${name}"`);
  return postgresUrl(name);
}

/**
 * A consistent copy of the database at `databaseUrl`, kept until the run ends: for SQLite a file
 * beside `template` (VACUUM INTO through the open client `db`); for PostgreSQL a database copied
 * from it, which needs every connection to it closed first, so `close` is called before.
 */
export async function snapshotDatabase(databaseUrl: string, db: Db, template: string, close: () => Promise<void>): Promise<string> {
  if (!databaseUrl.startsWith('postgres')) {
    const file = path.join(mkdtempSync(path.join(path.dirname(template), 'snapshot-')), 'seeded.db');
    await db.$executeRawUnsafe(`VACUUM INTO '${file.replaceAll("'", "''")}'`);
    await close();
    return file;
  }
  await close();
  const name = newName();
  await admin(`CREATE DATABASE "${name}" TEMPLATE "${databaseName(databaseUrl)}"`);
  return postgresUrl(name);
}

/** Drops a test database (PostgreSQL; a SQLite file goes with its folder). Connections left open are ended. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  if (!databaseUrl.startsWith('postgres')) return;
  await admin(`DROP DATABASE IF EXISTS "${databaseName(databaseUrl)}" WITH (FORCE)`);
}

/** Drops every database a run made (at its end, in the main process). */
export async function dropRunDatabases(run: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${TEST_DATABASE_PREFIX}${run}\\_%`]);
    for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Makes the database at `to` a copy of the one at `from` (both of this process's dialect; `to`
 * replaced if it exists): a file copy for SQLite, `CREATE DATABASE … TEMPLATE` for PostgreSQL
 * (nothing may be connected to either). Returns `to`.
 */
export async function copyDatabaseTo(from: string, to: string): Promise<string> {
  if (!from.startsWith('postgres')) {
    copyFileSync(sqlitePath(from), sqlitePath(to));
    return to;
  }
  await dropDatabase(to);
  await admin(`CREATE DATABASE "${databaseName(to)}" TEMPLATE "${databaseName(from)}"`);
  return to;
}

/** A new URL for a database of this process's dialect that does not exist yet (a file in `dir`, or a fresh name). */
export function newDatabaseUrl(dir: string, file = 'x.db'): string {
  return testDialect === 'sqlite' ? `file:${path.join(dir, file)}` : postgresUrl(newName());
}

/**
 * Whether nothing has written to the database at `databaseUrl` (as `emptyDatabaseUrl` gave it):
 * no SQLite file, or a PostgreSQL database without a single table.
 */
export async function untouched(databaseUrl: string): Promise<boolean> {
  if (!databaseUrl.startsWith('postgres')) return !existsSync(sqlitePath(databaseUrl));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'");
    return rowCount === 0;
  } finally {
    await client.end();
  }
}

const sqlitePath = (url: string) => url.slice('file:'.length);
