import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_ORG } from '../support/testApp.ts';
import { copyDatabaseTo, dropDatabase, emptyDatabaseUrl, newDatabaseUrl } from '../support/databases.ts';
import { npmDetached, npmStart, root, xinbao } from '../support/run.ts';

/** The README's tour, step by step: the command to run, the lines to type, and what it says you will see. */
function readmeTour(): { command: string; input: string; expected: string[] }[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('### A five-minute tour');
  const section = readme.slice(start, readme.indexOf('\n## ', start));
  return section
    .split(/\n\d+\. /)
    .slice(1)
    .map((step) => ({
      command: /Run `([^`]+)`/.exec(step)![1]!,
      // Pasted from the rendered page: the list's indentation is not part of the lines.
      input: `${/```text\n([\s\S]*?)\n\s*```/
        .exec(step)![1]!
        .split('\n')
        .map((line) => line.trim())
        .join('\n')}\n`,
      expected: step
        .slice(step.indexOf('You will see:'))
        .split('\n')
        .filter((line) => line.trim().startsWith('- '))
        .map((line) => /`([^`]+)`/.exec(line)![1]!),
    }));
}

describe('the console over stdin/stdout', () => {
  /** The database the org was imported into, once; each test works on its own copy. */
  let imported: string;
  let importedUrl: string;
  let dir: string;
  let env: Record<string, string>;
  let invites: Record<string, string>;

  beforeAll(async () => {
    imported = mkdtempSync(path.join(tmpdir(), 'xinbao-console-org-'));
    writeFileSync(path.join(imported, 'org.yaml'), SAMPLE_ORG);
    importedUrl = await emptyDatabaseUrl(imported);
    const result = await xinbao(['org', 'import', path.join(imported, 'org.yaml'), '--json'], { env: { DATABASE_URL: importedUrl } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { invites: { person: string; invite: string }[] };
    invites = Object.fromEntries(parsed.invites.map((entry) => [entry.person, entry.invite]));
  }, 60_000);
  afterAll(async () => {
    await dropDatabase(importedUrl);
    rmSync(imported, { recursive: true, force: true });
  });

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinbao-console-'));
    env = { DATABASE_URL: await copyDatabaseTo(importedUrl, newDatabaseUrl(dir)) };
  });
  afterEach(async () => {
    await dropDatabase(env.DATABASE_URL!);
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds with an invite, submits one-shot and guided, and shows the unit status', async () => {
    const script = [
      `/start ${invites.zhangwei}`,
      '/submit 罗山县冬季农田水利建设全面铺开\\',
      '全县组织劳力两万余人次，新修和整修渠道一百二十公里，完成计划的六成以上。',
      '/submit',
      '罗山县开展冬季消防安全大检查',
      '检查企业和人员密集场所一百四十家，发现并整改隐患三十二处，确保冬季安全。',
      '3',
      '1',
      '/mine',
      '/status',
    ].join('\n');
    const result = await xinbao(['console', '--user', 'tester'], { env, input: `${script}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('张伟，您好');
    expect(result.stdout).toMatch(/已报送 #1《罗山县冬季农田水利建设全面铺开》/);
    expect(result.stdout).toMatch(/已报送 #2《罗山县开展冬季消防安全大检查》/);
    expect(result.stdout).toContain('【罗山县政府办 · ');
    expect(result.stdout).toContain('报送：2 条');
    expect(result.stdout).toMatch(/目标：报送 10 条，完成 20%，还差 8 条/);
  }, 60_000);

  it('remembers the binding between runs and refuses a used invite', async () => {
    // An earlier run bound 'tester' to 张伟 and submitted an item.
    const earlier = [
      `/start ${invites.zhangwei}`,
      '/submit 罗山县开展冬季消防安全大检查\\',
      '检查企业和人员密集场所一百四十家，发现并整改隐患三十二处，确保冬季安全。',
    ];
    expect((await xinbao(['console', '--user', 'tester'], { env, input: `${earlier.join('\n')}\n` })).code).toBe(0);
    const again = await xinbao(['console', '--user', 'tester'], { env, input: '/mine\n' });
    expect(again.stdout).toContain('罗山县开展冬季消防安全大检查');
    const other = await xinbao(['console', '--user', 'someone-else'], { env, input: `/start ${invites.zhangwei}\n/mine\n` });
    expect(other.stdout).toContain('这个邀请码已经用过了');
    expect(other.stdout).toContain('您还没有绑定账号');
  }, 60_000);

  it('answers bad input with one sentence and stores nothing', async () => {
    const result = await xinbao(['console', '--as', 'zhangwei'], { env, input: '/submit 标题\\\n太短\n/status 2026-13\n/frobnicate\n/cancel\n/mine\n' });
    expect(result.stdout).toContain('正文只有 2 个字，至少需要 20 个字');
    expect(result.stdout).toContain('“2026-13”不是有效的期间');
    expect(result.stdout).toContain('没有“/frobnicate”这个命令');
    expect(result.stdout).not.toContain('《标题》');
  }, 60_000);

  it('npm run xinbao -- console ends like Ctrl-D on SIGTERM to npm alone: the database closed, exit 0, nothing left running', async () => {
    const npm = npmDetached(['run', 'xinbao', '--', 'console', '--as', 'zhangwei'], { env, input: '/status\n' });
    try {
      await npm.shown('【罗山县政府办 · ');
      process.kill(npm.pid, 'SIGTERM');
      expect(await npm.exited).toEqual({ code: 0, signal: null });
      expect(npm.stderr()).toContain('xinbao: SIGTERM: stopping');
      expect(npm.stderr()).toContain('xinbao: stopped');
      await expect.poll(() => npm.groupAlive(), { timeout: 10_000 }).toBe(false);
    } finally {
      npm.killGroup();
    }
  }, 60_000);

  it('an unknown person for --as is refused with a plain sentence', async () => {
    const result = await xinbao(['console', '--as', 'nobody'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('找不到人员“nobody”');
  }, 60_000);
});

describe('npm start with no chat credentials', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinbao-start-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the database at the default DATABASE_URL, the demo office once, and opens the console as its reporter', async () => {
    const first = await npmStart({ cwd: dir, input: '/submit [经验] 罗山县推行田长制\\\n全县建立县乡村三级田长体系，落实管护责任到田到人。\n/status\n' });
    expect(first.stderr).toBe('');
    expect(existsSync(path.join(dir, 'data/xinbao.db'))).toBe(true);
    expect(first.stdout).toContain('以 张伟 的身份（罗山县政府办）');
    expect(first.stdout).toMatch(/已报送 #\d+《罗山县推行田长制》/);
    expect(first.stdout).toContain('【罗山县政府办 · ');
    const second = await npmStart({ cwd: dir, input: '/mine\n' });
    // The demo's own sample plus the one submitted above: the demo was not created twice.
    expect(second.stdout.match(/《罗山县“田长制”助推秋冬种进度过半》/g)).toHaveLength(1);
    expect(second.stdout).toContain('《罗山县推行田长制》');
  }, 90_000);

  it('follows the README’s tour: what it says to type shows what it says you will see', async () => {
    const steps = readmeTour();
    expect(steps.map((step) => step.command)).toEqual(['npm start', 'npx xinbao console --as chenjing']);
    for (const step of steps) {
      const [program, ...args] = step.command.split(' ');
      const result = program === 'npm' ? await npmStart({ cwd: dir, input: step.input }) : await xinbao(args.slice(1), { cwd: dir, input: step.input });
      expect(result.stderr).toBe('');
      expect(step.expected.length).toBeGreaterThan(2);
      for (const seen of step.expected) expect(result.stdout).toContain(seen);
    }
    expect(readdirSync(path.join(dir, 'out')).some((name) => /^monthly-\d{4}-\d{2}\.png$/.test(name))).toBe(true);
  }, 120_000);

  it('stops with one line naming a bad variable', async () => {
    const result = await npmStart({ cwd: dir, env: { PORT: 'abc' } });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('PORT');
  }, 30_000);
});
