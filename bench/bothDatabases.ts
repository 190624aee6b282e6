/**
 * What the benchmarks that compare SQLite and PostgreSQL share (bench/ranking.ts,
 * bench/reminderSweep.ts; docs/benchmarks.md): the `--db sqlite|postgres|both` option, fresh
 * PostgreSQL databases on the local server (dropped when the script ends, failed or not), the
 * same generated rows bulk-loaded into either database, and the figures of alternating rounds.
 */
import { parseArgs } from 'node:util';
import type Database from 'better-sqlite3';
import pg from 'pg';
import { type Dialect, postgresConfig } from '../src/store/client.ts';
import { migrate } from '../src/store/migrate.ts';

export const dialectName = { sqlite: 'SQLite', postgresql: 'PostgreSQL' } as const satisfies Record<Dialect, string>;

/**
 * The databases to run on (`--db`, default both, SQLite first) and the other arguments. A wrong
 * `--db` or an unknown option ends the script with one sentence.
 */
export function benchArgs(usage: string): { dialects: Dialect[]; positionals: string[] } {
  const choices: Record<string, Dialect[]> = { sqlite: ['sqlite'], postgres: ['postgresql'], postgresql: ['postgresql'], both: ['sqlite', 'postgresql'] };
  try {
    const { values, positionals } = parseArgs({ options: { db: { type: 'string', default: 'both' } }, allowPositionals: true });
    const dialects = choices[values.db];
    if (dialects) return { dialects, positionals };
    console.error(`--db takes sqlite, postgres or both, not "${values.db}". Usage: ${usage}`);
  } catch (error) {
    console.error(`${(error as Error).message.split('. ')[0]}. Usage: ${usage}`);
  }
  process.exit(2);
}

/** The local server's maintenance database, where the benchmark's databases are created and dropped. */
const serverUrl = process.env.XINBAO_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The databases this process created and has not dropped yet. */
const created = new Set<string>();

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/** A new database on the local server, migrated (src/store/migrate.ts): its URL. Named xinbao_bench_<pid>_<n>. */
export async function newPostgresDatabase(): Promise<string> {
  const name = `xinbao_bench_${process.pid}_${created.size + 1}`;
  await onServer(`CREATE DATABASE "${name}"`);
  created.add(name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return url.toString();
}

/** Drops a database `newPostgresDatabase` made, ending any connection still open to it. */
export async function dropPostgresDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  created.delete(name);
}

/**
 * Runs the benchmark, then drops every database it created, whether it finished, failed or was
 * stopped (Ctrl-C, SIGTERM).
 */
export async function withCleanup(benchmark: () => Promise<void>): Promise<void> {
  const dropAll = async () => {
    for (const name of [...created]) {
      await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((error) => console.error(`could not drop ${name}: ${(error as Error).message}`));
      created.delete(name);
    }
  };
  // npx and tsx pass Ctrl-C on to the script as well, so the signal may come more than once.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void dropAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await benchmark();
  } finally {
    await dropAll();
  }
}

/** One table's rows in the order they are inserted: the same rows go into either database. */
export type Table = { name: string; columns: string[]; rows: unknown[][] };

export const table = (name: string, columns: string[]): Table => ({ name, columns, rows: [] });

const quote = (name: string) => `"${name}"`;

/** Inserts the tables' rows in one transaction with prepared statements (booleans as 0 and 1, as SQLite stores them). */
export function loadSqlite(sqlite: Database.Database, tables: Table[]): void {
  sqlite.transaction(() => {
    for (const { name, columns, rows } of tables) {
      const insert = sqlite.prepare(`INSERT INTO ${quote(name)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const row of rows) insert.run(...row.map((value) => (typeof value === 'boolean' ? Number(value) : value)));
    }
  })();
}

/** PostgreSQL binds at most 65,535 parameters to one statement. */
const MAX_PARAMETERS = 65_535;

/**
 * Inserts the tables' rows in one transaction, as many rows to a multi-row INSERT as its
 * parameters allow; then moves each `id` sequence past the ids given, so that the app's own
 * inserts do not collide with them, and runs VACUUM ANALYZE — what autovacuum would do some
 * time after a bulk load, done before anything is timed so that it does not land in a round.
 */
export async function loadPostgres(url: string, tables: Table[]): Promise<void> {
  const client = new pg.Client(postgresConfig(url));
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const { name, columns, rows } of tables) {
      const perStatement = Math.floor(MAX_PARAMETERS / columns.length);
      for (let start = 0; start < rows.length; start += perStatement) {
        const batch = rows.slice(start, start + perStatement);
        const values = batch.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
        await client.query(`INSERT INTO ${quote(name)} (${columns.map(quote).join(', ')}) VALUES ${values.join(', ')}`, batch.flat());
      }
      if (columns.includes('id') && rows.length > 0) {
        await client.query(`SELECT setval(pg_get_serial_sequence('${quote(name)}', 'id'), (SELECT MAX("id") FROM ${quote(name)}))`);
      }
    }
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

/** The smallest, middle (the upper one of an even count) and largest of some figures. */
export type Spread = { min: number; median: number; max: number };

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted[sorted.length - 1]! };
}

/** Round by round, the PostgreSQL figure over the SQLite one. */
export const perRoundRatios = (postgresql: number[], sqlite: number[]) => postgresql.map((value, round) => value / sqlite[round]!);

export const showMs = ({ min, median, max }: Spread, digits = 0) => `${min.toFixed(digits)} / ${median.toFixed(digits)} / ${max.toFixed(digits)} ms`;

export const showRatio = ({ min, median, max }: Spread) => `${min.toFixed(2)} / ${median.toFixed(2)} / ${max.toFixed(2)}`;

/** A Markdown table, its columns padded to line up in a terminal. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, c) => Math.max(cell.length, 3, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
