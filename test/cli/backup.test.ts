/**
 * `xinbao backup` and `xinbao restore` through the real CLI (docs/backups.md): a backup taken
 * while another process keeps committing holds every commit made before it began and is whole;
 * a restore is refused while `npm start` has the database open, and done once it stopped, or
 * after it was killed and left its log, heartbeat and lock files behind; files that are no Xinbao
 * backup, or a newer Xinbao's, are refused with nothing changed; an existing --out is never
 * overwritten; PostgreSQL is pointed to pg_dump and pg_restore. SQLite only (vitest.config.ts,
 * SQLITE_ONLY): it is SQLite's online backup; PostgreSQL's is pg_dump.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegramServer.ts';
import { migratedDatabase } from '../support/databases.ts';
import { npmDetached, type NpmProcess, root, xinbao } from '../support/run.ts';

let migrated: string;
let dir: string;

beforeAll(async () => {
  migrated = await migratedDatabase('sqlite');
});
afterAll(() => rmSync(path.dirname(migrated), { recursive: true, force: true }));
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'xinbao-backup-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A new migrated database in the test folder: its file. */
function office(name = 'office.db'): string {
  const file = path.join(dir, name);
  copyFileSync(migrated, file);
  return file;
}

const escaped = (text: string) => text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
const env = (file: string) => ({ DATABASE_URL: `file:${file}` });

/** Runs `work` on the SQLite file, opened by a connection of this process. */
function withFile<T>(file: string, work: (db: Database.Database) => T, options: Database.Options = {}): T {
  const db = new Database(file, { fileMustExist: true, ...options });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const mark = (file: string, marker: string) =>
  withFile(file, (db) => db.prepare("INSERT INTO ProcessedUpdate (platform, updateId) VALUES ('marker', ?)").run(marker));
const markers = (file: string) =>
  withFile(
    file,
    (db) =>
      (db.prepare("SELECT updateId FROM ProcessedUpdate WHERE platform = 'marker' ORDER BY updateId").all() as { updateId: string }[]).map(
        (row) => row.updateId,
      ),
    {
      readonly: true,
    },
  );
/** Whatever the restore could have left or changed beside the database: the folder's file names. */
const listing = () => readdirSync(dir).sort();

/**
 * A process of its own that commits pairs of rows into ProcessedUpdate as fast as it can, in WAL
 * mode as the service does, printing the number of pairs after each commit; it stops when its
 * stdin ends.
 */
const WRITER = `
import Database from 'better-sqlite3';
const db = new Database(process.argv[1], { timeout: 5000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const insert = db.prepare('INSERT INTO ProcessedUpdate (platform, updateId) VALUES (?, ?)');
const pair = db.transaction((n) => { insert.run('writer-a', String(n)); insert.run('writer-b', String(n)); });
let n = 0;
let stopping = false;
process.stdin.on('end', () => (stopping = true)).resume();
const step = () => {
  if (stopping) { db.close(); process.stdout.write('done\\n'); return; }
  pair(++n);
  process.stdout.write(n + '\\n');
  setImmediate(step);
};
step();
`;

function startWriter(file: string) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--input-type=module', '-e', WRITER, file], { cwd: root });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (errors += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  /** The pairs it has said are committed. */
  const committed = () =>
    Number(
      output
        .trimEnd()
        .split('\n')
        .filter((line) => /^\d+$/.test(line))
        .at(-1) ?? 0,
    );
  return {
    committed,
    stop: async () => {
      child.stdin.end();
      return { code: await exited, errors };
    },
  };
}

