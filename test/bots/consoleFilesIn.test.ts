/**
 * Attachments at the console over stdin/stdout (docs/attachments.md): `/attach PATH` at the files
 * step of a guided /submit, and with a command as its caption; a missing file is one sentence.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { dropDatabase, emptyDatabaseUrl } from '../support/databases.ts';
import { parseConfig } from '../../src/config/config.ts';
import { xinbao } from '../support/run.ts';
import { SAMPLE_ORG } from '../support/testApp.ts';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('/attach at the console', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinbao-console-attach-'));
    writeFileSync(path.join(dir, 'org.yaml'), SAMPLE_ORG);
    env = { DATABASE_URL: await emptyDatabaseUrl(dir), XINBAO_FILES_DIR: path.join(dir, 'files') };
    const imported = await xinbao(['org', 'import', path.join(dir, 'org.yaml')], { env });
    expect(imported.code).toBe(0);
  }, 60_000);
  afterEach(async () => {
    await dropDatabase(env.DATABASE_URL!);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a photo at the guided /submit’s last step, a document as a one-shot /urgent’s caption, a missing path refused', async () => {
    const photo = Buffer.from('a photo of the dike');
    const report = Buffer.from('%PDF-1.4 situation report');
    writeFileSync(path.join(dir, 'dike.jpg'), photo);
    writeFileSync(path.join(dir, 'report.pdf'), report);
    const script = [
      '/submit',
      '罗山县开展冬季消防安全大检查',
      '检查企业和人员密集场所一百四十家，发现并整改隐患三十二处，确保冬季安全。',
      '3',
      `/attach ${path.join(dir, 'nothing.jpg')}`,
      `/attach ${path.join(dir, 'dike.jpg')}`,
      '/attach geo:32.21,114.52',
      '1',
      `/attach ${path.join(dir, 'report.pdf')} | /urgent 罗山县某镇河堤出现管涌，正在抢护`,
      '/item #1',
    ].join('\n');
    const result = await xinbao(['console', '--as', 'zhangwei'], { env, input: `${script}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`找不到文件“${path.join(dir, 'nothing.jpg')}”，请检查路径。`);
    expect(result.stdout).toContain('已收到 2 个附件。');
    expect(result.stdout).toMatch(/已报送 #1《罗山县开展冬季消防安全大检查》/);
    expect(result.stdout).toContain('1. 照片 dike.jpg（1 KB）');
    expect(result.stdout).toContain('2. 位置 32.21, 114.52');

    const parsed = parseConfig(env);
    if (!parsed.ok) throw new Error(parsed.message);
    const app = await openApp(parsed.config);
    try {
      const onItem = await app.store.attachments.listFor({ itemId: 1 });
      expect(onItem.map((row) => [row.kind, row.fileName, row.hash])).toEqual([
        ['photo', 'dike.jpg', sha(photo)],
        ['location', null, null],
      ]);
      expect(await app.store.files.get(sha(photo))).toEqual(new Uint8Array(photo));
      const onReport = await app.store.attachments.listFor({ urgentReportId: 1 });
      expect(onReport.map((row) => [row.kind, row.mime, row.hash])).toEqual([['document', 'application/pdf', sha(report)]]);
    } finally {
      await app.close();
    }
  }, 60_000);
});
