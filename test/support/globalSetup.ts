/**
 * Once per run, in the main process: prints the seed of the random test order, so a failing
 * order can be replayed, and makes the migrated database every test app of a project starts
 * from: a SQLite file, or for the `-pg` projects a PostgreSQL database. At the end every
 * database the run made is removed.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { dropRunDatabases, migratedDatabase } from './databases.ts';

// Every project runs this setup; they share one seed and one database per dialect.
type Run = { id: string; databases: Map<string, Promise<string>>; projects: number };
const state = globalThis as { xinbaoTestRun?: Run };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!state.xinbaoTestRun) {
    const { seed, shuffle } = project.vitest.config.sequence;
    if (shuffle) console.log(`Test order seed: ${seed} (replay this order with XINBAO_TEST_SEED=${seed})`);
    state.xinbaoTestRun = { id: `${process.pid}${Date.now().toString(36)}`, databases: new Map(), projects: 0 };
    // Test processes are forked after this, with this environment: their databases carry the run's id.
    process.env.XINBAO_TEST_RUN = state.xinbaoTestRun.id;
  }
  const run = state.xinbaoTestRun;
  run.projects += 1;
  const dialect = project.config.env?.XINBAO_TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite';
  if (!run.databases.has(dialect)) run.databases.set(dialect, migratedDatabase(dialect));
  project.provide('migratedDatabase', await run.databases.get(dialect)!);
  return async () => {
    run.projects -= 1;
    if (run.projects > 0) return;
    const sqlite = run.databases.get('sqlite');
    if (sqlite) rmSync(path.dirname(await sqlite), { recursive: true, force: true });
    if (run.databases.has('postgresql')) await dropRunDatabases(run.id);
    state.xinbaoTestRun = undefined;
  };
}
