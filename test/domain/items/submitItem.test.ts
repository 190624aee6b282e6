import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { submitItem } from '../../../src/domain/items/submitItem.ts';
import { listMyItems } from '../../../src/domain/items/listMyItems.ts';
import { unitStatus } from '../../../src/domain/units/unitStatus.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';
import { CATEGORIES } from '../../../src/domain/vocabulary.ts';

const ORG = `${SAMPLE_ORG}  - { code: lisi, name: 李四, unit: luoshan, roles: [reporter] }
`;

// 000: 一则信息一般只集中反映一个主题 — a plausible item from the Xinyang seed.
const TITLE = '罗山县多措并举推进秋冬种工作';
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';

let app: TestApp;
let zhangwei: PersonRecord;
let wangfang: PersonRecord;
let chenjing: PersonRecord;

const person = async (code: string): Promise<PersonRecord> => {
  const found = await app.store.people.byCode(code);
  if (!found) throw new Error(`no person ${code}`);
  return found;
};

const submit = (author: PersonRecord, fields: { title?: string; body?: string; category?: string } = {}) =>
  submitItem(app, { author, title: fields.title ?? TITLE, body: fields.body ?? BODY, category: fields.category ?? 'dynamic' });

beforeEach(async () => {
  app = await createTestApp();
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  zhangwei = await person('zhangwei');
  wangfang = await person('wangfang');
  chenjing = await person('chenjing');
});

afterEach(async () => {
  await app?.dispose();
});

describe('submitItem: the title', () => {
  it('accepts 60 Chinese characters and refuses 61 with the length', async () => {
    const ok = await submit(zhangwei, { title: '信'.repeat(60) });
    expect(ok.ok && ok.value.title).toBe('信'.repeat(60));

    expect(await submit(zhangwei, { title: '信'.repeat(61) })).toEqual({
      ok: false,
      error: { code: 'ITEM.TITLE_TOO_LONG', params: { length: 61 } },
    });
  });

  it('accepts a one-character title', async () => {
    expect((await submit(zhangwei, { title: '讯' })).ok).toBe(true);
  });

  it('refuses an empty or whitespace-only title', async () => {
    for (const title of ['', '   ', '\u3000\u3000']) {
      expect(await submit(zhangwei, { title })).toEqual({ ok: false, error: { code: 'ITEM.TITLE_EMPTY' } });
    }
  });

  it('refuses a title of only zero-width, format or control characters as empty, and stores nothing', async () => {
    const before = await app.db.item.count();
    for (const title of ['\u200B', '\u200C\u200D', '\u2060', '\uFEFF', ' \u200B\u3000', '\u3164', '\u2800', '\u00AD', '\u0001\u200B', '\u202E']) {
      expect(await submit(zhangwei, { title })).toEqual({ ok: false, error: { code: 'ITEM.TITLE_EMPTY' } });
    }
    expect(await app.db.item.count()).toBe(before);
  });

  it('stores title and body without the zero-width characters at their ends, keeping an emoji whole', async () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    const result = await submit(zhangwei, { title: `\u200B\uFEFF${TITLE}${family}\u200B`, body: `\u2060${BODY}\u200B\n` });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const stored = await app.store.items.byId(result.value.id);
    expect(stored?.title).toBe(`${TITLE}${family}`);
    expect(stored?.body).toBe(BODY);
  });
});

describe('submitItem: the body', () => {
  it('counts a body of only invisible characters as empty', async () => {
    expect(await submit(zhangwei, { body: '\u200B'.repeat(30) })).toEqual({ ok: false, error: { code: 'ITEM.BODY_TOO_SHORT', params: { length: 0 } } });
  });

  it('needs at least 20 characters', async () => {
    expect(await submit(zhangwei, { body: '字'.repeat(19) })).toEqual({
      ok: false,
      error: { code: 'ITEM.BODY_TOO_SHORT', params: { length: 19 } },
    });
    expect((await submit(zhangwei, { body: '字'.repeat(20) })).ok).toBe(true);
  });

  it('takes at most 5000 characters', async () => {
    expect((await submit(zhangwei, { body: '字'.repeat(5000) })).ok).toBe(true);
    expect(await submit(zhangwei, { body: '字'.repeat(5001) })).toEqual({
      ok: false,
      error: { code: 'ITEM.BODY_TOO_LONG', params: { length: 5001 } },
    });
  });

  it('stores title and body trimmed', async () => {
    const result = await submit(zhangwei, { title: `  ${TITLE}\t`, body: `\n\n  ${BODY}  \n` });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const stored = await app.store.items.byId(result.value.id);
    expect(stored?.title).toBe(TITLE);
    expect(stored?.body).toBe(BODY);
  });

  it('keeps line breaks inside the body', async () => {
    const body = `${BODY}\n二是强化技术指导，组织农技人员深入田间地头。`;
    const result = await submit(zhangwei, { body });
    expect(result.ok && (await app.store.items.byId(result.value.id))?.body).toBe(body);
  });
});

