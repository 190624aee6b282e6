/** The item desk in the console over stdin/stdout (the real `xinbao console`): /edit guided and one-shot, /item, /withdraw, /find. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, emptyDatabaseUrl } from '../support/databases.ts';
import { xinbao } from '../support/run.ts';
import { SAMPLE_ORG } from '../support/testApp.ts';

const BODY = '全县组织劳力两万余人次，新修和整修渠道一百二十公里，完成计划的六成以上。';
const NEW_BODY = '截至目前，全县新修和整修渠道一百五十公里，完成计划的八成以上，进度居全市前列。';

describe('the item desk in the console', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinbao-console-items-'));
    writeFileSync(path.join(dir, 'org.yaml'), SAMPLE_ORG);
    env = { DATABASE_URL: await emptyDatabaseUrl(dir) };
    expect((await xinbao(['org', 'import', path.join(dir, 'org.yaml'), '--json'], { env })).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await dropDatabase(env.DATABASE_URL!);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a reporter edits guided (numbered button, current text shown, 不变) and reads the versions; the editor finds it; the reporter withdraws it', async () => {
    const script = ['/submit 罗山县冬季农田水利建设全面铺开\\', BODY, '/edit', '1', '不变', NEW_BODY, '/item 1', '/item 1 v1'].join('\n');
    const reporter = await xinbao(['console', '--as', 'zhangwei'], { env, input: `${script}\n` });
    expect(reporter.code).toBe(0);
    expect(reporter.stdout).toContain('请选择要修改的信息');
    expect(reporter.stdout).toContain('#1 当前为第 1 版，可复制后修改');
    expect(reporter.stdout).toContain('[动态] 罗山县冬季农田水利建设全面铺开');
    expect(reporter.stdout).toContain('已修改 #1《罗山县冬季农田水利建设全面铺开》，现为第 2 版');
    expect(reporter.stdout).toContain('第 1 版 · 张伟');
    expect(reporter.stdout).toContain('#1 第 1 版（张伟写于');

    const editor = await xinbao(['console', '--as', 'chenjing'], { env, input: '/find 水利 渠道\n/find\n八成\n' });
    expect(editor.code).toBe(0);
    expect(editor.stdout).toContain('查找“水利 渠道”：共 1 条，第 1/1 页');
    expect(editor.stdout).toContain('罗山县政府办《罗山县冬季农田水利建设全面铺开》 待审核');
    expect(editor.stdout).toContain('请发送要查找的关键词');
    expect(editor.stdout).toContain('查找“八成”：共 1 条');

    const withdrawn = await xinbao(['console', '--as', 'zhangwei'], { env, input: `/withdraw 1\n/edit 1 新标题\\\n${NEW_BODY}\n` });
    expect(withdrawn.stdout).toContain('已撤回 #1《罗山县冬季农田水利建设全面铺开》');
    expect(withdrawn.stdout).toContain('#1 目前已撤回，不能修改。');
  }, 90_000);
});
