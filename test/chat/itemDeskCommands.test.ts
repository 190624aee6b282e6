import { beforeEach, describe, expect, it } from 'vitest';
import type { ChatEngine } from '../../src/chat/engine.ts';
import { rankUnitsFor } from '../../src/domain/ranking/rankUnitsFor.ts';
import { periodContaining } from '../../src/domain/time/index.ts';
import { translate } from '../../src/i18n/catalog.ts';
import { renderOut } from '../../src/i18n/renderOut.ts';
import { actions, pressOn, read, sayTo, startChatApp, type Who, zh } from '../support/chat.ts';
import { SAMPLE_ORG, type TestApp } from '../support/testApp.ts';

// SAMPLE_ORG: zhangwei (罗山 reporter), liuyang (罗山 lead), wangfang (固始 reporter, sign-off unit),
// chenjing (editor), huangmin (leader); plus sunli (固始 lead), lina (another 罗山 reporter), zhoujie (duty).
const ORG = `${SAMPLE_ORG}  - { code: sunli, name: 孙丽, unit: gushi, roles: [lead] }
  - { code: lina, name: 李娜, unit: luoshan, roles: [reporter] }
  - { code: zhoujie, name: 周杰, roles: [duty] }
`;
const T0 = '2026-11-20T02:00:00Z'; // 10:00 in Shanghai
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';
const NEW_BODY = '截至11月20日，罗山县已完成小麦播种面积八成以上，油菜长势良好，各项服务措施落实到位。';
const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('en', key, params);

let app: TestApp;
let engine: ChatEngine;

const say = (who: Who, text: string) => sayTo(engine, who, text);
const press = (who: Who, data: string) => pressOn(engine, who, data);

const zhangwei: Who = { userId: '100' };
const liuyang: Who = { userId: '200' };
const wangfang: Who = { userId: '300' };
const chenjing: Who = { userId: '400' };
const huangmin: Who = { userId: '500' };
const sunli: Who = { userId: '600' };
const lina: Who = { userId: '700' };
const zhoujie: Who = { userId: '800' };

/** Everything the item desk may change, to show that a refusal stores nothing. */
const snapshot = async () => ({
  items: await app.db.item.findMany({ orderBy: { id: 'asc' }, omit: { updatedAt: true } }),
  versions: await app.db.itemVersion.count(),
  audit: await app.db.auditLog.count(),
  outbox: await app.db.outboxMessage.count(),
  answers: await app.db.commissionUnit.findMany({ orderBy: [{ commissionId: 'asc' }, { unitId: 'asc' }] }),
});