describe('xinbao backup while another process writes', () => {
  it('holds every commit made before it began, is whole, and restores into a new place as a working Xinbao database', async () => {
    const file = office();
    // Some bulk, so that the copy is not a single page's work.
    withFile(file, (db) => {
      const insert = db.prepare("INSERT INTO ProcessedUpdate (platform, updateId) VALUES ('bulk', ?)");
      db.transaction(() => {
        for (let n = 0; n < 100_000; n++) insert.run(`bulk-update-${n}`);
      })();
    });
    const writer = startWriter(file);
    try {
      await expect.poll(writer.committed, { timeout: 20_000 }).toBeGreaterThan(200);
      const committedBefore = writer.committed();
      const out = path.join(dir, 'backup.db');
      const backup = await xinbao(['backup', '--out', out], { env: env(file) });
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.stdout).toMatch(new RegExp(`^Backed up ${escaped(file)} to ${escaped(out)}: \\d+ bytes, \\d+ migrations, integrity_check ok\\.\\n$`));
      // The writer went on committing through the backup, which never stopped it.
      expect(writer.committed()).toBeGreaterThan(committedBefore);
      expect(statSync(out).mode & 0o777).toBe(0o600);

      const restored = path.join(dir, 'elsewhere', 'restored.db');
      const restore = await xinbao(['restore', out], { env: env(restored) });
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      expect(restore.stdout).toBe(`Restored ${out} to ${restored}.\n`);
      expect(statSync(restored).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(restored)).mode & 0o777).toBe(0o700);

      const { pairs, halves, highest, integrity } = withFile(
        restored,
        (db) => ({
          pairs: (db.prepare("SELECT count(*) AS n FROM ProcessedUpdate WHERE platform = 'writer-a'").get() as { n: number }).n,
          halves: (db.prepare("SELECT count(*) AS n FROM ProcessedUpdate WHERE platform = 'writer-b'").get() as { n: number }).n,
          highest: (db.prepare("SELECT max(CAST(updateId AS INTEGER)) AS n FROM ProcessedUpdate WHERE platform = 'writer-a'").get() as { n: number }).n,
          integrity: db.pragma('integrity_check', { simple: true }),
        }),
        { readonly: true },
      );
      expect(integrity).toBe('ok');
      expect(pairs).toBeGreaterThanOrEqual(committedBefore);
      // Every transaction whole, none skipped: pairs 1…N, both rows of each.
      expect(halves).toBe(pairs);
      expect(highest).toBe(pairs);
      // The restored database is one this Xinbao opens as its own.
      const migrate = await xinbao(['migrate'], { env: env(restored) });
      expect(migrate.stdout).toBe('The database is up to date.\n');
    } finally {
      const { code, errors } = await writer.stop();
      expect(errors).toBe('');
      expect(code).toBe(0);
    }
  }, 90_000);
});

