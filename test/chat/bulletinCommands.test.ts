/**
 * /compile and /issue through the chat engine (docs/bulletins.md): choosing, ordering and the
 * lead with buttons, the note and the confirmation; one-shot; refusals in both languages that
 * store nothing; an issue sent once to the leaders and the units in it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEngine } from '../../src/chat/engine.ts';
import { choiceAction } from '../../src/chat/forms.ts';
import type { OutMessage } from '../../src/domain/notify/message.ts';
import { translate } from '../../src/i18n/catalog.ts';
import { renderOut } from '../../src/i18n/renderOut.ts';
import { adoptedItem, BULLETIN, bulletinChatApps, documentXml } from '../support/bulletinsFixture.ts';
import { actions, pressOn, read, sayTo, type Who, zh } from '../support/chat.ts';
import type { TestApp } from '../support/testApp.ts';

const zhangwei: Who = { userId: '100' }; // luoshan reporter
const liuyang: Who = { userId: '200' }; // luoshan lead
const wangfang: Who = { userId: '300' }; // gushi reporter
const chenjing: Who = { userId: '400' }; // editor
const huangmin: Who = { userId: '500' }; // leader
const open = bulletinChatApps({ zhangwei, liuyang, wangfang, chenjing, huangmin });

let app: TestApp;
let engine: ChatEngine;
const say = (who: Who, text: string) => sayTo(engine, who, text);
const press = (who: Who, data: string) => pressOn(engine, who, data);
const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('en', key, params);

beforeEach(async () => {
  ({ app, engine } = await open());
});

afterEach(async () => {
  await app?.dispose();
});

const stored = async () => ({ issues: await app.db.bulletinIssue.count(), entries: await app.db.bulletinEntry.count() });

describe('/compile guided', () => {
  it('chooses with toggle buttons, orders with ↑ and 头条, takes a note and a confirmation, and compiles 第1期', async () => {
    const a = await adoptedItem(app, '罗山县推进秋冬种');
    const b = await adoptedItem(app, '固始县优化营商环境', { reporter: 'wangfang' });
    const c = await adoptedItem(app, '罗山县信访工作');

    const start = await say(chenjing, `/compile ${BULLETIN}`);
    expect(read(start)).toContain(zh('bulletin.next', { masthead: '信阳政务信息', year: 2026, number: 1, total: 101 }));
    expect(actions(start)).toEqual([`bul:t:${a}`, `bul:t:${b}`, `bul:t:${c}`, 'bul:o']);
    const toggled = await press(chenjing, `bul:t:${a}`);
    expect(read(toggled)).toContain(zh('bulletin.pick', { count: 1 }));
    expect(toggled[0]!.buttons![0]![0]!.label).toBe(zh('bulletin.picked', { id: a, title: '罗山县推进秋冬种' }));
    await press(chenjing, `bul:t:${c}`);
    await press(chenjing, `bul:t:${b}`);
    await press(chenjing, `bul:t:${c}`); // dropped again
    await press(chenjing, `bul:t:${c}`); // and back, last
    const order = await press(chenjing, 'bul:o');
    expect(read(order)).toContain(`1. #${a} ${zh('bulletin.leadMark')}罗山县推进秋冬种`);
    expect(actions(order)).toEqual([`bul:u:${b}`, `bul:l:${b}`, `bul:u:${c}`, `bul:l:${c}`, 'bul:d']);
    await press(chenjing, `bul:l:${b}`); // b a c
    const moved = await press(chenjing, `bul:u:${c}`); // b c a
    expect(read(moved)).toContain(`2. #${c} 罗山县信访工作`);

    const note = await press(chenjing, 'bul:d');
    expect(read(note)).toContain(zh('bulletin.ask.note'));
    expect(read(note)).toContain(`#${b}, #${c}, #${a}`);
    const confirm = await say(chenjing, '罗山、固始的做法值得借鉴。');
    expect(actions(confirm)).toEqual([choiceAction('compile', 'confirm', 'yes')]);
    expect(await stored()).toEqual({ issues: 0, entries: 0 });
    const done = await press(chenjing, choiceAction('compile', 'confirm', 'yes'));
    expect(read(done)).toBe(zh('bulletin.compiled', { masthead: '信阳政务信息', year: 2026, number: 1, total: 101, count: 3, lead: b, code: BULLETIN }));
    const issue = await app.db.bulletinIssue.findFirstOrThrow({ include: { entries: { orderBy: { position: 'asc' } } } });
    expect(issue.entries.map((entry) => entry.itemId)).toEqual([b, c, a]);
    expect(issue).toMatchObject({ leadItemId: b, editorNote: '罗山、固始的做法值得借鉴。', number: 1, totalNumber: 101 });
    const xml = await documentXml((await app.store.files.get(issue.fileHash!))!);
    expect(xml.indexOf('固始县优化营商环境')).toBeLessThan(xml.indexOf('罗山县信访工作'));
    // The draft's buttons are spent.
    expect(read(await press(chenjing, 'bul:o'))).toBe(zh('bulletin.draftGone'));
  });

  it('pages the choices eight at a time and will not go on with nothing chosen', async () => {
    const ids = [];
    for (let i = 1; i <= 10; i += 1) ids.push(await adoptedItem(app, `信息${i}`));
    const first = await say(chenjing, `/compile ${BULLETIN}`);
    expect(actions(first)).toEqual([...ids.slice(0, 8).map((id) => `bul:t:${id}`), 'bul:p:1', 'bul:o']);
    const second = await press(chenjing, 'bul:p:1');
    expect(actions(second)).toEqual([...ids.slice(8).map((id) => `bul:t:${id}`), 'bul:p:0', 'bul:o']);
    expect(read(await press(chenjing, 'bul:o'))).toContain(zh('bulletin.noneChosen'));
    expect(read(await press(chenjing, 'bul:d'))).toBe(zh('bulletin.noneChosen'));
    expect(await stored()).toEqual({ issues: 0, entries: 0 });
  });

  it('sent alone, asks for the bulletin, then the items in order showing what may go in', async () => {
    const a = await adoptedItem(app, '第一条');
    const b = await adoptedItem(app, '第二条');
    const ask = await say(chenjing, '/compile');
    expect(actions(ask)).toEqual([choiceAction('compile', 'publication', BULLETIN)]);
    const items = await press(chenjing, choiceAction('compile', 'publication', BULLETIN));
    expect(read(items)).toContain(zh('bulletin.candidate', { id: a, title: '第一条', unit: '罗山县政府办' }));
    expect(read(items)).toContain(zh('bulletin.ask.items'));
    expect(read(await say(chenjing, `${b},${a}`))).toContain(zh('bulletin.ask.note'));
    await say(chenjing, '无');
    await press(chenjing, choiceAction('compile', 'confirm', 'yes'));
    const issue = await app.db.bulletinIssue.findFirstOrThrow({ include: { entries: { orderBy: { position: 'asc' } } } });
    expect(issue.entries.map((entry) => entry.itemId)).toEqual([b, a]);
    expect(issue.editorNote).toBeNull();
  });
});

describe('/compile one-shot', () => {
  it('compiles #ids in order with the note after 按语：', async () => {
    const a = await adoptedItem(app, '甲');
    const b = await adoptedItem(app, '乙');
    const done = await say(chenjing, `/compile ${BULLETIN} #${b},#${a} 按语：请参阅。`);
    expect(read(done)).toBe(zh('bulletin.compiled', { masthead: '信阳政务信息', year: 2026, number: 1, total: 101, count: 2, lead: b, code: BULLETIN }));
    const issue = await app.db.bulletinIssue.findFirstOrThrow({ include: { entries: { orderBy: { position: 'asc' } } } });
    expect(issue.entries.map((entry) => entry.itemId)).toEqual([b, a]);
    expect(issue.editorNote).toBe('请参阅。');
  });

  it('refuses in one sentence, in Chinese and in English, storing nothing', async () => {
    const a = await adoptedItem(app, '甲');
    const other = await adoptedItem(app, '快报', { publication: 'xinyang-kuaibao' });
    expect(read(await say(chenjing, `/compile ${BULLETIN} #${a}`))).toContain('第1期');
    const before = await stored();
    expect(read(await say(chenjing, `/compile ${BULLETIN} #${a}`))).toBe(
      zh(`error.BULLETIN.ALREADY_IN`, { id: a, publication: '《信阳政务信息》', year: 2026, number: 1 }),
    );
    expect(read(await say(chenjing, `/compile xinyang-kuaibao #${other}`))).toBe(
      zh('error.BULLETIN.PUBLICATION', { text: 'xinyang-kuaibao', codes: BULLETIN }),
    );
    expect(read(await say(zhangwei, `/compile ${BULLETIN} #${a}`))).toBe(zh('error.AUTH.FORBIDDEN'));
    await say(chenjing, '/lang en');
    expect(read(await say(chenjing, `/compile ${BULLETIN} #${other}`))).toBe(en('error.BULLETIN.NOT_ADOPTED', { id: other, publication: '《信阳政务信息》' }));
    expect(read(await say(chenjing, `/compile ${BULLETIN} #${a}`))).toBe(
      en('error.BULLETIN.ALREADY_IN', { id: a, publication: '《信阳政务信息》', year: 2026, number: 1 }),
    );
    expect(await stored()).toEqual(before);
  });
});

describe('/issue', () => {
  it('sends the issue to the leaders and the units in it, each unit its own items named, once', async () => {
    const a = await adoptedItem(app, '罗山经验');
    const b = await adoptedItem(app, '固始做法', { reporter: 'wangfang' });
    await say(chenjing, `/compile ${BULLETIN} #${a},#${b}`);
    await app.db.outboxMessage.deleteMany();

    expect(read(await say(chenjing, `/issue ${BULLETIN} 1`))).toBe(
      zh('bulletin.issuedDone', { masthead: '信阳政务信息', number: 1, total: 101, leaders: 1, units: 2, messages: 4 }),
    );
    const people = new Map((await app.db.person.findMany()).map((p) => [p.id, p.code]));
    const sent = Object.fromEntries(
      (await app.db.outboxMessage.findMany()).map((row) => [people.get(row.personId!)!, renderOut(JSON.parse(row.payload) as OutMessage, 'zh-CN')]),
    );
    expect(Object.keys(sent).sort()).toEqual(['huangmin', 'liuyang', 'wangfang', 'zhangwei']);
    expect(sent.zhangwei!.lines).toEqual([zh('bulletin.sent.unit', { count: 1 }), `#${a} 罗山经验`]);
    expect(sent.wangfang!.lines).toEqual([zh('bulletin.sent.unit', { count: 1 }), `#${b} 固始做法`]);
    expect(sent.huangmin!.lines).toEqual([zh('bulletin.sent.leader', { count: 2 })]);

    expect(read(await say(chenjing, `/issue ${BULLETIN} 1`))).toBe(
      zh('error.BULLETIN.ISSUED', { publication: '《信阳政务信息》', number: 1, on: '2026-12-01 10:00' }),
    );
    expect(read(await say(chenjing, `/issue ${BULLETIN} 2`))).toBe(
      zh('error.BULLETIN.UNKNOWN_ISSUE', { publication: '《信阳政务信息》', year: 2026, number: 2 }),
    );
    expect(await app.db.outboxMessage.count()).toBe(4);
  });

  it('with the bulletin only, asks for the number showing the latest issue', async () => {
    const a = await adoptedItem(app, '甲');
    await say(chenjing, `/compile ${BULLETIN} #${a}`);
    const ask = await say(chenjing, `/issue ${BULLETIN}`);
    expect(read(ask)).toBe([zh('bulletin.latest', { year: 2026, number: 1, status: zh('bulletin.status.compiled') }), zh('bulletin.ask.number')].join('\n'));
    expect(read(await say(chenjing, '第1期'))).toContain('第1期（总第101期）');
    expect(await app.db.bulletinIssue.count({ where: { status: 'issued' } })).toBe(1);
  });
});