async function submitAs(who: Who, title: string, body = BODY): Promise<number> {
  const text = read(await say(who, `/submit ${title}\n${body}`));
  const id = Number(/#(\d+)/.exec(text)?.[1]);
  if (!id) throw new Error(text);
  return id;
}

const lastOutboxId = async () => (await app.db.outboxMessage.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;
async function sentTo(personCode: string, afterId: number) {
  const person = (await app.store.people.byCode(personCode))!;
  const rows = await app.db.outboxMessage.findMany({ where: { id: { gt: afterId }, personId: person.id }, orderBy: { id: 'asc' } });
  return rows.map((row) => renderOut(JSON.parse(row.payload), 'zh-CN'));
}

beforeEach(async () => {
  ({ app, engine } = await startChatApp(ORG, T0, { zhangwei, liuyang, wangfang, chenjing, huangmin, sunli, lina, zhoujie }));
});

describe('/edit', () => {
  it('one-shot by the author while it awaits review: a new version, the old text kept with who and when, audited', async () => {
    const id = await submitAs(zhangwei, '罗山县推进秋冬种');
    app.clock.advance(3600_000);
    const replies = await say(zhangwei, `/edit #${id} [经验] 罗山县多措并举推进秋冬种\n${NEW_BODY}`);
    expect(read(replies)).toBe(zh('itemDesk.edit.done', { id, title: '罗山县多措并举推进秋冬种', version: 2 }));
    const item = await app.db.item.findUniqueOrThrow({ where: { id } });
    expect(item).toMatchObject({ title: '罗山县多措并举推进秋冬种', body: NEW_BODY, category: 'experience', version: 2, status: 'submitted', revisedAt: null });
    const author = (await app.store.people.byCode('zhangwei'))!;
    expect(await app.db.itemVersion.findMany({ where: { itemId: id }, omit: { id: true } })).toEqual([
      { itemId: id, version: 1, title: '罗山县推进秋冬种', body: BODY, category: 'dynamic', editedById: author.id, editedAt: new Date(T0) },
    ]);
    const audit = await app.db.auditLog.findFirstOrThrow({ where: { action: 'item.edit', subject: `item:${id}` } });
    expect(audit.actor).toBe('zhangwei');
  });

  it('guided: the editable items as buttons, the current text shown to copy, 不变 keeps the title', async () => {
    const id = await submitAs(zhangwei, '罗山县推进秋冬种');
    const first = await say(zhangwei, '/edit');
    expect(read(first)).toBe(zh('itemDesk.edit.ask'));
    expect(actions(first)).toEqual([`f:edit:item:${id}`]);
    const shown = read(await press(zhangwei, `f:edit:item:${id}`));
    expect(shown).toContain(zh('itemDesk.edit.current', { id, version: 1 }));
    expect(shown).toContain('[动态] 罗山县推进秋冬种');
    expect(shown).toContain(BODY);
    expect(shown).toContain(zh('itemDesk.edit.askTitle'));
    expect(read(await say(zhangwei, '不变'))).toBe(zh('itemDesk.edit.askBody'));
    expect(read(await say(zhangwei, NEW_BODY))).toBe(zh('itemDesk.edit.done', { id, title: '罗山县推进秋冬种', version: 2 }));
    expect(await app.db.item.findUniqueOrThrow({ where: { id } })).toMatchObject({ title: '罗山县推进秋冬种', body: NEW_BODY, version: 2 });
  });

  it('in English: `/edit #N` alone shows the text, "same" keeps it, and an unchanged text is refused', async () => {
    const id = await submitAs(zhangwei, '罗山县推进秋冬种');
    await say(zhangwei, '/lang en');
    const shown = read(await say(zhangwei, `/edit #${id}`));
    expect(shown).toContain(en('itemDesk.edit.current', { id, version: 1 }));
    expect(shown).toContain('[news] 罗山县推进秋冬种');
    await say(zhangwei, 'same');
    const before = await snapshot();
    expect(read(await say(zhangwei, 'same'))).toBe(en('error.ITEM.UNCHANGED', { id }));
    expect(await snapshot()).toEqual(before);
  });

  it('a returned item revised by its author keeps its number, goes back to the queue marked revised', async () => {
    const id = await submitAs(zhangwei, '罗山县推进秋冬种');
    await say(chenjing, `/return ${id} 请补充具体数据`);
    app.clock.advance(3600_000);
    const replies = read(await say(zhangwei, `/edit ${id} 罗山县推进秋冬种\n${NEW_BODY}`));
    expect(replies).toContain(zh('itemDesk.edit.resent'));
    const item = await app.db.item.findUniqueOrThrow({ where: { id } });
    expect(item).toMatchObject({ status: 'submitted', version: 2, revisedAt: new Date(Date.parse(T0) + 3600_000), submittedAt: new Date(T0) });
    const card = read(await say(chenjing, '/review'));
    expect(card).toContain(`#${id}`);
    expect(card).toContain(zh('itemDesk.review.revised', { version: 2, at: '11-20 11:00' }));
  });

  it('in a sign-off unit a returned item revised by its author goes back to the lead, who is asked again', async () => {
    const id = await submitAs(wangfang, '固始县推进秋冬种');
    await press(sunli, `so:s:${id}`);
    await say(chenjing, `/return ${id} 请补充具体数据`);
    const mark = await lastOutboxId();
    expect(read(await say(wangfang, `/edit ${id} 固始县推进秋冬种\n${NEW_BODY}`))).toContain(zh('itemDesk.edit.resentSignoff'));
    expect(await app.db.item.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'signoff', submittedAt: null, version: 2 });
    const asked = await sentTo('sunli', mark);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.buttons!.flat().map((b) => b.action)).toEqual([`so:s:${id}`, `so:b:${id}`]);
  });

  it('an editor edits before adoption and the author is told; the author is told nothing of their own edits', async () => {
    const id = await submitAs(zhangwei, '罗山县推进秋冬种');
    const mark = await lastOutboxId();
    const replies = read(await say(chenjing, `/edit ${id} 罗山县秋冬种进展顺利\n${NEW_BODY}`));
    expect(replies).toContain(zh('itemDesk.edit.authorTold', { author: '张伟' }));
    const told = await sentTo('zhangwei', mark);
    expect(told.map((m) => m.title)).toEqual([zh('itemDesk.notify.editedTitle', { id })]);
    expect(told[0]!.lines).toEqual([zh('itemDesk.notify.edited', { editor: '陈静', title: '罗山县秋冬种进展顺利', id, version: 2 })]);
    // The version the editor replaced was written by the author; the next one replaced, by the editor.
    await say(zhangwei, `/edit ${id} 罗山县秋冬种进展顺利\n${BODY}`);
    const versions = await app.db.itemVersion.findMany({ where: { itemId: id }, orderBy: { version: 'asc' } });
    const editor = (await app.store.people.byCode('chenjing'))!;
    expect(versions.map((v) => [v.version, v.editedById])).toEqual([
      [1, (await app.store.people.byCode('zhangwei'))!.id],
      [2, editor.id],
    ]);
  });

  it('refusals store nothing: adopted (frozen), someone else’s, a leader, a bad body, a withdrawn item', async () => {
    const adopted = await submitAs(zhangwei, '已采用的信息');
    await say(chenjing, `/adopt ${adopted} lvliang-putong`);
    const mine = await submitAs(zhangwei, '罗山县推进秋冬种');
    const before = await snapshot();
    expect(read(await say(zhangwei, `/edit ${adopted} 新标题\n${NEW_BODY}`))).toBe(zh('error.ITEM.FROZEN', { id: adopted }));
    expect(read(await say(chenjing, `/edit ${adopted} 新标题\n${NEW_BODY}`))).toBe(zh('error.ITEM.FROZEN', { id: adopted }));
    expect(read(await say(lina, `/edit ${mine} 新标题\n${NEW_BODY}`))).toBe(zh('error.ITEM.NOT_YOURS', { id: mine }));
    expect(read(await say(huangmin, `/edit ${mine} 新标题\n${NEW_BODY}`))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say(zhangwei, `/edit ${mine} 新标题\n太短`))).toBe(zh('error.ITEM.BODY_TOO_SHORT', { length: 2 }));
    expect(read(await say(zhangwei, '/edit 新标题'))).toBe(zh('error.ITEM.EDIT_USAGE'));
    expect(read(await say(zhangwei, `/edit 999 新标题\n${NEW_BODY}`))).toBe(zh('error.REVIEW.UNKNOWN', { id: 999 }));
    expect(await snapshot()).toEqual(before);
    await say(zhangwei, `/withdraw ${mine}`);
    expect(read(await say(zhangwei, `/edit ${mine} 新标题\n${NEW_BODY}`))).toBe(zh('error.ITEM.NOT_EDITABLE', { id: mine, status: zh('status.withdrawn') }));
  });
});

