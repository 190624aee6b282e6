/**
 * Applies the committed migrations in prisma/migrations to a database, offline.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { emptyFilters, startSchemaEngine } from './schemaEngine.ts';
import { createPrivately, sqliteFilePath } from './client.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const schemaPath = path.join(projectRoot, 'prisma/schema.prisma');
export const migrationsDir = path.join(projectRoot, 'prisma/migrations');

type MigrationDirectory = {
  path: string;
  migrationFile: { path: string; content: { tag: 'ok'; value: string } };
};

/** Reads the migration folders in order, as `prisma migrate deploy` would. */
function readMigrations(dir = migrationsDir): MigrationDirectory[] {
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

/** The migrations recorded as finished in the database (none for a new file). */
function appliedMigrations(file: string): Set<string> {
  if (!existsSync(file)) return new Set();
  const db = new Database(file, { readonly: true, timeout: 5000 });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return new Set();
    const rows = db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').all() as {
      migration_name: string;
    }[];
    return new Set(rows.map((row) => row.migration_name));
  } finally {
    db.close();
  }
}

/**
 * Applies every pending migration; returns the names of those just applied. Idempotent. The
 * schema engine locks the database exclusively, so it is started only when a migration is
 * pending: a second instance, or `xinbao jobs run` beside a running server, opens at once.
 */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const file = sqliteFilePath(databaseUrl);
  createPrivately(file);
  const applied = appliedMigrations(file);
  if (readMigrations().every((migration) => applied.has(migration.path))) return [];
  const factory = new PrismaBetterSqlite3({ url: `file:${file}` });
  const { engine, explain, close } = await startSchemaEngine(schemaPath, readFileSync(schemaPath, 'utf8'), factory);
  try {
    const result = await engine.applyMigrations({
      migrationsList: {
        baseDir: migrationsDir,
        lockfile: {
          path: 'migration_lock.toml',
          content: readFileSync(path.join(migrationsDir, 'migration_lock.toml'), 'utf8'),
        },
        migrationDirectories: readMigrations(),
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