describe('xinbao restore beside npm start', () => {
  let telegram: FakeTelegram;
  let npm: NpmProcess | undefined;
  let file: string;
  let backup: string;

  beforeEach(async () => {
    telegram = await startFakeTelegram();
    file = office();
    mark(file, 'in-backup');
    backup = path.join(dir, 'backup.db');
    expect((await xinbao(['backup', '--out', backup], { env: env(file) })).code).toBe(0);
    mark(file, 'after-backup');
    npm = npmDetached(['start'], {
      env: { ...env(file), TELEGRAM_BOT_TOKEN: '123456:restore-test', TELEGRAM_API_ROOT: telegram.apiRoot, PORT: '0', HOST: '127.0.0.1' },
    });
    await npm.shown('"msg":"listening on 127.0.0.1:');
  }, 60_000);

  afterEach(async () => {
    npm?.killGroup();
    npm = undefined;
    await telegram?.close();
  });

  it('is refused while the service runs, with nothing changed, and done once it has stopped', async () => {
    const before = listing();
    const refused = await xinbao(['restore', backup], { env: env(file) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `xinbao: A running Xinbao has ${file} open (the service, a console or another xinbao command): stop it, then restore again; nothing was changed.\n`,
    );
    expect(listing()).toEqual(before);
    expect(markers(file)).toEqual(['after-backup', 'in-backup']);

    process.kill(npm!.pid, 'SIGTERM');
    expect(await npm!.exited).toEqual({ code: 0, signal: null });
    const restore = await xinbao(['restore', backup], { env: env(file) });
    expect(restore.code).toBe(0);
    const kept = listing().find((name) => name.startsWith('office.db.before-restore-'));
    expect(kept).toMatch(/^office\.db\.before-restore-\d{8}T\d{6}Z$/);
    expect(restore.stdout).toBe(`Restored ${backup} to ${file}.\nThe database it replaced is kept as ${path.join(dir, kept!)}.\n`);
    expect(markers(file)).toEqual(['in-backup']);
    expect(markers(path.join(dir, kept!))).toEqual(['after-backup', 'in-backup']);
  }, 60_000);

  it('is done after the service was killed, whatever it left behind: its log, its lock files, its heartbeat', async () => {
    // The dispatcher's heartbeat is written: the killed service leaves it, naming a pid now dead.
    await expect
      .poll(() => withFile(file, (db) => db.prepare('SELECT count(*) AS n FROM DispatcherBeat').get() as { n: number }, { readonly: true }).n)
      .toBe(1);
    npm!.killGroup();
    await expect.poll(() => npm!.groupAlive(), { timeout: 10_000 }).toBe(false);
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(existsSync(`${file}-shm`)).toBe(true);

    const restore = await xinbao(['restore', backup], { env: env(file) });
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    // The restored file is what opens: no log or shared-memory file of the old one beside it.
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
    expect(markers(file)).toEqual(['in-backup']);
    // The replaced database is whole, with what the killed service had committed in its log.
    const kept = path.join(dir, listing().find((name) => name.startsWith('office.db.before-restore-'))!);
    expect(withFile(kept, (db) => db.pragma('integrity_check', { simple: true }), { readonly: true })).toBe('ok');
    expect(withFile(kept, (db) => db.prepare('SELECT count(*) AS n FROM DispatcherBeat').get() as { n: number }, { readonly: true }).n).toBe(1);
    expect(markers(kept)).toEqual(['after-backup', 'in-backup']);
  }, 60_000);
});

describe('xinbao restore of a file that is no backup to restore', () => {
  /** A real backup of a migrated database, for the cases made from one. */
  async function realBackup(name: string): Promise<string> {
    const out = path.join(dir, name);
    expect((await xinbao(['backup', '--out', out], { env: env(office(`source-of-${name}`)) })).code).toBe(0);
    return out;
  }

  const cases: { what: string; make: () => Promise<string>; says: (file: string) => string | RegExp }[] = [
    {
      what: 'a text file',
      make: async () => {
        writeFileSync(path.join(dir, 'notes.txt'), 'not a database\n');
        return path.join(dir, 'notes.txt');
      },
      says: (file) => `xinbao: ${file} is not a Xinbao backup (it is not a SQLite database): give a file made by npx xinbao backup.\n`,
    },
    {
      what: "another program's SQLite database",
      make: async () => {
        const file = path.join(dir, 'other.db');
        withFile(file, (db) => db.exec('CREATE TABLE things (name TEXT)'), { fileMustExist: false });
        return file;
      },
      says: (file) =>
        `xinbao: ${file} is not a Xinbao backup (it has no _prisma_migrations table, so it is not a Xinbao database): give a file made by npx xinbao backup.\n`,
    },
    {
      what: 'a backup cut short',
      make: async () => {
        const file = await realBackup('cut.db');
        truncateSync(file, Math.floor(statSync(file).size / 2));
        return file;
      },
      says: (file) =>
        new RegExp(
          `^xinbao: ${escaped(file)} is not a Xinbao backup \\((integrity_check says|SQLite cannot read it): .+\\): give a file made by npx xinbao backup\\.\\n$`,
        ),
    },
    {
      what: "a newer Xinbao's backup",
      make: async () => {
        const file = await realBackup('newer.db');
        withFile(file, (db) =>
          db
            .prepare(
              "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('future', '0', '29991231000000_from_the_future', 0, 0, 1)",
            )
            .run(),
        );
        return file;
      },
      says: (file) =>
        `xinbao: ${file} was made by a newer Xinbao (migrations this version does not know: 29991231000000_from_the_future): restore it with that version, or give an older backup.\n`,
    },
  ];

  for (const { what, make, says } of cases) {
    it(`refuses ${what}, with nothing changed`, async () => {
      const target = office();
      mark(target, 'live');
      const file = await make();
      const bytes = readFileSync(target);
      const before = listing();
      const refused = await xinbao(['restore', file], { env: env(target) });
      expect(refused.code).toBe(1);
      const said = says(file);
      if (typeof said === 'string') expect(refused.stderr).toBe(said);
      else expect(refused.stderr).toMatch(said);
      expect(listing()).toEqual(before);
      expect(readFileSync(target).equals(bytes)).toBe(true);
    });
  }
});

describe('xinbao backup refusals', () => {
  it('never overwrites an existing --out, and backs up no database that is not there', async () => {
    const file = office();
    const out = path.join(dir, 'taken.db');
    writeFileSync(out, 'keep me');
    const refused = await xinbao(['backup', '--out', out], { env: env(file) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`xinbao: ${out} exists already: give --out the name of a new file (a backup never overwrites one).\n`);
    expect(readFileSync(out, 'utf8')).toBe('keep me');

    const missing = path.join(dir, 'missing.db');
    const none = await xinbao(['backup', '--out', path.join(dir, 'new.db')], { env: env(missing) });
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`xinbao: There is no database file at ${missing}: set DATABASE_URL to the office's database.\n`);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(path.join(dir, 'new.db'))).toBe(false);
  });

  it('points a PostgreSQL DATABASE_URL to pg_dump and pg_restore, exit 2', async () => {
    const postgres = { DATABASE_URL: 'postgresql://xinbao@127.0.0.1:5432/xinbao' };
    const backup = await xinbao(['backup', '--out', path.join(dir, 'pg.dump')], { env: postgres });
    expect(backup.code).toBe(2);
    expect(backup.stderr).toBe(
      'xinbao: DATABASE_URL names a PostgreSQL database: back it up with pg_dump --format=custom --no-owner (docs/backups.md has the exact command).\n',
    );
    const restore = await xinbao(['restore', path.join(dir, 'pg.dump')], { env: postgres });
    expect(restore.code).toBe(2);
    expect(restore.stderr).toBe(
      'xinbao: DATABASE_URL names a PostgreSQL database: restore it with pg_restore --no-owner (docs/backups.md has the exact command).\n',
    );
    expect(listing()).toEqual([]);
  });
});
