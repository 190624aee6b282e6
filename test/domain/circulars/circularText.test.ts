/**
 * What a circular says to each reader: a closing line with only the commands that reader may use,
 * and the flagged units named with how many more there are.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestApp, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';
import { circulateNow } from '../../../src/domain/circulars/circulateNow.ts';
import type { OutMessage } from '../../../src/domain/notify/message.ts';
import { renderOut } from '../../../src/i18n/renderOut.ts';
import { translate } from '../../../src/i18n/catalog.ts';
import { findCommand } from '../../../src/chat/commands/index.ts';
import type { Role } from '../../../src/domain/vocabulary.ts';

const units = Array.from({ length: 15 }, (_, i) => `u${String(i + 1).padStart(2, '0')}`);
const ORG = `office: 测试市人民政府办公室
units:
${units.map((code) => `  - { code: ${code}, name: 单位${code}, kind: county }`).join('\n')}
people:
  - { code: reporter, name: 信息员, unit: u01, roles: [reporter] }
  - { code: lead, name: 分管领导, unit: u01, roles: [lead] }
  - { code: both, name: 兼任领导, unit: u02, roles: [reporter, leader] }
  - { code: leader, name: 市领导, roles: [leader] }
  - { code: editor, name: 编辑, roles: [editor] }
`;
const ROLES: Record<string, Role[]> = { reporter: ['reporter'], lead: ['lead'], both: ['reporter', 'leader'], leader: ['leader'] };

let app: TestApp;

beforeEach(async () => {
  app = await createTestApp();
  app.clock.set('2026-11-20T02:00:00Z');
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  for (const [index, code] of Object.keys(ROLES).entries()) {
    const issued = await issueInvite(app, { personCode: code });
    if (!issued.ok) throw new Error(issued.error.code);
    const identity = { platform: 'telegram', platformUserId: String(100 + index), chatId: String(100 + index) };
    if (!(await bindAccount(app, { code: issued.value.code, identity })).ok) throw new Error(code);
  }
});

afterEach(async () => {
  await app?.dispose();
});

/** The circular each person received, in Chinese. */
async function received(): Promise<Record<string, string[]>> {
  const people = new Map((await app.db.person.findMany()).map((p) => [p.id, p.code]));
  const out: Record<string, string[]> = {};
  for (const row of await app.db.outboxMessage.findMany({ orderBy: { id: 'asc' } })) {
    out[people.get(row.personId!)!] = renderOut(JSON.parse(row.payload) as OutMessage, 'zh-CN').lines;
  }
  return out;
}

/** The commands named in a text: /rank, /status … */
const commandsIn = (line: string) => [...line.matchAll(/\/([a-z]+)/g)].map((match) => match[1]!);

describe('a circular for each reader', () => {
  it('closes with only the commands its reader may use', async () => {
    const editor = (await app.store.people.byCode('editor'))!;
    expect((await circulateNow(app, { editor, period: '2026-11' })).ok).toBe(true);
    const sent = await received();
    expect(Object.keys(sent).sort()).toEqual(['both', 'lead', 'leader', 'reporter']);
    for (const [code, roles] of Object.entries(ROLES)) {
      const hint = sent[code]!.at(-1)!;
      const usable = (name: string) => {
        const command = findCommand(name)!;
        return command.who === 'anyone' || command.who === 'bound' || command.who.some((role) => roles.includes(role));
      };
      expect(commandsIn(hint).length, code).toBeGreaterThan(0);
      expect(
        commandsIn(hint).filter((name) => !usable(name)),
        `${code}: ${hint}`,
      ).toEqual([]);
    }
    const zh = (key: Parameters<typeof translate>[1]) => translate('zh-CN', key, { key: '2026-11' });
    expect(sent.reporter!.at(-1)).toBe(zh('circular.hint.unit'));
    expect(sent.leader!.at(-1)).toBe(zh('circular.hint.leader'));
    expect(sent.both!.at(-1)).toBe(zh('circular.hint.unitLeader'));
  });

  it('names the first 8 flagged units and says how many more there are', async () => {
    const editor = (await app.store.people.byCode('editor'))!;
    expect((await circulateNow(app, { editor, period: '2026-11' })).ok).toBe(true);
    const line = (await received()).leader!.find((text) => text.startsWith('⚠ 采用空白'))!;
    const names = units.map((code) => `单位${code}`);
    expect(line).toBe(translate('zh-CN', 'rank.flags.noAdoption.more', { count: 15, names: names.slice(0, 8).join('、'), rest: 7 }));
    expect(line).toContain('，另有 7 个');
    expect(line).not.toContain(' 等');
  });
});
