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
 * outboxCrash.test.ts kills the service mid-send, outboxOutage.test.ts runs `xinbao outbox`.
 */
const SLOW = [
  'test/cli/**/*.test.ts',
  'test/bots/console.test.ts',
  'test/services.test.ts',
  'test/domain/circulars/sendCirculars.test.ts',
  'test/jobs/outboxCrash.test.ts',
  'test/jobs/outboxOutage.test.ts',
];

export default defineConfig({
  test: {
    // Each test opens its own SQLite file; child-process tests need headroom on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    sequence: { shuffle: true, seed },
    globalSetup: ['test/support/globalSetup.ts'],
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: SLOW } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
