/**
 * Compiling and issuing the office's bulletin (docs/bulletins.md): numbered per publication per
 * year (第N期) with a running total (总第M期) from the rules' totalStart, an item in one issue of
 * a publication, two editors at once get two numbers, and an issue is sent once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import { compileChoices } from '../../../src/domain/bulletins/compileChoices.ts';
import { compileIssue } from '../../../src/domain/bulletins/compileIssue.ts';
import { issueBulletin } from '../../../src/domain/bulletins/issueBulletin.ts';
import { publishCircular } from '../../../src/domain/circulars/publishCircular.ts';
import type { OutMessage } from '../../../src/domain/notify/message.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';
import { parsePeriod } from '../../../src/domain/time/index.ts';
import { renderOut } from '../../../src/i18n/renderOut.ts';
import { bulletinDocx } from '../../../src/reports/bulletinDocx.ts';
import { adoptedItem, BULLETIN, bulletinRulesFile, documentXml } from '../../support/bulletinsFixture.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';

let app: TestApp;
let editor: PersonRecord;
const deps = () => ({ ...app.chatDeps, writeBulletin: bulletinDocx });
const compile = (itemIds: number[], extra: { leadItemId?: number; note?: string; publication?: string; editor?: PersonRecord } = {}) =>
  compileIssue(deps(), { editor: extra.editor ?? editor, publication: extra.publication ?? BULLETIN, itemIds, leadItemId: extra.leadItemId, note: extra.note });

beforeEach(async () => {
  app = await createTestApp({ XINBAO_RULES: bulletinRulesFile() });
  app.clock.set('2026-12-01T02:00:00Z');
  const imported = await importOrg(app, { text: SAMPLE_ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  editor = (await app.store.people.byCode('chenjing'))!;
});

afterEach(async () => {
  await app?.dispose();
});

describe('numbering', () => {
  it('numbers issues per year from 1 while 总第 counts on from totalStart across years', async () => {
    const a = await adoptedItem(app, '罗山县推进秋冬种');
    const b = await adoptedItem(app, '固始县优化营商环境', { reporter: 'wangfang' });
    const first = await compile([a]);
    const second = await compile([b]);
    expect(first.ok && [first.value.year, first.value.number, first.value.totalNumber]).toEqual([2026, 1, 101]);
    expect(second.ok && [second.value.year, second.value.number, second.value.totalNumber]).toEqual([2026, 2, 102]);

    app.clock.set('2027-01-04T02:00:00Z');
    const c = await adoptedItem(app, '新年第一条');
    const next = await compile([c]);
    expect(next.ok && [next.value.year, next.value.number, next.value.totalNumber]).toEqual([2027, 1, 103]);
    const choices = await compileChoices(app.chatDeps, { editor, publication: BULLETIN });
    expect(choices.ok && choices.value.next).toEqual({ year: 2027, number: 2, totalNumber: 104 });
  });

  it('takes the year of the issue date in the office’s zone (31 December 17:00 UTC is already 2027 in Shanghai)', async () => {
    app.clock.set('2026-12-31T17:00:00Z');
    const item = await adoptedItem(app, '跨年');
    const issue = await compile([item]);
    expect(issue.ok && [issue.value.year, issue.value.number]).toEqual([2027, 1]);
  });

  it('gives two editors compiling at once two different numbers', async () => {
    const items = await Promise.all([adoptedItem(app, '甲'), adoptedItem(app, '乙'), adoptedItem(app, '丙')]);
    const results = await Promise.all(items.map((id) => compile([id])));
    expect(results.every((r) => r.ok)).toBe(true);
    const numbers = results.map((r) => (r.ok ? r.value.number : 0)).sort();
    expect(numbers).toEqual([1, 2, 3]);
    const totals = results.map((r) => (r.ok ? r.value.totalNumber : 0)).sort();
    expect(totals).toEqual([101, 102, 103]);
  });

  it('lets only one of two editors put the same item in an issue', async () => {
    const item = await adoptedItem(app, '同一条');
    const results = await Promise.all([compile([item]), compile([item])]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'BULLETIN.ALREADY_IN' } });
    expect(await app.db.bulletinIssue.count()).toBe(1);
  });
});

describe('what goes in', () => {
  it('keeps the order given with the lead story first, the note, and the .docx in the file store', async () => {
    const a = await adoptedItem(app, '第一条');
    const b = await adoptedItem(app, '第二条');
    const c = await adoptedItem(app, '第三条', { reporter: 'wangfang' });
    const result = await compile([a, b, c], { leadItemId: c, note: '请各地学习借鉴。' });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.items.map((item) => item.id)).toEqual([c, a, b]);
    const row = await app.db.bulletinIssue.findFirstOrThrow({ include: { entries: { orderBy: { position: 'asc' } } } });
    expect(row).toMatchObject({ status: 'compiled', leadItemId: c, editorNote: '请各地学习借鉴。', compiledById: editor.id, fileHash: result.value.fileHash });
    expect(row.entries.map((e) => e.itemId)).toEqual([c, a, b]);
    const xml = await documentXml((await app.store.files.get(result.value.fileHash))!);
    expect(xml.indexOf('第三条')).toBeLessThan(xml.indexOf('第一条'));
    expect(xml).toContain('请各地学习借鉴。');
    const audit = await app.db.auditLog.findFirstOrThrow({ where: { action: 'bulletin.compile' } });
    expect(audit.actor).toBe('chenjing');
  });

  it('refuses an item already in an issue of the publication, storing nothing', async () => {
    const a = await adoptedItem(app, '已编入');
    const b = await adoptedItem(app, '未编入');
    expect((await compile([a])).ok).toBe(true);
    const again = await compile([b, a]);
    expect(again).toEqual({ ok: false, error: { code: 'BULLETIN.ALREADY_IN', params: { id: a, publication: '《信阳政务信息》', year: 2026, number: 1 } } });
    expect(await app.db.bulletinIssue.count()).toBe(1);
    expect(await app.db.bulletinEntry.count()).toBe(1);
  });

  it('takes only items this publication adopted, not withdrawn, the adoption not deleted', async () => {
    const other = await adoptedItem(app, '快报采用', { publication: 'xinyang-kuaibao' });
    const withdrawn = await adoptedItem(app, '已撤回');
    await app.db.item.update({ where: { id: withdrawn }, data: { status: 'withdrawn', withdrawnAt: app.clock.now() } });
    const deleted = await adoptedItem(app, '采用已删除');
    await app.db.adoption.updateMany({ where: { itemId: deleted }, data: { deletedAt: app.clock.now() } });
    const good = await adoptedItem(app, '正常');

    const choices = await compileChoices(app.chatDeps, { editor, publication: BULLETIN });
    expect(choices.ok && choices.value.candidates.map((c) => c.id)).toEqual([good]);
    for (const id of [other, withdrawn, deleted]) {
      expect(await compile([good, id])).toMatchObject({ ok: false, error: { code: 'BULLETIN.NOT_ADOPTED', params: { id } } });
    }
    expect(await app.db.bulletinIssue.count()).toBe(0);
  });

  it('refuses what is not a bulletin, no items, an item twice, a lead not in it, and anyone but an editor', async () => {
    const a = await adoptedItem(app, '一条');
    expect(await compile([a], { publication: 'xinyang-kuaibao' })).toMatchObject({ error: { code: 'BULLETIN.PUBLICATION', params: { codes: BULLETIN } } });
    expect(await compile([])).toMatchObject({ error: { code: 'BULLETIN.NO_ITEMS' } });
    expect(await compile([a, a])).toMatchObject({ error: { code: 'BULLETIN.REPEATED' } });
    expect(await compile([a], { leadItemId: a + 1 })).toMatchObject({ error: { code: 'BULLETIN.LEAD' } });
    const reporter = (await app.store.people.byCode('zhangwei'))!;
    expect(await compile([a], { editor: reporter })).toMatchObject({ error: { code: 'AUTH.FORBIDDEN' } });
    expect(await app.db.bulletinIssue.count()).toBe(0);
  });
});

describe('issuing', () => {
  async function bind(code: string, id: string) {
    const issued = await issueInvite(app, { personCode: code });
    if (!issued.ok) throw new Error(issued.error.code);
    await bindAccount(app, { code: issued.value.code, identity: { platform: 'telegram', platformUserId: id, chatId: id } });
  }

  it('sends the file to the leaders and the units in it, each unit told its own items, once', async () => {
    for (const [code, id] of [
      ['zhangwei', '1'],
      ['liuyang', '2'],
      ['wangfang', '3'],
      ['huangmin', '4'],
      ['chenjing', '5'],
    ] as const)
      await bind(code, id);
    const a = await adoptedItem(app, '罗山经验');
    const b = await adoptedItem(app, '罗山做法');
    const compiled = await compile([a, b]);
    if (!compiled.ok) throw new Error(compiled.error.code);
    await app.db.outboxMessage.deleteMany();

    const sent = await issueBulletin(app.chatDeps, { editor, publication: BULLETIN, number: 1 });
    expect(sent).toMatchObject({ ok: true, value: { number: 1, totalNumber: 101, leaders: 1, units: 1, messages: 3 } });
    const people = new Map((await app.db.person.findMany()).map((p) => [p.id, p.code]));
    const rows = await app.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    const byPerson = Object.fromEntries(rows.map((row) => [people.get(row.personId!)!, JSON.parse(row.payload) as OutMessage]));
    expect(Object.keys(byPerson).sort()).toEqual(['huangmin', 'liuyang', 'zhangwei']);
    for (const message of Object.values(byPerson))
      expect(message.file).toMatchObject({ name: '信阳政务信息-2026-第1期.docx', ref: `file:${compiled.value.fileHash}` });
    expect(renderOut(byPerson.zhangwei!, 'zh-CN').lines).toEqual(['本单位有 2 条信息编入本期：', `#${a} 罗山经验`, `#${b} 罗山做法`]);
    expect(renderOut(byPerson.huangmin!, 'zh-CN').title).toBe('信阳政务信息 第1期（总第101期）');

    const row = await app.db.bulletinIssue.findFirstOrThrow();
    expect(row).toMatchObject({ status: 'issued', issuedById: editor.id });
    const again = await issueBulletin(app.chatDeps, { editor, publication: BULLETIN, number: 1 });
    expect(again).toMatchObject({ ok: false, error: { code: 'BULLETIN.ISSUED', params: { number: 1, on: '2026-12-01 10:00' } } });
    expect(await app.db.outboxMessage.count()).toBe(3);
    expect(await app.db.auditLog.count({ where: { action: 'bulletin.issue' } })).toBe(1);
  });

  it('refuses an issue not compiled', async () => {
    expect(await issueBulletin(app.chatDeps, { editor, publication: BULLETIN, number: 4 })).toMatchObject({
      ok: false,
      error: { code: 'BULLETIN.UNKNOWN_ISSUE', params: { year: 2026, number: 4 } },
    });
  });
});

describe('the annual circular', () => {
  it('counts the issues of each bulletin in the year', async () => {
    const a = await adoptedItem(app, '一');
    const b = await adoptedItem(app, '二');
    await compile([a]);
    await compile([b]);
    const period = parsePeriod('2026', app.config.timezone);
    if (!period.ok) throw new Error('period');
    const published = await publishCircular(app.chatDeps, { kind: 'annual', period: period.value, periodKey: '2026', at: app.clock.now() });
    expect(renderOut(published!.message, 'zh-CN').lines).toContain('全年编发《信阳政务信息》2期。');
    const month = parsePeriod('2026-12', app.config.timezone);
    if (!month.ok) throw new Error('period');
    const monthly = await publishCircular(app.chatDeps, { kind: 'monthly', period: month.value, periodKey: '2026-12', at: app.clock.now() });
    expect(renderOut(monthly!.message, 'zh-CN').lines.join('\n')).not.toContain('全年编发');
  });
});
