/**
 * Backing up a SQLite database while it is in use, and putting a backup back (docs/backups.md).
 *
 * A backup is `VACUUM INTO` a new 0600 file: one read transaction, so it is one consistent
 * snapshot that a writer in another process neither blocks nor spoils (SQLite's incremental
 * backup API starts again from the first page whenever another process commits between two of
 * its steps, and under steady writes never finishes). The copy is then checked on its own.
 *
 * A restore takes the database over only when no other connection has it open: SQLite's own lock,
 * which the kernel drops when a process dies, so a crashed service leaves nothing that blocks it.
 */
import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { finishedMigrations, readMigrations } from './migrate.ts';

/** A backup or restore refused: its message is one sentence saying what to do instead; nothing was changed. */
export class BackupRefused extends Error {}

export type BackupReport = { bytes: number; migrations: number };

export type RestoreReport = {
  /** Where the database that was replaced is kept; `undefined` when there was none. */
  keptAs: string | undefined;
  /** Migrations of this build the backup does not have yet: the next start applies them. */
  pending: number;
};

/** What a file is as a backup: its migrations, or what is wrong with it (a short phrase). */
export type BackupCheck = { ok: true; migrations: Set<string> } | { ok: false; problem: string };

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether `file` begins as a SQLite database does (read before SQLite opens it, which could leave files beside it). */
function looksLikeSqlite(file: string): boolean {
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a file, or a folder's entries, to the disk. */
function syncToDisk(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks a backup on its own, opened read-only: a SQLite database, `PRAGMA integrity_check` ok,
 * with Prisma's migrations table.
 */
export function checkBackup(file: string): BackupCheck {
  if (!looksLikeSqlite(file)) return { ok: false, problem: 'it is not a SQLite database' };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return { ok: false, problem: `integrity_check says: ${integrity}` };
    const migrations = finishedMigrations(db);
    if (!migrations) return { ok: false, problem: 'it has no _prisma_migrations table, so it is not a Xinbao database' };
    return { ok: true, migrations };
  } catch (error) {
    if (error instanceof Database.SqliteError) return { ok: false, problem: `SQLite cannot read it: ${error.message}` };
    throw error;
  } finally {
    db?.close();
  }
}

/**
 * Copies the SQLite database `source` into the new file `out` (created 0600; an existing one is
 * refused) as one consistent snapshot, safe while other processes write, then checks the copy.
 * A copy that fails its check is removed.
 */
export function backupSqlite(source: string, out: string): BackupReport {
  if (!existsSync(source)) throw new BackupRefused(`There is no database file at ${source}: set DATABASE_URL to the office's database.`);
  if (!existsSync(path.dirname(path.resolve(out)))) {
    throw new BackupRefused(`The folder ${path.dirname(path.resolve(out))} does not exist: create it, or give --out a file in a folder that exists.`);
  }
  try {
    closeSync(openSync(out, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new BackupRefused(`${out} exists already: give --out the name of a new file (a backup never overwrites one).`);
  }
  try {
    if (!looksLikeSqlite(source)) throw new BackupRefused(`${source} is not a SQLite database: set DATABASE_URL to the office's database.`);
    const db = new Database(source, { fileMustExist: true, timeout: 5000 });
    try {
      db.prepare('VACUUM INTO ?').run(path.resolve(out));
    } catch (error) {
      if (!(error instanceof Database.SqliteError)) throw error;
      throw new BackupRefused(`The backup could not be written (${error.message}), so ${out} was removed: correct the cause and back up again.`);
    } finally {
      db.close();
    }
    // SQLite does not sync what VACUUM INTO writes.
    syncToDisk(out);
    syncToDisk(path.dirname(path.resolve(out)));
    const checked = checkBackup(out);
    if (!checked.ok) {
      throw new BackupRefused(
        `The copy failed its check (${checked.problem}), so ${out} was removed: set DATABASE_URL to the office's database and back up again.`,
      );
    }
    return { bytes: statSync(out).size, migrations: checked.migrations.size };
  } catch (error) {
    rmSync(out, { force: true });
    throw error;
  }
}

/**
 * Takes the database `file` over if no other connection has it open, and folds its write-ahead
 * log into it, so that the file is whole on its own; false (nothing done) while another process
 * holds it. In WAL mode every open connection keeps a shared lock on the file, so an exclusive
 * lock is had only when none is open; the kernel releases a dead process's locks, so a crash
 * leaves nothing behind that would refuse it.
 */
function takeOver(file: string): boolean {
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    db.pragma('wal_checkpoint(TRUNCATE)');
    return true;
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code === 'SQLITE_BUSY') return false;
    // A file that is no database is no one's: it is kept aside like any other.
    if (error instanceof Database.SqliteError && error.code === 'SQLITE_NOTADB') return true;
    throw error;
  } finally {
    db.close();
  }
}

/** `20261201T093000Z` */
const stamp = (now: Date) =>
  now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(/[-:]/g, '');

/** A name beside `file` for the database a restore replaces, one no file has yet. */
function keptName(file: string, now: Date): string {
  const base = `${file}.before-restore-${stamp(now)}`;
  let name = base;
  for (let n = 2; existsSync(name); n++) name = `${base}-${n}`;
  return name;
}

/**
 * Puts the backup `backup` in place of the SQLite database `target`. Refused, with nothing
 * changed, when the backup is not a whole Xinbao backup, has migrations this build does not know,
 * or another process has the target open. The replaced database is kept beside it as
 * `<target>.before-restore-<time>`, and the target's -wal and -shm files are removed, so the
 * restored file is what opens next.
 */
export function restoreSqlite(backup: string, target: string, now: Date): RestoreReport {
  if (!existsSync(backup) || !statSync(backup).isFile()) {
    throw new BackupRefused(`There is no file at ${backup}: give the path of a backup made by npx xinbao backup.`);
  }
  if (existsSync(`${backup}-wal`) && statSync(`${backup}-wal`).size > 0) {
    throw new BackupRefused(
      `${backup} has a write-ahead log beside it (${backup}-wal), so it is a database in use, not a backup: back it up with npx xinbao backup and restore that.`,
    );
  }
  const checked = checkBackup(backup);
  if (!checked.ok) throw new BackupRefused(`${backup} is not a Xinbao backup (${checked.problem}): give a file made by npx xinbao backup.`);
  const known = readMigrations('sqlite').map((migration) => migration.path);
  const unknown = [...checked.migrations].filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new BackupRefused(
      `${backup} was made by a newer Xinbao (migrations this version does not know: ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', …' : ''}): restore it with that version, or give an older backup.`,
    );
  }

  const pending = known.filter((name) => !checked.migrations.has(name)).length;

  // Folders Xinbao creates are private to its user, as for a new database (docs/running.md).
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  // The copy goes beside the target first (0600), so that putting it in place is one rename.
  const incoming = `${target}.restoring`;
  rmSync(incoming, { force: true });
  copyFileSync(backup, incoming);
  let keptAs: string | undefined;
  try {
    chmodSync(incoming, 0o600);
    syncToDisk(incoming);
    if (existsSync(target) && !takeOver(target)) {
      throw new BackupRefused(
        `A running Xinbao has ${target} open (the service, a console or another xinbao command): stop it, then restore again; nothing was changed.`,
      );
    }
    if (existsSync(target)) {
      keptAs = keptName(target, now);
      renameSync(target, keptAs);
    }
    renameSync(incoming, target);
  } catch (error) {
    rmSync(incoming, { force: true });
    throw error;
  }
  // What is left of the replaced database's log (folded into it above) must not meet the restored file.
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
  rmSync(`${target}-journal`, { force: true });
  syncToDisk(path.dirname(target));
  return { keptAs, pending };
}
