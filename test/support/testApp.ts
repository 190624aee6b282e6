/**
 * A fresh database per test (SQLite, or PostgreSQL in the `-pg` projects), migrated with the real
 * migrations, and a settable clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import { parseConfig } from '../../src/config/config.ts';
import type { Clock } from '../../src/domain/ports.ts';
import { copyDatabase, dropDatabase, migratedDatabase, snapshotDatabase, testDialect } from './databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database with every migration applied (a SQLite file or a postgresql URL), made once per run by test/support/globalSetup.ts. */
    migratedDatabase: string;
  }
}

export type TestClock = Clock & { set(at: Date | string): void; advance(ms: number): void };

export function testClock(start: Date | string = '2026-11-20T02:00:00Z'): TestClock {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (at) => {
      now = new Date(at);
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

export type TestApp = App & { clock: TestClock; dir: string; dispose(): Promise<void> };

let template: Promise<string> | undefined;

/**
 * The migrated database to copy: the run's own (test/support/globalSetup.ts), or, run without
 * that setup, one made for this test file and removed when the process ends.
 */
function templateDatabase(): Promise<string> {
  template ??= (async () => {
    const provided = inject('migratedDatabase');
    if (provided) return provided;
    const made = await migratedDatabase();
    if (testDialect === 'sqlite') process.once('exit', () => rmSync(path.dirname(made), { recursive: true, force: true }));
    return made;
  })();
  return template;
}

/**
 * Opens a new app on a new database, with a temporary folder of its own (`dir`). The database
 * is a copy of a migrated one (migrating takes half a second, copying a few milliseconds), or of
 * `from`. Its URL is `app.config.databaseUrl`, for the CLI or a second instance.
 */
export async function createTestApp(env: Record<string, string> = {}, clock = testClock(), from?: string): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xinbao-test-'));
  const databaseUrl = await copyDatabase(from ?? (await templateDatabase()), dir);
  const parsed = parseConfig({ DATABASE_URL: databaseUrl, XINBAO_FILES_DIR: path.join(dir, 'files'), ...env });
  if (!parsed.ok) throw new Error(parsed.message);
  const app = await openApp(parsed.config, clock);
  return Object.assign(app, {
    clock,
    dir,
    async dispose() {
      await app.close();
      await dropDatabase(databaseUrl);
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** Closes the app and keeps a consistent copy of its database as it was, until the run ends. */
async function snapshotAndDispose(app: TestApp): Promise<string> {
  const copy = await snapshotDatabase(app.config.databaseUrl, app.db, await templateDatabase(), () => app.close());
  await dropDatabase(app.config.databaseUrl);
  rmSync(app.dir, { recursive: true, force: true });
  return copy;
}

/**
 * Fresh apps that each start from what `seed` stored: `seed` runs on a new app once per test
 * file, at the first call; every call opens its own copy of the database `seed` left, its clock
 * at the time `seed` left it. For a setup too slow to repeat before every test.
 */
export function seededApps(seed: (app: TestApp) => Promise<void>, env: Record<string, string> = {}): () => Promise<TestApp> {
  let seeded: Promise<{ file: string; at: Date }> | undefined;
  return async () => {
    seeded ??= (async () => {
      const app = await createTestApp(env);
      try {
        await seed(app);
      } catch (error) {
        await app.dispose();
        throw error;
      }
      const at = app.clock.now();
      return { file: await snapshotAndDispose(app), at };
    })();
    const { file, at } = await seeded;
    return createTestApp(env, testClock(at), file);
  };
}

/** A small org used across tests: one plain unit, one sign-off unit, office staff. */
export const SAMPLE_ORG = `office: 测试市人民政府办公室
units:
  - code: luoshan
    name: 罗山县政府办
    kind: county
    targets:
      month: { submitted: 10, adopted: 3 }
      year: { submitted: 1103 }
  - code: gushi
    name: 固始县政府办
    kind: county
    signOff: true
people:
  - { code: zhangwei, name: 张伟, unit: luoshan, roles: [reporter] }
  - { code: liuyang, name: 刘洋, unit: luoshan, roles: [lead] }
  - { code: wangfang, name: 王芳, unit: gushi, roles: [reporter] }
  - { code: chenjing, name: 陈静, roles: [editor] }
  - { code: huangmin, name: 黄敏, roles: [leader], leaderLevel: city }
`;

/**
 * One adopted item of 张伟 (luoshan in SAMPLE_ORG), adopted on 11 November 2026 by
 * 《吕梁政务信息·普刊》 at 1 point under the built-in rules: what a re-pricing changes.
 */
export async function addAdoptedItem(app: App): Promise<number> {
  const reporter = (await app.store.people.byCode('zhangwei'))!;
  const item = await app.store.items.create({
    title: '罗山县推进秋冬种工作',
    body: '罗山县多措并举推进秋冬种工作，截至目前已完成小麦播种面积八成以上。',
    category: 'dynamic',
    status: 'adopted',
    authorId: reporter.id,
    unitId: reporter.unit!.id,
    commissionId: null,
    createdAt: new Date('2026-11-10T02:00:00Z'),
    submittedAt: new Date('2026-11-10T02:00:00Z'),
  });
  await app.db.adoption.create({
    data: { itemId: item.id, publicationCode: 'lvliang-putong', level: 'city', points: 1, rulesVersion: 0, adoptedAt: new Date('2026-11-11T02:00:00Z') },
  });
  return item.id;
}
