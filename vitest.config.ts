import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Tests run in random order, files and the tests inside them, so none can lean on another's
 * leftovers. The seed is printed at the start (test/support/globalSetup.ts); replay an order with
 * `XINBAO_TEST_SEED=N npm test` (or `npm test -- --sequence.seed=N`).
 */
const given = process.env.XINBAO_TEST_SEED;
if (given !== undefined && !/^\d+$/.test(given)) throw new Error(`XINBAO_TEST_SEED must be a whole number, not "${given}"`);
const seed = given === undefined ? Math.floor(Math.random() * 1_000_000) : Number(given);

/**
 * Test files that run the real CLI or server as child processes (seconds each): the `slow`
 * project. sendCirculars.test.ts runs `xinbao jobs run` beside the test for two instances;
 * outboxCrash.test.ts kills the service mid-send, outboxOutage.test.ts runs `xinbao outbox`;
 * twoInstances.test.ts and wecomInstances.test.ts run two services on one database.
 */
const SLOW = [
  'test/cli/**/*.test.ts',
  'test/bots/console*.test.ts',
  'test/services.test.ts',
  'test/domain/circulars/sendCirculars.test.ts',
  'test/jobs/outboxCrash.test.ts',
  'test/jobs/outboxOutage.test.ts',
  'test/instances/twoInstances.test.ts',
  'test/instances/wecomInstances.test.ts',
];

/**
 * The test files that touch the store: they run again, in the `fast-pg` and `slow-pg` projects,
 * on PostgreSQL (each test app its own database, test/support/databases.ts). A file touches the
 * store when it opens a test app, the app, the database or the CLI, itself or through a harness.
 */
const TOUCHES_STORE =
  /createTestApp|seededApps|openApp|createDb|DATABASE_URL|migrate\(|support\/(testApp|chat|outboxOffice|tasksFixture)|\.\/(support|harness)\.ts/;

/** Test files that can run on SQLite only, and why. */
const SQLITE_ONLY: Record<string, string> = {
  'test/store/statementCache.test.ts': 'the prepared-statement cache is built into the SQLite connection only',
  'test/store/databaseFile.test.ts': 'it checks the SQLite file and folder permissions',
  'test/bots/telegram/intake.test.ts': "it holds SQLite's write lock from another connection to make the database busy",
  'test/bots/wecom/intake.test.ts': "it holds SQLite's write lock from another connection to make the database busy",
  'test/cli/database.test.ts': 'it picks its databases itself, SQLite and PostgreSQL',
  'test/cli/dbCopy.test.ts': 'it picks both databases itself: it copies SQLite to PostgreSQL and back',
  'test/cli/backup.test.ts': "SQLite's online backup; PostgreSQL's is pg_dump",
};

/**
 * Test files that can run on PostgreSQL only, and why: they run in the -pg projects alone (not at
 * all without a PostgreSQL server), and skip themselves when run on SQLite by hand.
 */
const POSTGRESQL_ONLY: Record<string, string> = {
  'test/instances/twoInstances.test.ts': 'instances share a PostgreSQL database, not a SQLite file (docs/instances.md)',
  'test/instances/wecomInstances.test.ts': 'instances share a PostgreSQL database, not a SQLite file (docs/instances.md, docs/wecom.md)',
};

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}
const storeTests = testFiles('test').filter((file) => TOUCHES_STORE.test(readFileSync(file, 'utf8')) && !(file in SQLITE_ONLY));
const matches = (file: string, patterns: string[]) => patterns.some((pattern) => path.matchesGlob(file, pattern));

/**
 * PostgreSQL runs where the local server answers (127.0.0.1:5432, or XINBAO_TEST_PG_URL);
 * XINBAO_TEST_PG=required (CI) makes a missing server an error, XINBAO_TEST_PG=off skips it.
 */
async function postgresAnswers(): Promise<boolean> {
  if (process.env.XINBAO_TEST_PG === 'off') return false;
  const url = new URL(process.env.XINBAO_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  const answers = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 5432), timeout: 1000 });
    const answer = (yes: boolean) => {
      socket.destroy();
      resolve(yes);
    };
    socket
      .once('connect', () => answer(true))
      .once('error', () => answer(false))
      .once('timeout', () => answer(false));
  });
  if (!answers && process.env.XINBAO_TEST_PG === 'required') throw new Error(`XINBAO_TEST_PG=required, but no PostgreSQL answers at ${url.host}`);
  if (!answers) console.log(`No PostgreSQL at ${url.host}: the store tests run on SQLite only.`);
  return answers;
}
const withPostgres = await postgresAnswers();
const onPostgres = { XINBAO_TEST_DB: 'postgresql' };

export default defineConfig({
  test: {
    // Each test opens its own SQLite file; child-process tests need headroom on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    sequence: { shuffle: true, seed },
    globalSetup: ['test/support/globalSetup.ts'],
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: [...SLOW, ...Object.keys(POSTGRESQL_ONLY)] } },
      { extends: true, test: { name: 'slow', include: SLOW, exclude: Object.keys(POSTGRESQL_ONLY) } },
      ...(withPostgres
        ? [
            { extends: true, test: { name: 'fast-pg', include: storeTests.filter((file) => !matches(file, SLOW)), env: onPostgres } },
            { extends: true, test: { name: 'slow-pg', include: storeTests.filter((file) => matches(file, SLOW)), env: onPostgres } },
          ]
        : []),
    ],
  },
});
