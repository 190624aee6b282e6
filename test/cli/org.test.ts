import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_ORG } from '../support/testApp.ts';
import { xinbao } from '../support/run.ts';
import { dropDatabase, emptyDatabaseUrl } from '../support/databases.ts';

describe('xinbao org import, invite and migrate', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinbao-cli-'));
    env = { DATABASE_URL: await emptyDatabaseUrl(dir) };
  });
  afterEach(async () => {
    await dropDatabase(env.DATABASE_URL!);
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrate applies the migrations once', async () => {
    const first = await xinbao(['migrate'], { env });
    expect(first.stdout).toMatch(/Applied \d+_init/);
    const second = await xinbao(['migrate'], { env });
    expect(second.stdout).toContain('up to date');
  }, 30_000);

  it('refuses a bad file whole, naming the line and the reason', async () => {
    const bad = SAMPLE_ORG.replace('kind: county\n    signOff: true', 'kind: province\n    signOff: true');
    writeFileSync(path.join(dir, 'bad.yaml'), bad);
    const result = await xinbao(['org', 'import', path.join(dir, 'bad.yaml')], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.yaml:11: units\.1\.kind: kind must be one of county, department, township, direct/);
    expect(result.stderr).toContain('nothing was imported');
    const json = await xinbao(['invite', 'zhangwei'], { env });
    expect(json.code).toBe(1);
    expect(json.stderr).toContain('找不到人员“zhangwei”');
  }, 30_000);

  it('imports, prints invites as JSON, and the same file twice changes nothing', async () => {
    writeFileSync(path.join(dir, 'org.yaml'), SAMPLE_ORG);
    const first = await xinbao(['org', 'import', path.join(dir, 'org.yaml'), '--json'], { env });
    expect(first.code).toBe(0);
    const { invites } = JSON.parse(first.stdout) as { invites: { person: string; invite: string }[] };
    expect(invites.map((entry) => entry.person).sort()).toEqual(['chenjing', 'huangmin', 'liuyang', 'wangfang', 'zhangwei']);
    expect(invites.every((entry) => /^[A-Z2-9]{10}$/.test(entry.invite))).toBe(true);
    const second = await xinbao(['org', 'import', path.join(dir, 'org.yaml')], { env });
    expect(second.stdout).toContain('Units changed: 0; people changed: 0.');
    // No new invites: the first ones still work.
    expect(second.stdout).not.toMatch(/\t[A-Z2-9]{10}$/m);
    expect(second.stdout).toMatch(/Earlier invites still valid, not shown again: .*zhangwei \(until 2\d{3}-/);
  }, 30_000);

  it('--partial adds one person to a unit already imported, printing only their invite', async () => {
    writeFileSync(path.join(dir, 'org.yaml'), SAMPLE_ORG);
    expect((await xinbao(['org', 'import', path.join(dir, 'org.yaml')], { env })).code).toBe(0);
    writeFileSync(path.join(dir, 'lisi.yaml'), 'people:\n  - { code: lisi, name: 李四, unit: luoshan, roles: [reporter] }\n');
    const whole = await xinbao(['org', 'import', path.join(dir, 'lisi.yaml')], { env });
    expect(whole.code).toBe(1);
    expect(whole.stderr).toContain('lisi.yaml:1: office: the office name is required');
    expect(whole.stderr).toContain('lisi.yaml:2: people.0.unit: no unit with code luoshan in this file');
    const partial = await xinbao(['org', 'import', path.join(dir, 'lisi.yaml'), '--partial', '--json'], { env });
    expect(partial.code).toBe(0);
    const report = JSON.parse(partial.stdout) as { invites: { person: string }[]; pending: { person: string }[] };
    expect(report.invites.map((entry) => entry.person)).toEqual(['lisi']);
    expect(report.pending.map((entry) => entry.person)).toEqual([]);
  }, 30_000);

  it('invite PERSON prints a fresh code', async () => {
    writeFileSync(path.join(dir, 'org.yaml'), SAMPLE_ORG);
    expect((await xinbao(['org', 'import', path.join(dir, 'org.yaml')], { env })).code).toBe(0);
    const result = await xinbao(['invite', 'zhangwei'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[A-Z2-9]{10}\t\(valid until \d{4}-\d\d-\d\d \d\d:\d\d\)/);
  }, 30_000);

  it('a usage error exits 2 with the usage', async () => {
    const result = await xinbao(['frobnicate'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: xinbao');
  }, 30_000);
});
