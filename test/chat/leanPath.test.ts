import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { createChatEngine, type ChatEngine, textIntent } from '../../src/chat/engine.ts';
import type { InboundEvent } from '../../src/chat/types.ts';
import { listenToStatements } from '../../src/store/client.ts';
import { SAMPLE_ORG, seededApps, type TestApp } from '../support/testApp.ts';

/** Every SQL statement the apps of this file prepare, in order. */
const statements: string[] = [];
listenToStatements((sql) => statements.push(sql));

let app: TestApp;
let engine: ChatEngine;
let update = 0;

const say = (userId: string, text: string) =>
  engine.handle({ kind: 'text', platform: 'telegram', userId, chatId: userId, text, updateId: `u${++update}` } as InboundEvent);

/** The statements one update costs. */
async function counting(work: () => Promise<unknown>): Promise<string[]> {
  statements.length = 0;
  await work();
  return [...statements];
}

const boundApp = seededApps(async (seeded) => {
  const imported = await importOrg(seeded, { text: SAMPLE_ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  const issued = await issueInvite(seeded, { personCode: 'zhangwei' });
  if (!issued.ok) throw new Error(issued.error.code);
  await createChatEngine(seeded.chatDeps).handle({ kind: 'text', platform: 'telegram', userId: '100', chatId: '100', text: `/start ${issued.value.code}` });
});

beforeEach(async () => {
  app = await boundApp();
  engine = createChatEngine(app.chatDeps);
});

afterEach(async () => {
  await app?.dispose();
});

const writes = (sql: string[]) => sql.filter((statement) => /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(statement));

describe('the statements an update costs', () => {
  it('answers /status in at most 5 statements, all of them reads', async () => {
    const sql = await counting(async () => expect((await say('100', '/status'))[0]!.title).toContain('罗山县政府办'));
    // Before: 12 through the engine (and 5 more in the Telegram adapter reading the sender again).
    // Now: the sender (1), their language (1), the form in progress (1), the unit's figures (1), its targets (1).
    expect(sql.length).toBeLessThanOrEqual(5);
    expect(writes(sql)).toEqual([]);
  });

  it.each(['/status', '/mine', '/tasks', '/rank', '/help', '/nosuchcommand'])('writes nothing for %s', async (text) => {
    const sql = await counting(() => say('100', text));
    expect(writes(sql)).toEqual([]);
    expect(await app.db.processedUpdate.count({ where: { updateId: `u${update}` } })).toBe(0);
  });

  it('answers a redelivered read-only update once', async () => {
    const event = { kind: 'text', platform: 'telegram', userId: '100', chatId: '100', text: '/status', updateId: 'again' } as const;
    expect(await engine.handle(event)).toHaveLength(1);
    expect(await engine.handle(event)).toEqual([]);
  });

  it('answers the redelivery of a read-only update whose handling failed', async () => {
    let failures = 1;
    const scoring = app.store.scoring;
    const flaky = {
      ...scoring,
      unitStanding: (...args: Parameters<typeof scoring.unitStanding>) =>
        failures-- > 0 ? Promise.reject(new Error('disk I/O error')) : scoring.unitStanding(...args),
    };
    const failing = createChatEngine({ ...app.chatDeps, store: { ...app.store, scoring: flaky } });
    const event = { kind: 'text', platform: 'telegram', userId: '100', chatId: '100', text: '/status', updateId: 'flaky' } as const;
    await expect(failing.handle(event)).rejects.toThrow('disk I/O error');
    expect(await failing.handle(event)).toHaveLength(1);
  });

  it('still records an update that writes, and ignores its redelivery', async () => {
    const event = { kind: 'text', platform: 'telegram', userId: '100', chatId: '100', text: '/submit', updateId: 'form' } as const;
    expect(await engine.handle(event)).toHaveLength(1);
    expect(await engine.handle(event)).toEqual([]);
    expect(await app.db.processedUpdate.count({ where: { updateId: 'form' } })).toBe(1);
  });

  it('still ends the form in progress when /status is sent mid-form (only /help, /cancel and /lang keep it)', async () => {
    await say('100', '/submit');
    expect(await app.db.conversation.count()).toBe(1);
    await say('100', '/status');
    expect(await app.db.conversation.count()).toBe(0);
  });

  it('reads the sender once for a reply, and again after /start binds them', async () => {
    const status = await counting(() => engine.serve({ kind: 'text', platform: 'telegram', userId: '100', chatId: '100', text: '/status' }));
    expect(status.filter((statement) => statement.includes('ChatIdentity'))).toHaveLength(1);
    const issued = await issueInvite(app, { personCode: 'wangfang' });
    if (!issued.ok) throw new Error(issued.error.code);
    const served = await engine.serve({ kind: 'text', platform: 'telegram', userId: '700', chatId: '700', text: `/start ${issued.value.code}` });
    expect(served.ctx.person?.code).toBe('wangfang');
  });

  it.each([
    ['plain text', { kind: 'text', text: '你好' }],
    ['a command for bound people', { kind: 'text', text: '/submit 标题' }],
    ['a button', { kind: 'action', data: 'adopt:1' }],
  ] as const)('writes nothing for a stranger’s %s, and answers it', async (_name, input) => {
    const event = { platform: 'telegram', userId: '999', chatId: '999', updateId: `stranger-${input.kind}`, ...input } as InboundEvent;
    const sql = await counting(async () => expect(await engine.handle(event)).toHaveLength(1));
    expect(writes(sql)).toEqual([]);
  });
});

describe('what a text asks for, read from the text alone', () => {
  it.each([
    ['/status', 'reads'],
    ['/help', 'reads'],
    ['/nosuchcommand', 'reads'],
    ['📊 本单位情况', 'reads'],
    ['📊 Unit status', 'reads'],
    ['/start ABCDE-FGHJK', 'binds'],
    ['/lang en', 'binds'],
    ['/submit 标题', 'other'],
    ['/urgent', 'other'],
    ['一段正文', 'other'],
  ] as const)('%s → %s', (text, intent) => {
    expect(textIntent(text)).toBe(intent);
  });
});

describe('an update whose handling failed on a busy database', () => {
  it('is processed when handled again, even if forgetting it had to wait for the lock', async () => {
    let failures = 1;
    let forgetFailures = 2;
    const store = app.store;
    const busy = () => Promise.reject(new Error('Operation has timed out'));
    const flaky = {
      ...store,
      conversations: {
        ...store.conversations,
        save: (...args: Parameters<typeof store.conversations.save>) => (failures-- > 0 ? busy() : store.conversations.save(...args)),
      },
      processed: {
        ...store.processed,
        forget: (...args: Parameters<typeof store.processed.forget>) => (forgetFailures-- > 0 ? busy() : store.processed.forget(...args)),
      },
    };
    const failing = createChatEngine({ ...app.chatDeps, store: flaky });
    const event = { kind: 'text', platform: 'telegram', userId: '100', chatId: '100', text: '/submit', updateId: 'busy' } as const;
    await expect(failing.handle(event)).rejects.toThrow('Operation has timed out');
    expect(forgetFailures).toBe(-1);
    const replies = await failing.handle(event);
    expect(replies).toHaveLength(1);
    expect(await app.db.conversation.count()).toBe(1);
  });
});

describe('the language of a person who chose it before binding', () => {
  it('stays theirs after /start, read from their record alone', async () => {
    const issued = await issueInvite(app, { personCode: 'wangfang' });
    if (!issued.ok) throw new Error(issued.error.code);
    const text = (replies: { lines: string[] }[]) => replies.flatMap((each) => each.lines).join('\n');
    expect(text(await say('700', '/lang en'))).toBe('Language set to English.');
    expect(text(await say('700', `/start ${issued.value.code}`))).toMatch(/^Welcome, 王芳/);
    expect((await app.store.people.byCode('wangfang'))?.locale).toBe('en');
    const sql = await counting(async () => expect(text(await say('700', '/help'))).toContain('/submit'));
    expect(text(await say('700', '/cancel'))).toBe('Nothing is in progress.');
    expect(sql.filter((statement) => statement.includes('Setting'))).toEqual([]);
  });
});

describe('a person deactivated in the organisation file', () => {
  it('is told so, whatever they send, and nothing is written', async () => {
    await app.db.person.update({ where: { code: 'zhangwei' }, data: { active: false } });
    for (const text of ['/status', '/submit 标题', '一段正文']) {
      const sql = await counting(async () => expect((await say('100', text))[0]!.lines.join('')).toContain('已停用'));
      expect(writes(sql)).toEqual([]);
    }
  });
});