describe('/withdraw of an item', () => {
  it('one-shot: withdrawn, audited, out of /status and the ranking; the duplicate-title check lets it be sent again', async () => {
    const keep = await submitAs(zhangwei, '保留的信息');
    const id = await submitAs(zhangwei, '罗山县推进秋冬种');
    const month = periodContaining('month', app.clock.now(), app.timezone);
    const luoshan = async () => (await rankUnitsFor(app, month)).find((u) => u.name === '罗山县政府办')!.submitted;
    expect(read(await say(zhangwei, '/status'))).toContain(zh('status.submittedLine', { submitted: 2 }));
    expect(await luoshan()).toBe(2);
    expect(read(await say(zhangwei, `/withdraw #${id}`))).toBe(zh('itemDesk.withdraw.done', { id, title: '罗山县推进秋冬种' }));
    expect(await app.db.item.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'withdrawn', withdrawnAt: new Date(T0) });
    expect(await app.db.auditLog.count({ where: { action: 'item.withdraw', subject: `item:${id}`, actor: 'zhangwei' } })).toBe(1);
    expect(read(await say(zhangwei, '/status'))).toContain(zh('status.submittedLine', { submitted: 1 }));
    expect(await luoshan()).toBe(1);
    expect(read(await say(chenjing, '/review'))).toContain(`#${keep}`);
    expect(read(await say(chenjing, '/review'))).not.toContain(`#${id}`);
    expect(read(await say(zhangwei, `/submit 罗山县推进秋冬种\n${BODY}`))).toContain(zh('submit.done', { id: id + 1, title: '罗山县推进秋冬种' }));
  });

  it('guided: a reporter chooses among their withdrawable items; an editor still gets the commissions', async () => {
    const id = await submitAs(zhangwei, '罗山县推进秋冬种');
    const first = await say(zhangwei, '/withdraw');
    expect(read(first)).toBe(zh('itemDesk.withdraw.ask'));
    expect(actions(first)).toEqual([`f:withdraw:item:${id}`]);
    expect(read(await press(zhangwei, `f:withdraw:item:${id}`))).toBe(zh('itemDesk.withdraw.done', { id, title: '罗山县推进秋冬种' }));
    expect(read(await say(zhangwei, '/withdraw'))).toBe(zh('itemDesk.withdraw.none'));
    expect(read(await say(chenjing, '/withdraw'))).toBe(zh('withdraw.none'));
    await say(zhangwei, '/lang en');
    expect(read(await say(zhangwei, '/withdraw'))).toBe(en('itemDesk.withdraw.none'));
  });

  it('refusals store nothing: adopted, someone else’s, twice, a lead', async () => {
    const adopted = await submitAs(zhangwei, '已采用的信息');
    await say(chenjing, `/adopt ${adopted} lvliang-putong`);
    const mine = await submitAs(zhangwei, '罗山县推进秋冬种');
    await say(zhangwei, `/withdraw ${mine}`);
    const other = await submitAs(zhangwei, '另一条信息');
    const before = await snapshot();
    expect(read(await say(zhangwei, `/withdraw ${adopted}`))).toBe(zh('error.ITEM.FROZEN', { id: adopted }));
    expect(read(await say(lina, `/withdraw ${other}`))).toBe(zh('error.ITEM.NOT_YOURS', { id: other }));
    expect(read(await say(zhangwei, `/withdraw ${mine}`))).toBe(zh('error.ITEM.NOT_WITHDRAWABLE', { id: mine, status: zh('status.withdrawn') }));
    expect(read(await say(liuyang, `/withdraw ${other}`))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say(zhangwei, '/withdraw 新标题'))).toBe(zh('error.ITEM.WITHDRAW_USAGE'));
    expect(await snapshot()).toEqual(before);
  });

  it('an item that answered a commission: the unit’s answer passes to its other item, or is cleared so it is chased again', async () => {
    const commission = Number(/#(\d+)/.exec(read(await say(chenjing, '/commission luoshan 2026-11-30 秋冬种工作进展情况')))![1]);
    const answer = async () => app.db.commissionUnit.findFirstOrThrow({ where: { commissionId: commission } });
    await say(zhangwei, '/submit 罗山县秋冬种进展');
    await say(zhangwei, BODY);
    await press(zhangwei, 'f:submit:category:dynamic');
    await press(zhangwei, `f:submit:commission:${commission}`);
    const first = Number(/#(\d+)/.exec(read(await press(zhangwei, 'f:submit:files:done')))![1]);
    // A second item on the commission (the guided submit offers only unanswered ones, so stored directly).
    const author = (await app.store.people.byCode('zhangwei'))!;
    const { id: second } = await app.store.items.create({
      title: '罗山县秋冬种进展（二）',
      body: NEW_BODY,
      category: 'dynamic',
      status: 'submitted',
      authorId: author.id,
      unitId: author.unit!.id,
      commissionId: commission,
      createdAt: app.clock.now(),
      submittedAt: app.clock.now(),
    });
    expect(await answer()).toMatchObject({ answerItemId: first });
    expect(read(await say(zhangwei, `/withdraw ${first}`))).toContain(zh('itemDesk.withdraw.commissionMoved', { commission }));
    expect(await answer()).toMatchObject({ answerItemId: second });
    expect(read(await say(zhangwei, `/withdraw ${second}`))).toContain(zh('itemDesk.withdraw.commissionCleared', { commission }));
    expect(await answer()).toMatchObject({ answerItemId: null, answeredAt: null });
  });
});

