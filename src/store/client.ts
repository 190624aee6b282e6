/**
 * The one place that builds the Prisma client: SQLite for a `file:` URL, PostgreSQL for a
 * `postgresql://` one (docs/database.md). Prisma bakes the provider into the generated client, so
 * there are two, generated from one schema; both have the same models and methods, and the
 * store is typed by SQLite's.
 */
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/sqlite/client.ts';

export type Db = PrismaClient;

/** The two databases Xinbao runs on. */
export type Dialect = 'sqlite' | 'postgresql';

/** Which database a URL names (config.ts has already refused any other form). */
export function dialectOfUrl(databaseUrl: string): Dialect {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgresql' : 'sqlite';
}

const dialects = new WeakMap<object, Dialect>();

/** The database behind a client opened by `createDb` (raw SQL picks its variant by it). */
export function dialectOf(db: Db): Dialect {
  return dialects.get(db) ?? 'sqlite';
}

/** The SQLite file a client opened: where, and which file it was (its device and inode). */
const openedFiles = new WeakMap<object, { path: string; dev: number; ino: number }>();

/**
 * Whether the database answers: a trivial statement, and for SQLite that the file at the URL is
 * still the one the client opened (a file deleted, moved or replaced under a running service
 * leaves it writing where nobody will read). Rejects with what is wrong.
 */
export async function pingDatabase(db: Db): Promise<void> {
  const opened = openedFiles.get(db);
  if (opened) {
    let now: { dev: number; ino: number };
    try {
      now = statSync(opened.path);
    } catch {
      throw new Error(`the database file ${opened.path} is gone`);
    }
    if (now.dev !== opened.dev || now.ino !== opened.ino) throw new Error(`the database file ${opened.path} was replaced by another file`);
  }
  await db.$queryRawUnsafe('SELECT 1');
}

/** The file path behind a `file:` SQLite URL, resolved against the working directory. */
export function sqliteFilePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:')) throw new Error(`Not a SQLite file URL: ${databaseUrl.split(':')[0]}:`);
  return path.resolve(databaseUrl.slice('file:'.length));
}

/**
 * The connection settings for a PostgreSQL URL: every session in UTC, so that nothing depends
 * on the server's time zone (times are stored as timestamptz, instants either way).
 */
export function postgresConfig(databaseUrl: string) {
  return { connectionString: databaseUrl, options: '-c TimeZone=UTC', connectionTimeoutMillis: 10_000 };
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

export type DbOptions = {
  /** Hears each statement the database refuses for a fault (see `hearingErrors`), by the driver's kind of error. */
  onError?: (kind: string) => void;
};

/**
 * Opens the database at `databaseUrl`. SQLite: the file created privately, a busy timeout so
 * two processes can share it. PostgreSQL: a connection pool, its client loaded only then.
 */
export async function createDb(databaseUrl: string, options: DbOptions = {}): Promise<Db> {
  if (dialectOfUrl(databaseUrl) === 'postgresql') {
    const [{ PrismaPg }, generated] = await Promise.all([import('@prisma/adapter-pg'), import('./generated/postgresql/client.ts')]);
    const adapter = new PrismaPg(postgresConfig(databaseUrl));
    const listener = statementListener;
    const heard = listener ? hearingStatements(adapter, listener) : adapter;
    const db = new generated.PrismaClient({ adapter: options.onError ? hearingErrors(heard, options.onError) : heard }) as unknown as Db;
    dialects.set(db, 'postgresql');
    return db;
  }
  const file = sqliteFilePath(databaseUrl);
  createPrivately(file);
  const { dev, ino } = statSync(file);
  const adapter = new PrismaBetterSqlite3({ url: `file:${sqliteFilePath(databaseUrl)}`, timeout: 5000 } as never);
  const reusing = reusingStatements(adapter, statementListener);
  const db = new PrismaClient({ adapter: options.onError ? hearingErrors(reusing, options.onError) : reusing });
  dialects.set(db, 'sqlite');
  openedFiles.set(db, { path: file, dev, ino });
  return db;
}

/** A PostgreSQL adapter factory whose connections report each statement's text to `listener`. */
function hearingStatements<F extends { connect(): Promise<object> }>(factory: F, listener: StatementListener): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as { queryRaw(query: { sql: string }): Promise<unknown>; executeRaw(query: { sql: string }): Promise<unknown> };
    for (const method of ['queryRaw', 'executeRaw'] as const) {
      const original = adapter[method].bind(adapter);
      adapter[method] = (query) => {
        listener(query.sql);
        return original(query);
      };
    }
    return adapter;
  };
  return factory;
}

/** Refusals that are the data's rules doing their work (a unique key taken: the store relies on it), not faults. */
const RULE_REFUSALS = new Set(['UniqueConstraintViolation', 'NullConstraintViolation', 'ForeignKeyConstraintViolation', 'RestrictViolation']);

type Queryable = { queryRaw(query: unknown): Promise<unknown>; executeRaw(query: unknown): Promise<unknown> };
type Connection = Queryable & { executeScript(script: string): Promise<void>; startTransaction(...args: unknown[]): Promise<Queryable & object> };

/**
 * An adapter factory whose connections and transactions report each statement the database
 * refuses for a fault (unreachable, timed out, locked, a missing table…) to `onError`, by the
 * kind the driver adapter gives it (`DatabaseNotReachable`, `SocketTimeout`, `sqlite`,
 * `postgres`…); a refusal by a rule of the data (`RULE_REFUSALS`) is not one. The error goes on
 * to Prisma as it was.
 */
function hearingErrors<F extends { connect(): Promise<object> }>(factory: F, onError: (kind: string) => void): F {
  const heard = <T>(work: Promise<T>): Promise<T> =>
    work.catch((error: unknown) => {
      const kind = (error as { cause?: { kind?: unknown } }).cause?.kind;
      const named = typeof kind === 'string' ? kind : 'other';
      if (!RULE_REFUSALS.has(named)) onError(named);
      throw error;
    });
  const watch = <Q extends Queryable>(queryable: Q): Q => {
    const queryRaw = queryable.queryRaw.bind(queryable);
    const executeRaw = queryable.executeRaw.bind(queryable);
    queryable.queryRaw = (query) => heard(queryRaw(query));
    queryable.executeRaw = (query) => heard(executeRaw(query));
    return queryable;
  };
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const connection = watch((await heard(connect())) as Connection);
    const executeScript = connection.executeScript.bind(connection);
    const startTransaction = connection.startTransaction.bind(connection);
    connection.executeScript = (script) => heard(executeScript(script));
    connection.startTransaction = async (...args) => watch(await heard(startTransaction(...args)));
    return connection;
  };
  return factory;
}

/**
 * Write-ahead logging: readers do not block the writer, and a commit costs one sync instead of
 * several (synchronous=NORMAL is durable across a crash of the process; WAL keeps it consistent
 * across a power loss). The journal mode is kept in the file; the rest is per connection.
 * PostgreSQL needs none of this.
 */
export async function tuneSqlite(db: Db): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
}
