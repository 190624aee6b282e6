/**
 * Benchmark (run by hand: `npx tsx bench/backup.ts [MB] [--give-up SECONDS]`): a backup of a
 * SQLite database of about MB megabytes (default 60) while another process commits as fast as it
 * can, in WAL mode as the service does (docs/backups.md, docs/benchmarks.md).
 *
 * It times `backupSqlite` (VACUUM INTO, what `xinbao backup` runs) three times, and, for the
 * record of why, better-sqlite3's `.backup()` (SQLite's paged backup API, 100 pages a step) up to
 * --give-up seconds (default 60), counting how often it started again from the first page. For
 * each it counts the writer's commits during the copy: a backup must not stop the office's work.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { backupSqlite } from '../src/store/backup.ts';
import { migrate, projectRoot } from '../src/store/migrate.ts';

const { values, positionals } = parseArgs({ options: { 'give-up': { type: 'string', default: '60' } }, allowPositionals: true });
const megabytes = Number(positionals[0] ?? 60);
const giveUpMs = Number(values['give-up']) * 1000;

const WRITER = `
import Database from 'better-sqlite3';
const db = new Database(process.argv[1], { timeout: 5000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const insert = db.prepare("INSERT INTO ProcessedUpdate (platform, updateId) VALUES ('writer', ?)");
let n = 0;
process.on('message', () => process.send(n));
const step = () => { insert.run(String(++n)); setImmediate(step); };
step();
`;

const dir = mkdtempSync(path.join(tmpdir(), 'xinbao-bench-backup-'));
let writer: ChildProcess | undefined;
try {
  const file = path.join(dir, 'office.db');
  await migrate(`file:${file}`);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const insert = db.prepare("INSERT INTO ProcessedUpdate (platform, updateId) VALUES ('bulk', ?)");
  // About 100 bytes a row with its index entry.
  const rows = megabytes * 10_000;
  db.transaction(() => {
    for (let n = 0; n < rows; n++) insert.run(`bulk-${n}-${'x'.repeat(40)}`);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  console.log(`database: ${(statSync(file).size / 1e6).toFixed(1)} MB, ${rows} bulk rows; a writer commits one row at a time beside it`);

  writer = spawn(process.execPath, ['--input-type=module', '-e', WRITER, file], { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const commits = () => new Promise<number>((resolve) => writer!.once('message', (n) => resolve(n as number)).send('count'));
  await new Promise((resolve) => setTimeout(resolve, 500));

  for (let round = 1; round <= 3; round++) {
    const out = path.join(dir, `vacuum-${round}.db`);
    const before = await commits();
    const started = performance.now();
    const { bytes } = backupSqlite(file, out);
    const ms = performance.now() - started;
    const during = (await commits()) - before;
    console.log(
      `VACUUM INTO, round ${round}: ${ms.toFixed(0)} ms (with the check), ${(bytes / 1e6).toFixed(1)} MB; the writer committed ${during} times meanwhile`,
    );
  }

  const source = new Database(file, { timeout: 5000 });
  const out = path.join(dir, 'paged.db');
  let steps = 0;
  let restarts = 0;
  let remaining = Number.POSITIVE_INFINITY;
  const before = await commits();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    source
      .backup(out, {
        progress: (progress) => {
          steps++;
          if (progress.remainingPages > remaining) restarts++;
          remaining = progress.remainingPages;
          return 100;
        },
      })
      .then(() => 'finished'),
    new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`given up after ${giveUpMs / 1000} s`), giveUpMs);
    }),
  ]);
  clearTimeout(timer);
  const during = (await commits()) - before;
  console.log(
    `paged backup API: ${outcome} in ${(performance.now() - started).toFixed(0)} ms, ${steps} steps, started again ${restarts} times; the writer committed ${during} times meanwhile`,
  );
  // A paged backup still stepping is abandoned with the process (process.exit below).
} finally {
  writer?.kill();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
