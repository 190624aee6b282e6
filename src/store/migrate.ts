/**
 * Applies the committed migrations to a database, offline: prisma/migrations/sqlite for a SQLite
 * file, prisma/migrations/postgresql for a PostgreSQL database (docs/database.md).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import Database from 'better-sqlite3';
import { emptyFilters, startSchemaEngine } from './schemaEngine.ts';
import { createPrivately, type Dialect, dialectOfUrl, postgresConfig, sqliteFilePath } from './client.ts';
import { DatabaseSetupError, explainConnectionError } from './setupError.ts';
import { providerSchema } from './providerSchema.mjs';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const schemaPath = path.join(projectRoot, 'prisma/schema.prisma');
export const migrationsRoot = path.join(projectRoot, 'prisma/migrations');

/** The folder of one dialect's migrations. */
export const migrationsDir = (dialect: Dialect) => path.join(migrationsRoot, dialect);

type MigrationDirectory = {
  path: string;
  migrationFile: { path: string; content: { tag: 'ok'; value: string } };
};

/** Reads a dialect's migration folders in order, as `prisma migrate deploy` would. */
export function readMigrations(dialect: Dialect): MigrationDirectory[] {
  const dir = migrationsDir(dialect);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: readFileSync(path.join(dir, name, 'migration.sql'), 'utf8') },
      },
    }));
}

/** The migrations recorded as finished in an open SQLite database, or `undefined` when it has no migrations table. */
export function finishedMigrations(db: Database.Database): Set<string> | undefined {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
  if (!table) return undefined;
  const rows = db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').all() as {
    migration_name: string;
  }[];
  return new Set(rows.map((row) => row.migration_name));
}

/** The migrations recorded as finished in a SQLite file (none for a new file). */
function appliedInSqlite(file: string): Set<string> {
  if (!existsSync(file)) return new Set();
  const db = new Database(file, { readonly: true, timeout: 5000 });
  try {
    return finishedMigrations(db) ?? new Set();
  } finally {
    db.close();
  }
}

/**
 * The migrations recorded as finished in a PostgreSQL database. The first connection is where
 * a wrong address, password or database name shows: each becomes one sentence.
 */
async function appliedInPostgres(databaseUrl: string): Promise<Set<string>> {
  const { default: pg } = await import('pg');
  const client = new pg.Client(postgresConfig(databaseUrl));
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw explainConnectionError(error, databaseUrl);
  }
  try {
    const found = await client.query<{ present: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
    if (!found.rows[0]?.present) return new Set();
    const rows = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return new Set(rows.rows.map((row) => row.migration_name));
  } finally {
    await client.end();
  }
}

/** The migrations a database has, or that it is not reachable (one sentence). */
export async function appliedMigrations(databaseUrl: string): Promise<Set<string>> {
  if (dialectOfUrl(databaseUrl) === 'postgresql') return appliedInPostgres(databaseUrl);
  const file = sqliteFilePath(databaseUrl);
  createPrivately(file);
  return appliedInSqlite(file);
}

/**
 * Refuses a database that holds migrations this build does not have: the other database's
 * migrations (a SQLite file's history copied into PostgreSQL by hand, say) or a newer Xinbao's.
 */
function refuseForeign(dialect: Dialect, applied: Set<string>): void {
  const known = new Set(readMigrations(dialect).map((migration) => migration.path));
  const foreign = [...applied].filter((name) => !known.has(name));
  if (foreign.length === 0) return;
  const other: Dialect = dialect === 'sqlite' ? 'postgresql' : 'sqlite';
  const fromOther = readMigrations(other).some((migration) => foreign.includes(migration.path));
  throw new DatabaseSetupError(
    fromOther
      ? `This database was migrated for ${other === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, not ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: point DATABASE_URL at an empty database and move the data with xinbao db copy.`
      : `This database has migrations this version of Xinbao does not know (${foreign.slice(0, 3).join(', ')}): run the Xinbao version that wrote them, or an empty database.`,
  );
}

/** The adapter factory the schema engine applies a dialect's migrations through. */
async function migrationAdapter(databaseUrl: string): Promise<SqlMigrationAwareDriverAdapterFactory> {
  if (dialectOfUrl(databaseUrl) === 'sqlite') return new PrismaBetterSqlite3({ url: `file:${sqliteFilePath(databaseUrl)}` });
  const { PrismaPg } = await import('@prisma/adapter-pg');
  return new PrismaPg(postgresConfig(databaseUrl));
}

/** Whether every migration of the database's dialect has been applied (nothing is written). */
export async function migrationsCurrent(databaseUrl: string): Promise<boolean> {
  const dialect = dialectOfUrl(databaseUrl);
  const applied = await appliedMigrations(databaseUrl);
  refuseForeign(dialect, applied);
  return readMigrations(dialect).every((migration) => applied.has(migration.path));
}

/**
 * Applies every pending migration; returns the names of those just applied. Idempotent. The
 * schema engine is started only when a migration is pending: on SQLite it locks the file
 * exclusively, so a second instance, or `xinbao jobs run` beside a running server, opens at once.
 * On PostgreSQL the engine takes an advisory lock, so two instances starting together apply each
 * migration once.
 */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const dialect = dialectOfUrl(databaseUrl);
  if (await migrationsCurrent(databaseUrl)) return [];
  const dir = migrationsDir(dialect);
  const schemaText = providerSchema(dialect, undefined, readFileSync(schemaPath, 'utf8'));
  const { engine, explain, close } = await startSchemaEngine(schemaPath, schemaText, await migrationAdapter(databaseUrl));
  try {
    const result = await engine.applyMigrations({
      migrationsList: {
        baseDir: dir,
        lockfile: { path: 'migration_lock.toml', content: readFileSync(path.join(dir, 'migration_lock.toml'), 'utf8') },
        migrationDirectories: readMigrations(dialect),
        shadowDbInitScript: '',
      },
      filters: emptyFilters,
    });
    return result.appliedMigrationNames;
  } catch (error) {
    throw explain(error);
  } finally {
    await close();
  }
}
