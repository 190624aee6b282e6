/** editItem, withdrawItem, showItem and findItems against a real store (docs/reporting.md, docs/review.md). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editItem } from '../../../src/domain/items/editItem.ts';
import { findItems } from '../../../src/domain/items/findItems.ts';
import { listEditableItems } from '../../../src/domain/items/listEditableItems.ts';
import { showItem } from '../../../src/domain/items/showItem.ts';
import { submitItem } from '../../../src/domain/items/submitItem.ts';
import { withdrawItem } from '../../../src/domain/items/withdrawItem.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';
import { rankPeopleFor } from '../../../src/domain/ranking/rankUnitsFor.ts';
import { recordAdoption } from '../../../src/domain/review/recordAdoption.ts';
import { returnItem } from '../../../src/domain/review/returnItem.ts';
import { periodContaining } from '../../../src/domain/time/index.ts';
import { unitStatus } from '../../../src/domain/units/unitStatus.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';

const ORG = `${SAMPLE_ORG}  - { code: lisi, name: 李四, unit: luoshan, roles: [reporter] }
  - { code: zhoujie, name: 周杰, roles: [duty] }
`;
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';
const NEW_BODY = '截至11月20日，罗山县已完成小麦播种面积八成以上，油菜长势良好，各项服务措施落实到位。';

let app: TestApp;
const people: Record<string, PersonRecord> = {};

const submit = async (code: string, title: string, body = BODY) => {
  const result = await submitItem(app, { author: people[code]!, title, body, category: 'dynamic' });
  if (!result.ok) throw new Error(result.error.code);
  return result.value.id;
};
const stored = async () => ({
  items: await app.db.item.findMany({ orderBy: { id: 'asc' }, omit: { updatedAt: true } }),
  versions: await app.db.itemVersion.count(),
  audit: await app.db.auditLog.count(),
  outbox: await app.db.outboxMessage.count(),
});

beforeEach(async () => {
  app = await createTestApp();
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  for (const code of ['zhangwei', 'liuyang', 'wangfang', 'chenjing', 'huangmin', 'lisi', 'zhoujie']) people[code] = (await app.store.people.byCode(code))!;
});

afterEach(async () => {
  await app?.dispose();
});

describe('editItem', () => {
  it('keeps each replaced version with who wrote it and when, and bumps the version', async () => {
    const id = await submit('zhangwei', '罗山县推进秋冬种');
    app.clock.advance(60_000);
    expect(await editItem(app, { person: people.chenjing!, itemId: id, title: '罗山县秋冬种进展顺利', body: BODY })).toMatchObject({
      ok: true,
      value: { resent: false },
    });
    app.clock.advance(60_000);
    const second = await editItem(app, { person: people.zhangwei!, itemId: id, title: '罗山县秋冬种进展顺利', body: NEW_BODY, category: 'experience' });
    expect(second.ok && second.value.item).toMatchObject({ version: 3, body: NEW_BODY, category: 'experience' });
    const shown = await showItem(app, { viewer: people.zhangwei!, itemId: id });
    expect(shown.ok && shown.value.versions.map((v) => [v.version, v.title, v.editedByName, v.editedAt.toISOString()])).toEqual([
      [1, '罗山县推进秋冬种', '张伟', '2026-11-20T02:00:00.000Z'],
      [2, '罗山县秋冬种进展顺利', '陈静', '2026-11-20T02:01:00.000Z'],
    ]);
    expect(shown.ok && shown.value.current).toEqual({ name: '张伟', at: new Date('2026-11-20T02:02:00Z') });
  });

  it('the author edits before a decision and when returned, an editor until adoption; refusals store nothing', async () => {
    const id = await submit('zhangwei', '罗山县推进秋冬种');
    const before = await stored();
    expect(await editItem(app, { person: people.lisi!, itemId: id, title: 'x', body: NEW_BODY })).toEqual({
      ok: false,
      error: { code: 'ITEM.NOT_YOURS', params: { id } },
    });
    expect(await editItem(app, { person: people.zhangwei!, itemId: id, title: '罗山县推进秋冬种', body: `  ${BODY}  ` })).toEqual({
      ok: false,
      error: { code: 'ITEM.UNCHANGED', params: { id } },
    });
    expect(await editItem(app, { person: people.zhangwei!, itemId: id, title: '', body: NEW_BODY })).toMatchObject({
      ok: false,
      error: { code: 'ITEM.TITLE_EMPTY' },
    });
    expect(await stored()).toEqual(before);
    await recordAdoption(app, { editor: people.chenjing!, itemId: id, publication: 'lvliang-putong' });
    const adopted = await stored();
    for (const person of [people.zhangwei!, people.chenjing!]) {
      expect(await editItem(app, { person, itemId: id, title: '新标题', body: NEW_BODY })).toEqual({
        ok: false,
        error: { code: 'ITEM.FROZEN', params: { id } },
      });
    }
    expect(await stored()).toEqual(adopted);
  });

  it('a returned item revised by its author goes back to the queue, marked revised, keeping when it first counted', async () => {
    const id = await submit('zhangwei', '罗山县推进秋冬种');
    await returnItem(app, { editor: people.chenjing!, itemId: id, reason: '请补充数据' });
    expect((await listEditableItems(app, { person: people.zhangwei!, limit: 10 })).map((item) => item.id)).toEqual([id]);
    app.clock.advance(3600_000);
    const edited = await editItem(app, { person: people.zhangwei!, itemId: id, title: '罗山县推进秋冬种', body: NEW_BODY });
    expect(edited.ok && edited.value).toMatchObject({ resent: true, item: { status: 'submitted', version: 2, submittedAt: new Date('2026-11-20T02:00:00Z') } });
    expect(edited.ok && edited.value.item.revisedAt).toEqual(new Date('2026-11-20T03:00:00Z'));
  });

  it('an editor editing a returned item leaves it returned', async () => {
    const id = await submit('zhangwei', '罗山县推进秋冬种');
    await returnItem(app, { editor: people.chenjing!, itemId: id, reason: '请补充数据' });
    const edited = await editItem(app, { person: people.chenjing!, itemId: id, title: '罗山县推进秋冬种', body: NEW_BODY });
    expect(edited.ok && edited.value).toMatchObject({ resent: false, item: { status: 'returned', revisedAt: null } });
  });
});

describe('withdrawItem', () => {
  it('takes the item out of the unit’s figures and the people’s ranking; only its author, only before adoption', async () => {
    const id = await submit('zhangwei', '罗山县推进秋冬种');
    await submit('zhangwei', '另一条信息');
    const unit = people.zhangwei!.unit!;
    const month = periodContaining('month', app.clock.now(), app.timezone);
    const zhangweiSubmitted = async () => (await rankPeopleFor(app, month)).find((p) => p.name === '张伟')?.submitted;
    expect((await unitStatus(app, { unit })).ok && ((await unitStatus(app, { unit })) as { value: { submitted: number } }).value.submitted).toBe(2);
    expect(await zhangweiSubmitted()).toBe(2);
    const before = await stored();
    expect(await withdrawItem(app, { author: people.lisi!, itemId: id })).toEqual({ ok: false, error: { code: 'ITEM.NOT_YOURS', params: { id } } });
    expect(await withdrawItem(app, { author: people.chenjing!, itemId: id })).toEqual({ ok: false, error: { code: 'ITEM.NOT_YOURS', params: { id } } });
    expect(await stored()).toEqual(before);
    expect(await withdrawItem(app, { author: people.zhangwei!, itemId: id })).toMatchObject({
      ok: true,
      value: { item: { status: 'withdrawn' }, commission: 'none' },
    });
    expect(((await unitStatus(app, { unit })) as { value: { submitted: number } }).value.submitted).toBe(1);
    expect(await zhangweiSubmitted()).toBe(1);
    expect(await app.db.auditLog.findFirst({ where: { action: 'item.withdraw' } })).toMatchObject({ actor: 'zhangwei', subject: `item:${id}` });
    const after = await stored();
    expect(await withdrawItem(app, { author: people.zhangwei!, itemId: id })).toEqual({
      ok: false,
      error: { code: 'ITEM.NOT_WITHDRAWABLE', params: { id, status: 'withdrawn' } },
    });
    expect(await stored()).toEqual(after);
  });
});

describe('showItem and findItems', () => {
  it('its unit and office staff read it; another unit does not', async () => {
    const id = await submit('zhangwei', '罗山县推进秋冬种');
    for (const code of ['zhangwei', 'lisi', 'liuyang', 'chenjing', 'huangmin', 'zhoujie']) {
      expect((await showItem(app, { viewer: people[code]!, itemId: id })).ok).toBe(true);
    }
    expect(await showItem(app, { viewer: people.wangfang!, itemId: id })).toEqual({ ok: false, error: { code: 'ITEM.NOT_ENTITLED', params: { id } } });
  });

  it('finds by every word, Latin in any case, newest first, ten a page, within a trailing period; staff only', async () => {
    const ids = [];
    for (let i = 1; i <= 11; i += 1) ids.push(await submit('zhangwei', `秋冬种 Wheat 第${i}期`));
    await submit('zhangwei', '安全生产检查', '罗山县开展冬季安全生产大检查，排查隐患二十余处，wheat 仓储已全部整改到位。');
    const first = await findItems(app, { viewer: people.huangmin!, query: '秋冬种 WHEAT' });
    expect(first.ok && first.value).toMatchObject({ total: 11, page: 1, pages: 2, words: ['秋冬种', 'WHEAT'], period: null });
    expect(first.ok && first.value.items.map((item) => item.id)).toEqual(ids.slice(1).reverse());
    const second = await findItems(app, { viewer: people.huangmin!, query: '秋冬种 WHEAT', page: 2 });
    expect(second.ok && second.value.items.map((item) => item.id)).toEqual([ids[0]]);
    const beyond = await findItems(app, { viewer: people.huangmin!, query: '秋冬种 WHEAT', page: 9 });
    expect(beyond.ok && beyond.value).toMatchObject({ page: 2, pages: 2, items: [{ id: ids[0] }] });
    const october = await findItems(app, { viewer: people.chenjing!, query: 'wheat 2026-10' });
    expect(october.ok && october.value).toMatchObject({ total: 0, words: ['wheat'], period: { key: '2026-10' } });
    const november = await findItems(app, { viewer: people.chenjing!, query: 'wheat 2026-11' });
    expect(november.ok && november.value.total).toBe(12);
    expect(await findItems(app, { viewer: people.zhangwei!, query: 'wheat' })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await findItems(app, { viewer: people.chenjing!, query: '   ' })).toEqual({ ok: false, error: { code: 'FIND.NO_WORDS' } });
  });
});
