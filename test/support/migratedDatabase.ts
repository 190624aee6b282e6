/** The database file the test apps are copied from. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from '../../src/store/migrate.ts';

/**
 * Applies the migrations to a new database file in a new temporary folder; returns the file.
 * Snapshots of seeded databases are kept in the same folder, so removing it removes them all.
 */
export async function migratedDatabase(): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'xinbao-tests-')), 'migrated.db');
  await migrate(`file:${file}`);
  return file;
}
