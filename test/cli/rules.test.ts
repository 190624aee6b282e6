import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config/config.ts';
import { npmStart, root, xinbao } from '../support/run.ts';
import { copyDatabaseTo, dropDatabase, emptyDatabaseUrl, newDatabaseUrl, untouched } from '../support/databases.ts';
import { addAdoptedItem, SAMPLE_ORG } from '../support/testApp.ts';

const RULES_V1 = `publications:
  - { code: lvliang-putong, name: 《吕梁政务信息·普刊》, level: city, points: 3 }
  - { code: jinzheng-putong, name: 《晋政信息·普刊》, level: province, points: 4 }
`;
const RULES_V2 = RULES_V1.replace('points: 4', 'points: 5');
const RULES_V3 = RULES_V1.replace('points: 4', 'points: 6');
/** Three problems, on lines 3, 5 and 8. */
const BAD_RULES = `# a rules file with mistakes
publications:
  - { code: lvliang-putong, name: 《吕梁政务信息·普刊》, level: city, points: -1 }
urgent:
  major: { firstReportHours: 0, followUpHours: 4 }
calendar:
  holidays:
    - '2026-02-30'
`;

type AuditJson = {
  timezone: string;
  entries: { at: string; local: string; actor: string; action: string; subject: string; before: unknown; after: unknown }[];
};

