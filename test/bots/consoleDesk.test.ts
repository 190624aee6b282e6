/**
 * The office's desk in the console over stdin/stdout (docs/open-work.md,
 * docs/instructions-and-commissions.md): a commission to a unit with its own due time and
 * requirements, then /open and its detail button pressed by its number.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropDatabase, emptyDatabaseUrl } from '../support/databases.ts';
import { xinbao } from '../support/run.ts';
import { SAMPLE_ORG } from '../support/testApp.ts';

let dir: string;
let env: Record<string, string>;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xinbao-console-desk-'));
  writeFileSync(path.join(dir, 'org.yaml'), SAMPLE_ORG);
  env = { DATABASE_URL: await emptyDatabaseUrl(dir) };
  const imported = await xinbao(['org', 'import', path.join(dir, 'org.yaml')], { env });
  expect(imported.code).toBe(0);
}, 60_000);

afterEach(async () => {
  await dropDatabase(env.DATABASE_URL!);
  rmSync(dir, { recursive: true, force: true });
});

describe('the office’s desk in the console', () => {
  it('commissions with an own due time and requirements, then /open and a detail by its number; a reporter is refused', async () => {
    // Due dates far ahead: the console runs on the real clock.
    const script = ['/commission luoshan,gushi@2030-01-10 2030-01-15 秋冬种工作进展情况\\', '要求：800字以内，侧重小麦播种进度', '/open', '1'].join('\n');
    const result = await xinbao(['console', '--as', 'chenjing'], { env, input: `${script}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('已发出约稿 #1“秋冬种工作进展情况”');
    expect(result.stdout).toContain('· 固始县政府办，2030-01-10 17:30 前报送');
    expect(result.stdout).toContain('待办总览（第 1/1 页）');
    expect(result.stdout).toContain('约稿 #1“秋冬种工作进展情况” · 2030-01-15 17:30 截止 · 已回复 0/2');
    expect(result.stdout).toContain('[1] 约稿 #1');
    // Pressed: the detail.
    expect(result.stdout).toContain('约稿 #1：秋冬种工作进展情况');
    expect(result.stdout).toContain('要求：800字以内，侧重小麦播种进度');
    expect(result.stdout).toContain('已回复 0 / 2');
    expect(result.stdout).toContain('⏳ 固始县政府办，2030-01-10 17:30 前报送：尚未回复');

    const reporter = await xinbao(['console', '--as', 'zhangwei'], { env, input: '/open\n' });
    expect(reporter.stdout).toContain('您的角色不能使用这个命令');
  }, 60_000);
});