describe('/item', () => {
  it('the author’s unit and the office read it whole: versions, decisions, adoptions; an old version by vK or its button', async () => {
    const id = await submitAs(zhangwei, '罗山县推进秋冬种');
    await say(chenjing, `/return ${id} 请补充具体数据`);
    await say(zhangwei, `/edit ${id} 罗山县多措并举推进秋冬种\n${NEW_BODY}`);
    await say(chenjing, `/adopt ${id} lvliang-putong`);
    const replies = await say(liuyang, `/item #${id}`);
    const text = read(replies);
    expect(replies[0]!.title).toBe(zh('itemDesk.item.title', { id, title: '罗山县多措并举推进秋冬种' }));
    expect(text).toContain(zh('itemDesk.item.from', { unit: '罗山县政府办', author: '张伟', category: zh('category.dynamic'), status: zh('status.adopted') }));
    expect(text).toContain(NEW_BODY);
    expect(text).toContain(zh('itemDesk.item.version', { version: 1, editor: '张伟', at: '2026-11-20 10:00', title: '罗山县推进秋冬种' }));
    expect(text).toContain(zh('itemDesk.item.reviewed', { at: '2026-11-20 10:00', status: zh('status.returned'), reason: '请补充具体数据' }));
    expect(text).toContain(zh('itemDesk.item.revised', { at: '2026-11-20 10:00' }));
    expect(text).toContain(zh('itemDesk.item.adoption', { date: '2026-11-20', publication: '《吕梁政务信息·普刊》', points: '1' }));
    expect(actions(replies)).toEqual([`it:${id}:v1`]);
    for (const old of [await say(huangmin, `/item ${id} v1`), await press(zhoujie, `it:${id}:v1`)]) {
      expect(old[0]!.title).toBe(zh('itemDesk.item.oldTitle', { id, version: 1, editor: '张伟', at: '2026-11-20 10:00', title: '罗山县推进秋冬种' }));
      expect(read(old)).toContain(BODY);
      expect(actions(old)).toEqual([`it:${id}`]);
    }
    expect(read(await say(chenjing, `/item ${id} v7`))).toBe(zh('error.ITEM.NO_VERSION', { id, version: 7, current: 2 }));
  });

  it('instructions on it with their feedback, and whether resolved', async () => {
    const id = await submitAs(zhangwei, '罗山县推进秋冬种');
    await say(chenjing, `/adopt ${id} lvliang-putong`);
    const recorded = read(await say(chenjing, `/instruct ${id} huangmin: 请抓好落实`));
    const instruction = Number(/#(\d+)/.exec(recorded)![1]);
    await say(zhangwei, `/feedback ${instruction} 已召开专题会议部署落实`);
    const text = read(await say(chenjing, `/item ${id}`));
    expect(text).toContain(
      zh('itemDesk.item.instruction', { id: instruction, date: '2026-11-20', leader: '黄敏', text: '请抓好落实', state: zh('itemDesk.item.open') }),
    );
    expect(text).toContain(zh('itemDesk.item.feedback', { date: '2026-11-20 10:00', author: '张伟', text: '已召开专题会议部署落实' }));
  });

  it('in English; another unit is refused in one sentence; alone it offers the latest items; it writes nothing', async () => {
    const id = await submitAs(zhangwei, '罗山县推进秋冬种');
    await say(chenjing, '/lang en');
    expect(read(await say(chenjing, `/item ${id}`))).toContain(
      en('itemDesk.item.from', { unit: '罗山县政府办', author: '张伟', category: en('category.dynamic'), status: en('status.submitted') }),
    );
    const before = await snapshot();
    const processed = await app.db.processedUpdate.count();
    expect(read(await say(wangfang, `/item ${id}`))).toBe(zh('error.ITEM.NOT_ENTITLED', { id }));
    expect(read(await say(sunli, `/item ${id}`))).toBe(zh('error.ITEM.NOT_ENTITLED', { id }));
    expect(read(await say(wangfang, '/item'))).toBe(zh('itemDesk.item.none'));
    const alone = await say(lina, '/item');
    expect(read(alone)).toBe(zh('itemDesk.item.choose'));
    expect(actions(alone)).toEqual([`it:${id}`]);
    expect(read(await say(lina, '/item twelve'))).toBe(zh('error.ITEM.VIEW_USAGE'));
    expect(await snapshot()).toEqual(before);
    expect(await app.db.processedUpdate.count()).toBe(processed);
  });
});

describe('/find', () => {
  it('every word must match, Latin in any case, newest first, with a button per item and an optional PERIOD', async () => {
    const a = await submitAs(zhangwei, '罗山县推进秋冬种', `${BODY} GDP 增长明显。`);
    const b = await submitAs(wangfang, '固始县秋冬种进展', `${NEW_BODY} gdp 稳步增长。`);
    await submitAs(zhangwei, '罗山县安全生产检查', '罗山县开展冬季安全生产大检查，排查隐患二十余处，已全部整改到位。');
    const replies = await say(chenjing, '/find 秋冬种 Gdp');
    expect(replies[0]!.title).toBe(zh('itemDesk.find.title', { words: '秋冬种 Gdp', period: '', total: 2, page: 1, pages: 1 }));
    expect(replies[0]!.lines).toEqual([
      zh('itemDesk.find.line', { id: b, date: '2026-11-20', unit: '固始县政府办', title: '固始县秋冬种进展', status: zh('status.signoff') }),
      zh('itemDesk.find.line', { id: a, date: '2026-11-20', unit: '罗山县政府办', title: '罗山县推进秋冬种', status: zh('status.submitted') }),
    ]);
    expect(actions(replies)).toEqual([`it:${b}`, `it:${a}`]);
    expect(read(await say(huangmin, '/find 秋冬种 2026-10'))).toBe(
      zh('itemDesk.find.none', { words: '秋冬种', period: zh('itemDesk.find.period', { period: '2026年10月' }) }),
    );
    expect(read(await say(zhoujie, '/find 秋冬种 2026-11'))).toContain(`#${a}`);
  });

  it('ten a page with 上一页/下一页 buttons that carry the words (in printable ASCII, as Telegram requires)', async () => {
    const words = Buffer.from('秋冬种').toString('base64url');
    for (let i = 1; i <= 12; i += 1) await submitAs(zhangwei, `秋冬种第${i}期`);
    const first = await say(chenjing, '/find 秋冬种');
    expect(first[0]!.lines).toHaveLength(10);
    expect(actions(first).slice(-1)).toEqual([`fd:2:${words}`]);
    expect(actions(first).every((action) => /^[\x21-\x7E]{1,64}$/.test(action))).toBe(true);
    const second = await press(chenjing, `fd:2:${words}`);
    expect(second[0]!.title).toBe(zh('itemDesk.find.title', { words: '秋冬种', period: '', total: 12, page: 2, pages: 2 }));
    expect(second[0]!.lines).toHaveLength(2);
    expect(actions(second).slice(-1)).toEqual([`fd:1:${words}`]);
    expect(read(await press(chenjing, 'fd:2:%%%'))).toBe(zh('button.stale'));
    expect(read(await press(chenjing, 'fd:2:_'))).toBe(zh('button.stale'));
    expect(second[0]!.buttons!.at(-1)!.map((b) => b.label)).toEqual([zh('itemDesk.button.prev')]);
  });

  it('guided: alone it asks for the words; in English; reporters are refused and nothing is stored', async () => {
    const id = await submitAs(zhangwei, '罗山县推进秋冬种');
    expect(read(await say(chenjing, '/find'))).toBe(zh('itemDesk.find.ask'));
    expect(read(await say(chenjing, '秋冬种'))).toContain(`#${id}`);
    await say(huangmin, '/lang en');
    expect(read(await say(huangmin, '/find'))).toBe(en('itemDesk.find.ask'));
    expect(read(await say(huangmin, 'nothing-like-this'))).toBe(en('itemDesk.find.none', { words: 'nothing-like-this', period: '' }));
    const before = await snapshot();
    expect(read(await say(zhangwei, '/find 秋冬种'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say(liuyang, '/find 秋冬种'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(await snapshot()).toEqual(before);
  });
});
