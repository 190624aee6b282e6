/**
 * The database holds the office's data: the folder and file the project creates for it are
 * private to the service's user, and an operator's own folder or file is left as it is.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, tuneSqlite } from '../../src/store/client.ts';
import { migrate } from '../../src/store/migrate.ts';

const mode = (file: string) => statSync(file).mode & 0o777;

describe('the database file and its folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinbao-dbfile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are created private by migrate: folders 0700, the file and its WAL files 0600', async () => {
    const file = path.join(dir, 'srv/data/xinbao.db');
    await migrate(`file:${file}`);
    expect(mode(path.join(dir, 'srv'))).toBe(0o700);
    expect(mode(path.join(dir, 'srv/data'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    const db = await createDb(`file:${file}`);
    try {
      await tuneSqlite(db);
      await db.$executeRawUnsafe('CREATE TABLE written (id INTEGER)');
      expect(mode(`${file}-wal`)).toBe(0o600);
      expect(mode(`${file}-shm`)).toBe(0o600);
    } finally {
      await db.$disconnect();
    }
  });

  it('are created private by createDb too, when nothing was migrated', async () => {
    const file = path.join(dir, 'fresh/x.db');
    const db = await createDb(`file:${file}`);
    try {
      await db.$queryRawUnsafe('SELECT 1');
      expect(mode(path.join(dir, 'fresh'))).toBe(0o700);
      expect(mode(file)).toBe(0o600);
    } finally {
      await db.$disconnect();
    }
  });

  it('an existing folder and file keep their modes', async () => {
    const folder = path.join(dir, 'shared');
    mkdirSync(folder);
    chmodSync(folder, 0o750);
    const file = path.join(folder, 'x.db');
    writeFileSync(file, '');
    chmodSync(file, 0o640);
    await migrate(`file:${file}`);
    expect(mode(folder)).toBe(0o750);
    expect(mode(file)).toBe(0o640);
  });
});
