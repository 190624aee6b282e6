/**
 * Once per run, in the main process: prints the seed of the random test order, so a failing
 * order can be replayed, and makes the migrated database every test app starts from.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migratedDatabase } from './migratedDatabase.ts';

// Every project runs this setup; they share one seed and one database.
const run = globalThis as { xinbaoTestRun?: { database: Promise<string>; projects: number } };

export default async function setup(project: TestProject): Promise<() => void> {
  if (!run.xinbaoTestRun) {
    const { seed, shuffle } = project.vitest.config.sequence;
    if (shuffle) console.log(`Test order seed: ${seed} (replay this order with XINBAO_TEST_SEED=${seed})`);
    run.xinbaoTestRun = { database: migratedDatabase(), projects: 0 };
  }
  const shared = run.xinbaoTestRun;
  shared.projects += 1;
  const file = await shared.database;
  project.provide('migratedDatabase', file);
  return () => {
    shared.projects -= 1;
    if (shared.projects > 0) return;
    rmSync(path.dirname(file), { recursive: true, force: true });
    run.xinbaoTestRun = undefined;
  };
}
