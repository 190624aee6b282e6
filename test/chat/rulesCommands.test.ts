import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChatEngine, type ChatEngine } from '../../src/chat/engine.ts';
import type { InboundEvent, Reply } from '../../src/chat/types.ts';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { loadRulesVersion } from '../../src/domain/rules/versions.ts';
import { translate } from '../../src/i18n/catalog.ts';
import { addAdoptedItem, createTestApp, SAMPLE_ORG, type TestApp } from '../support/testApp.ts';

const zh = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('zh-CN', key, params);

let app: TestApp;
let engine: ChatEngine;
const say = (userId: string, text: string) => engine.handle({ kind: 'text', platform: 'telegram', userId, chatId: userId, text } as InboundEvent);
const read = (replies: Reply[]) => replies.flatMap((r) => (r.title ? [r.title, ...r.lines] : r.lines)).join('\n');
const ZHANGWEI = '100';
const CHENJING = '400';

beforeEach(async () => {
  app = await createTestApp();
  const imported = await importOrg(app, { text: SAMPLE_ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  engine = createChatEngine(app.chatDeps);
  for (const [code, userId] of [
    ['zhangwei', ZHANGWEI],
    ['chenjing', CHENJING],
  ] as const) {
    const issued = await issueInvite(app, { personCode: code });
    if (!issued.ok) throw new Error(issued.error.code);
    await say(userId, `/start ${issued.value.code}`);
  }
  // 1 point under the built-in rules (Fenyang's figures); the rules loaded below make it 3.
  await addAdoptedItem(app);
  const loaded = await loadRulesVersion(app, {
    text: 'publications:\n  - { code: lvliang-putong, name: 《吕梁政务信息·普刊》, level: city, points: 3 }\n',
    actor: 'chenjing',
  });
  if (!loaded.ok) throw new Error(loaded.error.code);
});

afterEach(async () => app?.dispose());

describe('/recompute', () => {
  it('is refused to a reporter, and nothing changes', async () => {
    expect(read(await say(ZHANGWEI, '/recompute'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect((await app.db.adoption.findFirstOrThrow()).points).toBe(1);
  });

  it('an editor re-prices the period with the rules in force; a second time nothing changes', async () => {
    expect(read(await say(CHENJING, '/recompute 2026-11'))).toBe(
      zh('rules.recomputed', {
        version: 1,
        period: '2026-11',
        adoptions: 1,
        instructions: 0,
        adoptionsBefore: 1,
        adoptionsAfter: 3,
        instructionsBefore: 0,
        instructionsAfter: 0,
      }),
    );
    expect((await app.db.adoption.findFirstOrThrow()).points).toBe(3);
    expect(read(await say(CHENJING, '/recompute'))).toBe(zh('rules.recomputeUnchanged', { version: 1, period: zh('rules.period.all') }));
  });

  it('says how to write a period it cannot read', async () => {
    expect(read(await say(CHENJING, '/recompute 2026-13'))).toBe(zh('error.PERIOD.INVALID', { text: '2026-13' }));
  });
});
