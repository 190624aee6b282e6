/**
 * A fresh SQLite database per test file, migrated with the real migrations, and a settable clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openApp, type App } from '../../src/app.ts';
import { parseConfig } from '../../src/config/config.ts';
import type { Clock } from '../../src/domain/ports.ts';

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

/** Opens a new app on a new database file in a temporary folder. */
export async function createTestApp(env: Record<string, string> = {}, clock = testClock()): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xinbao-test-'));
  const parsed = parseConfig({ DATABASE_URL: `file:${path.join(dir, 'test.db')}`, ...env });
  if (!parsed.ok) throw new Error(parsed.message);
  const app = await openApp(parsed.config, clock);
  return Object.assign(app, {
    clock,
    dir,
    async dispose() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
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
