/**
 * The office's bulletin in the console over stdin/stdout (the real `xinbao console`, as
 * test/bots/console.test.ts runs it; docs/bulletins.md): an editor adopts, compiles and issues;
 * the issue's .docx lands in the out folder with the unit reporter's copy.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULLETIN, bulletinRulesFile, documentXml } from '../support/bulletinsFixture.ts';
import { dropDatabase, emptyDatabaseUrl } from '../support/databases.ts';
import { xinbao } from '../support/run.ts';
import { SAMPLE_ORG } from '../support/testApp.ts';

describe('the bulletin in the console', () => {
  let dir: string;
  let env: Record<string, string>;
  let invites: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinbao-console-bulletins-'));
    writeFileSync(path.join(dir, 'org.yaml'), SAMPLE_ORG);
    env = { DATABASE_URL: await emptyDatabaseUrl(dir), XINBAO_RULES: bulletinRulesFile(), XINBAO_OUT_DIR: path.join(dir, 'out') };
    const result = await xinbao(['org', 'import', path.join(dir, 'org.yaml'), '--json'], { env });
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { invites: { person: string; invite: string }[] };
    invites = Object.fromEntries(parsed.invites.map((entry) => [entry.person, entry.invite]));
  }, 60_000);
  afterAll(async () => {
    await dropDatabase(env.DATABASE_URL!);
    rmSync(dir, { recursive: true, force: true });
  });

  it('/compile then /issue: the .docx is written to the out folder, the reporter told their item is in it', async () => {
    const reporter = [
      `/start ${invites.zhangwei}`,
      '/submit 罗山县冬季农田水利建设全面铺开\\',
      '全县组织劳力两万余人次，新修和整修渠道一百二十公里，完成计划的六成以上。',
    ].join('\n');
    expect((await xinbao(['console', '--user', 'reporter'], { env, input: `${reporter}\n` })).code).toBe(0);
    const editor = [`/start ${invites.chenjing}`, `/adopt #1 ${BULLETIN}`, `/compile ${BULLETIN} #1`, `/issue ${BULLETIN} 1`, `/issue ${BULLETIN} 1`].join(
      '\n',
    );
    const result = await xinbao(['console', '--user', 'editor'], { env, input: `${editor}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('已编成 信阳政务信息');
    expect(result.stdout).toContain('第1期（总第101期）');
    expect(result.stdout).toContain('入选单位 1 个');
    expect(result.stdout).toContain('不能重复发送');
    // The reporter's copy, shown by its first line, with the file saved beside it.
    expect(result.stdout).toContain('本单位有 1 条信息编入本期');
    const name = readdirSync(path.join(dir, 'out')).find((entry) => /^信阳政务信息-\d{4}-第1期\.docx$/.test(entry));
    expect(name).toBeDefined();
    const file = path.join(dir, 'out', name!);
    expect(result.stdout).toContain(name);
    expect(await documentXml(readFileSync(file))).toContain('罗山县冬季农田水利建设全面铺开');
  }, 60_000);
});
