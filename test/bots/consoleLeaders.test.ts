/**
 * Leaders' reading in the console over stdin/stdout (the real `xinbao console`, as
 * test/bots/console.test.ts runs it): `/rank people` for a reporter, and `/notices` for a
 * leader, guided and one-shot.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_ORG } from '../support/testApp.ts';
import { copyDatabaseTo, dropDatabase, emptyDatabaseUrl, newDatabaseUrl } from '../support/databases.ts';
import { xinbao } from '../support/run.ts';

describe('leaders’ reading in the console', () => {
  let imported: string;
  let importedUrl: string;
  let dir: string;
  let env: Record<string, string>;
  let invites: Record<string, string>;

  beforeAll(async () => {
    imported = mkdtempSync(path.join(tmpdir(), 'xinbao-console-leaders-'));
    writeFileSync(path.join(imported, 'org.yaml'), SAMPLE_ORG);
    importedUrl = await emptyDatabaseUrl(imported);
    const result = await xinbao(['org', 'import', path.join(imported, 'org.yaml'), '--json'], { env: { DATABASE_URL: importedUrl } });
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { invites: { person: string; invite: string }[] };
    invites = Object.fromEntries(parsed.invites.map((entry) => [entry.person, entry.invite]));
  }, 60_000);
  afterAll(async () => {
    await dropDatabase(importedUrl);
    rmSync(imported, { recursive: true, force: true });
  });

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinbao-console-leaders-'));
    env = { DATABASE_URL: await copyDatabaseTo(importedUrl, newDatabaseUrl(dir)) };
  });
  afterEach(async () => {
    await dropDatabase(env.DATABASE_URL!);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a reporter’s /rank people: their unit’s people and their own place; a bad period is one sentence', async () => {
    const script = [
      `/start ${invites.zhangwei}`,
      '/submit 罗山县冬季农田水利建设全面铺开\\',
      '全县组织劳力两万余人次，新修和整修渠道一百二十公里，完成计划的六成以上。',
      '/rank people',
      '/rank people 2026-13',
    ].join('\n');
    const result = await xinbao(['console', '--user', 'reporter'], { env, input: `${script}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\d{4}年\d{1,2}月 信息员排名/);
    expect(result.stdout).toContain('罗山县政府办 1 人 · 报送 1 条 · 采用 0 条');
    expect(result.stdout).toContain('▶ 1. 张伟（罗山县政府办）　0 分 · 采用 0 · 报送 1');
    expect(result.stdout).toContain('你在全部 2 人中排第 1 名。');
    expect(result.stdout).not.toContain('王芳');
    expect(result.stdout).toContain('“2026-13”不是有效的期间');
  });

  it('a leader turns feedback notices off through the guided /notices and on again one-shot', async () => {
    const script = [`/start ${invites.huangmin}`, '/notices', '2', '/notices feedback on', '/notices feedback maybe'].join('\n');
    const result = await xinbao(['console', '--user', 'leader'], { env, input: `${script}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('单位反馈您的批示时，是否即时通知您？');
    expect(result.stdout).toContain('接收反馈通知（当前）');
    expect(result.stdout).toContain('好的，不再向您发送批示反馈通知。');
    expect(result.stdout).toContain('好的，单位反馈您的批示或批示办结时，会即时通知您。');
    expect(result.stdout).toContain('请写成 /notices feedback on');
  });
});