describe('xinbao rules and xinbao audit', () => {
  let dir: string;
  let env: Record<string, string>;
  const file = (name: string) => path.join(dir, name);
  const auditJson = async (args: string[] = []) => {
    const result = await xinbao(['audit', '--json', ...args], { env });
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as AuditJson;
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinbao-rules-cli-'));
    env = { DATABASE_URL: await emptyDatabaseUrl(dir) };
    writeFileSync(file('v1.yaml'), RULES_V1);
    writeFileSync(file('v2.yaml'), RULES_V2);
    writeFileSync(file('v3.yaml'), RULES_V3);
    writeFileSync(file('bad.yaml'), BAD_RULES);
    writeFileSync(file('org.yaml'), SAMPLE_ORG);
  });
  afterEach(async () => {
    await dropDatabase(env.DATABASE_URL!);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The org imported, and an adoption at 1 point under the built-in rules (version 0) written straight to the database. */
  const importOrgWithAdoption = async () => {
    expect((await xinbao(['org', 'import', file('org.yaml')], { env })).code).toBe(0);
    const parsed = parseConfig(env);
    if (!parsed.ok) throw new Error(parsed.message);
    const app = await openApp(parsed.config);
    try {
      await addAdoptedItem(app);
    } finally {
      await app.close();
    }
  };

  /**
   * What the tests below build on, in order: each test replays the steps before its own, so it
   * needs no other test to have run first.
   */
  const HISTORY = {
    /** Versions 1 and 2 loaded with `xinbao rules load` (version 1 twice). */
    loaded: async () => {
      for (const name of ['v1.yaml', 'v1.yaml', 'v2.yaml']) expect((await xinbao(['rules', 'load', file(name)], { env })).code).toBe(0);
    },
    /** Version 3 loaded at start from XINBAO_RULES. */
    started: async () => {
      expect((await xinbao(['rules', 'list'], { env: { ...env, XINBAO_RULES: file('v3.yaml') } })).code).toBe(0);
    },
    /** The org and an adoption at 1 point, re-priced for 2026-11 by chenjing. */
    recomputed: async () => {
      await importOrgWithAdoption();
      expect((await xinbao(['rules', 'recompute', '--period', '2026-11', '--as', 'chenjing'], { env })).code).toBe(0);
    },
  };
  /** The database after each step, kept the first time a test replays it (each step costs a few processes). */
  let replayed: string;
  const after: Record<string, string> = {};
  beforeAll(() => {
    replayed = mkdtempSync(path.join(tmpdir(), 'xinbao-rules-cli-history-'));
  });
  afterAll(() => rmSync(replayed, { recursive: true, force: true }));

  const replayUntil = async (next: keyof typeof HISTORY | 'end') => {
    for (const [name, step] of Object.entries(HISTORY)) {
      if (name === next) return;
      if (after[name]) {
        await copyDatabaseTo(after[name], env.DATABASE_URL!);
        continue;
      }
      await step();
      after[name] = await copyDatabaseTo(env.DATABASE_URL!, newDatabaseUrl(replayed, `${name}.db`));
    }
  };

  it('check: "ok" for the complete example; every problem of a bad file as FILE:LINE: key: reason; no database touched', async () => {
    const good = await xinbao(['rules', 'check', path.join(root, 'src/domain/rules/example.yaml')], { env });
    expect(good).toMatchObject({ code: 0, stdout: 'ok\n' });
    const bad = await xinbao(['rules', 'check', file('bad.yaml')], { env });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trimEnd().split('\n')).toEqual([
      `${file('bad.yaml')}:3: publications.0.points: Must be at least 0, not -1.`,
      `${file('bad.yaml')}:5: urgent.major.firstReportHours: Must be greater than 0, not 0.`,
      `${file('bad.yaml')}:8: calendar.holidays.0: Must be a real calendar date written YYYY-MM-DD, e.g. "2026-10-01".`,
    ]);
    expect(await untouched(env.DATABASE_URL!)).toBe(true);
    const missing = await xinbao(['rules', 'check', file('nope.yaml')], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
  }, 60_000);

  it('load adds versions and keeps the old ones; the same file again is a no-op', async () => {
    const first = await xinbao(['rules', 'load', file('v1.yaml')], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Loaded rules version 1 (was 0)');
    const same = await xinbao(['rules', 'load', file('v1.yaml')], { env });
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^unchanged: .*version 1/);
    const second = await xinbao(['rules', 'load', file('v2.yaml')], { env });
    expect(second.stdout).toContain('Loaded rules version 2 (was 1)');
    const list = await xinbao(['rules', 'list'], { env });
    expect(list.code).toBe(0);
    expect(list.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^1\t\d{4}-\d\d-\d\d \d\d:\d\d\tcli$/),
      expect.stringMatching(/^2\t\d{4}-\d\d-\d\d \d\d:\d\d\tcli\tin force$/),
    ]);
  }, 120_000);

  it('a bad file changes nothing: versions and the audit log stay as they were', async () => {
    await replayUntil('started');
    const versionsBefore = (await xinbao(['rules', 'list'], { env })).stdout;
    const auditBefore = (await auditJson()).entries.length;
    const bad = await xinbao(['rules', 'load', file('bad.yaml')], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${file('bad.yaml')}:3: publications.0.points: Must be at least 0, not -1.`);
    expect(bad.stderr).toContain('nothing was loaded');
    expect((await xinbao(['rules', 'list'], { env })).stdout).toBe(versionsBefore);
    expect((await auditJson()).entries.length).toBe(auditBefore);
  }, 120_000);

  it('XINBAO_RULES at start becomes the version in force; a bad one stops start-up with one line', async () => {
    await replayUntil('started');
    const started = await xinbao(['rules', 'list'], { env: { ...env, XINBAO_RULES: file('v3.yaml') } });
    expect(started.code).toBe(0);
    expect(started.stdout.trimEnd().split('\n').at(-1)).toMatch(/^3\t.*\tXINBAO_RULES\tin force$/);
    // Loaded once: the same file at the next start adds nothing.
    const again = await xinbao(['rules', 'list'], { env: { ...env, XINBAO_RULES: file('v3.yaml') } });
    expect(again.stdout).toBe(started.stdout);

    const line = `xinbao: XINBAO_RULES: ${file('bad.yaml')}:3: publications.0.points: Must be at least 0, not -1.\n`;
    const cli = await xinbao(['rules', 'list'], { env: { ...env, XINBAO_RULES: file('bad.yaml') } });
    expect(cli).toMatchObject({ code: 1, stdout: '', stderr: line });
    const start = await npmStart({ env: { ...env, XINBAO_RULES: file('bad.yaml') }, cwd: dir });
    expect(start).toMatchObject({ code: 2, stderr: line });
    expect((await xinbao(['rules', 'list'], { env })).stdout).toBe(started.stdout);
  }, 120_000);

  it('recompute: refused to a non-editor; re-prices for an editor; a second run changes nothing', async () => {
    await replayUntil('recomputed');
    await importOrgWithAdoption();
    const auditBefore = (await auditJson()).entries.length;
    const refused = await xinbao(['rules', 'recompute', '--as', 'zhangwei'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('xinbao: 您的角色不能使用这个命令。发送 /help 查看您可用的命令。\n');
    expect((await auditJson()).entries.length).toBe(auditBefore);

    const done = await xinbao(['rules', 'recompute', '--period', '2026-11', '--as', 'chenjing'], { env });
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Re-priced with rules version 3 (2026-11): 1 adoptions, 0 instructions changed. Adoption points 1 -> 3;');
    const again = await xinbao(['rules', 'recompute'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('unchanged: points in all periods already follow rules version 3.\n');
    const last = (await auditJson()).entries.at(-1)!;
    expect(last).toMatchObject({
      actor: 'chenjing',
      action: 'rules.recompute',
      subject: 'points:2026-11',
      before: { adoptionPoints: 1 },
      after: { adoptionPoints: 3, rulesVersion: 3 },
    });
  }, 120_000);

  it('audit prints who, what, when, subject, before and after, oldest first; --since filters', async () => {
    await replayUntil('end');
    const all = (await auditJson()).entries;
    expect(all.map((entry) => [entry.actor, entry.action])).toEqual([
      ['cli', 'rules.load'],
      ['cli', 'rules.load'],
      ['XINBAO_RULES', 'rules.load'],
      ['cli', 'org.import'],
      ['chenjing', 'rules.recompute'],
    ]);
    expect(all[1]).toMatchObject({
      before: { version: 1, 'publications.jinzheng-putong.points': 4 },
      after: { version: 2, 'publications.jinzheng-putong.points': 5 },
    });
    const times = all.map((entry) => Date.parse(entry.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const text = await xinbao(['audit'], { env });
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('when\twho\twhat\tsubject\tbefore\tafter');
    expect(lines[2]).toBe(
      `${all[1]!.local}\tcli\trules.load\trules\t{"version":1,"publications.jinzheng-putong.points":4}\t{"version":2,"publications.jinzheng-putong.points":5}`,
    );
    // Local time in Asia/Shanghai: 8 hours ahead of UTC.
    expect(all[0]!.local).toBe(new Date(Date.parse(all[0]!.at) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '));

    const since = await auditJson(['--since', all[3]!.at]);
    expect(since.entries.map((entry) => entry.action)).toEqual(
      all.filter((entry) => Date.parse(entry.at) >= Date.parse(all[3]!.at)).map((entry) => entry.action),
    );
    expect(since.entries.length).toBeLessThan(all.length);
    const future = await xinbao(['audit', '--since', '2999-01-01'], { env });
    expect(future.stdout).toBe('No audit entries since 2999-01-01 00:00 (Asia/Shanghai).\n');
    const bad = await xinbao(['audit', '--since', 'yesterday'], { env });
    expect(bad.code).toBe(2);
    // One sentence saying how to write it, not the whole usage after it.
    expect(bad.stderr).toBe('xinbao: --since yesterday is not a time; write --since as 2026-11-20, 2026-11-20 09:00 (office time) or 2026-11-20T01:00:00Z.\n');
  }, 120_000);

  it('docs/rules.md shows the complete example rules file', () => {
    const page = readFileSync(path.join(root, 'docs/rules.md'), 'utf8');
    const example = readFileSync(path.join(root, 'src/domain/rules/example.yaml'), 'utf8');
    expect(page).toContain(`\`\`\`yaml\n${example.trimEnd()}\n\`\`\``);
  });
});
