/**
 * Applies the committed migrations in prisma/migrations to a database, offline.
 */
import { mkdirSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { emptyFilters, startSchemaEngine } from './schemaEngine.ts';
import { sqliteFilePath } from './client.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const schemaPath = path.join(projectRoot, 'prisma/schema.prisma');
export const migrationsDir = path.join(projectRoot, 'prisma/migrations');

type MigrationDirectory = {
  path: string;
  migrationFile: { path: string; content: { tag: 'ok'; value: string } };
};

/** Reads the migration folders in order, as `prisma migrate deploy` would. */
export function readMigrations(dir = migrationsDir): MigrationDirectory[] {
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

/** Applies every pending migration; returns the names of those just applied. Idempotent. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const file = sqliteFilePath(databaseUrl);
  mkdirSync(path.dirname(file), { recursive: true });
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