describe('submitItem: what is refused', () => {
  it('refuses control characters and bidi overrides in the title or the body', async () => {
    expect(await submit(zhangwei, { body: `${BODY}\u0007` })).toEqual({ ok: false, error: { code: 'ITEM.CONTROL_CHARS' } });
    expect(await submit(zhangwei, { title: `标题\u202Egnp.exe` })).toEqual({ ok: false, error: { code: 'ITEM.CONTROL_CHARS' } });
    expect(await submit(zhangwei, { body: `${BODY}\u0000` })).toEqual({ ok: false, error: { code: 'ITEM.CONTROL_CHARS' } });
  });

  it('refuses an unknown category', async () => {
    expect(await submit(zhangwei, { category: 'gossip' })).toEqual({
      ok: false,
      error: { code: 'ITEM.CATEGORY', params: { category: 'gossip' } },
    });
  });

  it('accepts each of the five categories', async () => {
    for (const category of CATEGORIES) {
      const result = await submit(zhangwei, { title: `${TITLE}（${category}）`, category });
      expect(result.ok && result.value.category).toBe(category);
    }
    expect(CATEGORIES).toEqual(['dynamic', 'experience', 'problem', 'research', 'suggestion']);
  });

  it('stores nothing for a refused submission', async () => {
    const before = await app.db.item.count();
    const refused = [
      await submit(zhangwei, { title: '' }),
      await submit(zhangwei, { title: '信'.repeat(61) }),
      await submit(zhangwei, { body: '太短了' }),
      await submit(zhangwei, { body: '字'.repeat(5001) }),
      await submit(zhangwei, { body: `${BODY}\u202E` }),
      await submit(zhangwei, { category: 'bogus' }),
      await submit(chenjing),
    ];
    expect(refused.every((result) => !result.ok)).toBe(true);
    expect(await app.db.item.count()).toBe(before);
  });

  it('refuses someone who is not a reporter (an editor)', async () => {
    const before = await app.db.item.count();
    expect(await submit(chenjing)).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await app.db.item.count()).toBe(before);
  });
});

describe('submitItem: sign-off units and what counts', () => {
  it('in a sign-off unit the item waits for the lead and does not count as submitted', async () => {
    app.clock.set('2026-11-20T02:00:00Z');
    const status = (unit = wangfang.unit!) => unitStatus(app.chatDeps, { unit, period: '2026-11' });
    const before = await status();
    expect(before.ok && before.value.submitted).toBe(0);

    const result = await submit(wangfang);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ status: 'signoff', submittedAt: null, unitId: wangfang.unit!.id, authorId: wangfang.id });
    const stored = await app.db.item.findUniqueOrThrow({ where: { id: result.value.id } });
    expect(stored.status).toBe('signoff');
    expect(stored.submittedAt).toBeNull();

    const after = await status();
    expect(after.ok && after.value.submitted).toBe(0);
  });

  it('in a plain unit the item is submitted at once and counts', async () => {
    app.clock.set('2026-12-02T02:00:00Z');
    const before = await unitStatus(app.chatDeps, { unit: zhangwei.unit!, period: '2026-12' });
    const result = await submit(zhangwei);
    expect(result.ok && result.value).toMatchObject({ status: 'submitted', submittedAt: new Date('2026-12-02T02:00:00Z') });
    const after = await unitStatus(app.chatDeps, { unit: zhangwei.unit!, period: '2026-12' });
    expect(before.ok && after.ok && after.value.submitted - before.value.submitted).toBe(1);
  });
});

describe('submitItem: the same item twice', () => {
  it('refuses a second item with the same title from the same unit within 7 days, naming the first; it counts once', async () => {
    app.clock.set('2026-11-20T02:00:00Z');
    const first = await submit(zhangwei);
    if (!first.ok) throw new Error(first.error.code);
    const lisi = await person('lisi');
    const before = await app.db.item.count();
    // The same title again: the same body (a second press), another body, another reporter of the unit.
    for (const [author, body] of [
      [zhangwei, BODY],
      [zhangwei, `${BODY}补充一句。`],
      [lisi, BODY],
    ] as const) {
      app.clock.advance(3600_000);
      expect(await submit(author, { title: `  ${TITLE} `, body })).toEqual({
        ok: false,
        error: { code: 'ITEM.DUPLICATE', params: { id: first.value.id, title: TITLE, days: 7 } },
      });
    }
    expect(await app.db.item.count()).toBe(before);
    const status = await unitStatus(app.chatDeps, { unit: zhangwei.unit!, period: '2026-11' });
    expect(status.ok && status.value.submitted).toBe(1);
  });

  it('takes the same title from another unit, after 7 days, or when the first was returned for revision', async () => {
    app.clock.set('2026-11-20T02:00:00Z');
    const first = await submit(zhangwei);
    if (!first.ok) throw new Error(first.error.code);
    expect((await submit(wangfang)).ok).toBe(true);
    app.clock.set('2026-11-27T02:00:01Z');
    const weekLater = await submit(zhangwei);
    expect(weekLater.ok).toBe(true);
    if (!weekLater.ok) return;
    await app.db.item.update({ where: { id: weekLater.value.id }, data: { status: 'returned', reviewNote: '请补充数据' } });
    app.clock.advance(3600_000);
    expect((await submit(zhangwei, { body: `${BODY}（修改稿）` })).ok).toBe(true);
  });
});

describe('listMyItems', () => {
  it("lists a person's items newest first", async () => {
    const lisi = await person('lisi');
    app.clock.set('2026-11-16T01:00:00Z');
    for (const title of ['第一条信息', '第二条信息', '第三条信息']) {
      expect((await submit(lisi, { title })).ok).toBe(true);
      app.clock.advance(3600_000);
    }
    const mine = await listMyItems(app, { person: lisi });
    expect(mine.map((item) => item.title)).toEqual(['第三条信息', '第二条信息', '第一条信息']);
    expect(mine.every((item) => item.authorId === lisi.id)).toBe(true);
    expect(mine[0]!.createdAt.getTime()).toBeGreaterThan(mine[2]!.createdAt.getTime());

    expect((await listMyItems(app, { person: lisi, limit: 2 })).map((item) => item.title)).toEqual(['第三条信息', '第二条信息']);
  });

  it('is empty for someone who has submitted nothing', async () => {
    expect(await listMyItems(app, { person: chenjing })).toEqual([]);
  });
});
