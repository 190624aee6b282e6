import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { SAMPLE_ORG, type TestApp } from '../support/testApp.ts';
import { actions, pressOn, read, sayTo, startChatApp, zh, type Who } from '../support/chat.ts';
import type { ChatEngine } from '../../src/chat/engine.ts';
import { renderOut } from '../../src/i18n/renderOut.ts';
import { translate } from '../../src/i18n/catalog.ts';

// SAMPLE_ORG: zhangwei (罗山 reporter), liuyang (罗山 lead), wangfang (固始 reporter, sign-off unit),
// chenjing (editor), huangmin (leader); plus sunli, 固始's lead.
const ORG = `${SAMPLE_ORG}  - { code: sunli, name: 孙丽, unit: gushi, roles: [lead] }
`;
const T0 = '2026-11-20T02:00:00Z'; // 10:00 in Shanghai
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';

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

const snapshot = async () => ({
  items: await app.db.item.findMany({ select: { id: true, status: true, reviewNote: true, submittedAt: true }, orderBy: { id: 'asc' } }),
  adoptions: await app.db.adoption.count(),
  audit: await app.db.auditLog.count(),
  outbox: await app.db.outboxMessage.count(),
});

async function submitAs(who: Who, title: string): Promise<number> {
  const text = read(await say(who, `/submit ${title}\n${BODY}`));
  const id = Number(/#(\d+)/.exec(text)?.[1]);
  if (!id) throw new Error(text);
  return id;
}

/** The messages queued for a person since outbox row `afterId`, rendered in Chinese. */
async function sentTo(personCode: string, afterId: number) {
  const person = (await app.store.people.byCode(personCode))!;
  const rows = await app.db.outboxMessage.findMany({ where: { id: { gt: afterId }, personId: person.id }, orderBy: { id: 'asc' } });
  return rows.map((row) => renderOut(JSON.parse(row.payload), 'zh-CN'));
}
/** An item of 张伟's adopted by 《吕梁政务信息·普刊》; returns its number. */
async function adoptedItem(): Promise<number> {
  const id = await submitAs(zhangwei, '已采用的信息');
  await say(chenjing, `/adopt ${id} lvliang-putong`);
  return id;
}

const lastOutboxId = async () => (await app.db.outboxMessage.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;

beforeEach(async () => {
  ({ app, engine } = await startChatApp(ORG, T0, { zhangwei, liuyang, wangfang, chenjing, huangmin, sunli }));
});

afterEach(async () => {
  await app?.dispose();
});

describe('/review', () => {
  it('says so when nothing is waiting', async () => {
    expect(read(await say(chenjing, '/review'))).toBe(zh('review.empty'));
  });

  it('shows the oldest item with its place, unit, author, category and body, and buttons: six publications, return, decline, next', async () => {
    const first = await submitAs(zhangwei, '罗山县多措并举推进秋冬种');
    app.clock.advance(60_000);
    const second = await submitAs(zhangwei, '罗山县召开信息工作会议');
    const replies = await say(chenjing, '/review');
    expect(replies).toHaveLength(1);
    const card = replies[0]!;
    expect(card.title).toBe(zh('review.card.title', { position: 1, total: 2, id: first, title: '罗山县多措并举推进秋冬种' }));
    expect(card.lines[0]).toBe(zh('review.card.from', { unit: '罗山县政府办', author: '张伟', category: '动态', submitted: '11-20 10:00' }));
    expect(card.lines[1]).toBe(BODY);
    // Nine publications in the default rules: six as buttons, the other three named for /adopt.
    expect(card.lines[2]).toBe(zh('review.card.more', { id: first, codes: 'zhengfu-gongzuo-kuaibao, zhongyao-qingkuang-zhuanbao, guoban-zhibao' }));
    expect(actions(replies)).toEqual([
      `rv:a:${first}:lvliang-putong`,
      `rv:a:${first}:jinzheng-putong`,
      `rv:a:${first}:jinzheng-internet`,
      `rv:a:${first}:xinyang-zhengwu`,
      `rv:a:${first}:xinxi-zhuanbao`,
      `rv:a:${first}:xinyang-kuaibao`,
      `rv:r:${first}`,
      `rv:d:${first}`,
      `rv:n:${first}`,
    ]);
    expect(card.buttons![0]!.map((b) => b.label)).toEqual(['《吕梁政务信息·普刊》 1分', '《晋政信息·普刊》 4分']);
    expect(actions(replies).every((action) => Buffer.byteLength(action) <= 64)).toBe(true);

    // Next moves on to the second item.
    const next = await press(chenjing, `rv:n:${first}`);
    expect(next[0]!.title).toBe(zh('review.card.title', { position: 2, total: 2, id: second, title: '罗山县召开信息工作会议' }));
  });

  it('shows at most 300 characters of the body', async () => {
    const long = '字'.repeat(400);
    const text = read(await say(zhangwei, `/submit 长篇信息\n${long}`));
    const id = Number(/#(\d+)/.exec(text)?.[1]);
    let card = await say(chenjing, '/review');
    while (!card[0]!.title!.includes(`#${id}`)) card = await press(chenjing, actions(card).find((a) => a.startsWith('rv:n:'))!);
    expect(card[0]!.lines[1]).toBe(`${'字'.repeat(300)}…`);
    await say(chenjing, `/decline ${id} 篇幅过长`);
  });

  it('an adopt button records the adoption, tells the author, and shows the next item', async () => {
    await submitAs(zhangwei, '罗山县多措并举推进秋冬种');
    app.clock.advance(60_000);
    await submitAs(zhangwei, '罗山县召开信息工作会议');
    const card = await say(chenjing, '/review');
    const id = Number(/#(\d+)/.exec(card[0]!.title!)![1]);
    const since = await lastOutboxId();
    const replies = await press(chenjing, `rv:a:${id}:jinzheng-putong`);
    expect(replies[0]!.lines[0]).toBe(
      zh('review.adopted', { id, title: '罗山县多措并举推进秋冬种', publication: '《晋政信息·普刊》', unit: '罗山县政府办', author: '张伟', points: 4 }),
    );
    expect(replies[1]!.title).toContain(zh('review.card.title', { position: 1, total: 1, id: id + 1, title: '罗山县召开信息工作会议' }));
    expect(await app.db.adoption.findFirstOrThrow({ where: { itemId: id } })).toMatchObject({ publicationCode: 'jinzheng-putong', points: 4 });

    const told = await sentTo('zhangwei', since);
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toBe(zh('review.notify.adoptedTitle', { id }));
    expect(told[0]!.lines[0]).toContain('《晋政信息·普刊》');
  });

  it('a button for an item already decided answers plainly and changes nothing', async () => {
    await adoptedItem();
    const adopted = (await app.db.adoption.findFirstOrThrow()).itemId;
    const before = await snapshot();
    const decided = zh('error.REVIEW.DECIDED', { id: adopted, status: '已采用' });
    expect(read(await press(chenjing, `rv:a:${adopted}:jinzheng-putong`))).toBe(decided);
    expect(read(await press(chenjing, `rv:a:${adopted}:lvliang-putong`))).toBe(decided);
    expect(read(await press(chenjing, `rv:r:${adopted}`))).toBe(decided);
    expect(read(await press(chenjing, `rv:d:${adopted}`))).toBe(decided);
    // No reason is being asked for: plain text is not taken as one.
    expect(read(await say(chenjing, '随便写点什么'))).toBe(zh('unknown.text'));
    expect(await snapshot()).toEqual(before);
  });

  it('forged or malformed button data is stale and changes nothing', async () => {
    const before = await snapshot();
    for (const data of ['rv:x:1', 'rv:a:abc:lvliang-putong', 'rv:a:1:LVLIANG', `rv:a:1:${'a'.repeat(51)}`, 'rv:r:', 'so:s:1:2', 'rv:n:1 ']) {
      expect(read(await press(chenjing, data))).toBe(zh('button.stale'));
    }
    expect(await snapshot()).toEqual(before);
  });

  it('return by button asks for the reason, then returns the item, tells the author, and shows the next item', async () => {
    await submitAs(zhangwei, '罗山县召开信息工作会议');
    const card = await say(chenjing, '/review');
    const id = Number(/#(\d+)/.exec(card[0]!.title!)![1]);
    expect(read(await press(chenjing, `rv:r:${id}`))).toBe(zh('review.ask.returnReason'));
    const since = await lastOutboxId();
    const replies = await say(chenjing, '请补充今年的具体数据');
    expect(replies[0]!.lines[0]).toBe(zh('review.returned', { id, title: '罗山县召开信息工作会议', author: '张伟' }));
    expect(read([replies[1]!])).toBe(zh('review.empty'));
    expect(await app.db.item.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'returned', reviewNote: '请补充今年的具体数据' });
    const told = await sentTo('zhangwei', since);
    expect(told.map((m) => [m.title, ...m.lines])).toEqual([
      [
        zh('review.notify.returnedTitle', { id }),
        zh('review.notify.returned', { title: '罗山县召开信息工作会议', reason: '请补充今年的具体数据' }),
        zh('review.notify.resubmit', { id }),
      ],
    ]);
  });

  it('decline by button asks for the reason; /cancel stops and changes nothing', async () => {
    const id = await submitAs(zhangwei, '待定的信息');
    const before = await snapshot();
    expect(read(await press(chenjing, `rv:d:${id}`))).toBe(zh('review.ask.declineReason'));
    expect(read(await say(chenjing, '/cancel'))).toBe(zh('cancel.done'));
    expect(await snapshot()).toEqual(before);
    await press(chenjing, `rv:d:${id}`);
    expect(read(await say(chenjing, '   '))).toContain(zh('error.REVIEW.REASON', { length: 0 }));
    expect(read(await say(chenjing, '与上期内容重复'))).toContain(zh('review.declined', { id, title: '待定的信息', author: '张伟' }));
    expect((await app.db.item.findUniqueOrThrow({ where: { id } })).status).toBe('declined');
  });

  it('is refused to a reporter, a unit lead and a leader, by command and by button', async () => {
    const id = await submitAs(zhangwei, '权限测试');
    const before = await snapshot();
    for (const who of [zhangwei, liuyang, huangmin]) {
      expect(read(await say(who, '/review'))).toBe(zh('error.AUTH.FORBIDDEN'));
      expect(read(await say(who, `/adopt ${id} lvliang-putong`))).toBe(zh('error.AUTH.FORBIDDEN'));
      expect(read(await say(who, `/return ${id} 理由`))).toBe(zh('error.AUTH.FORBIDDEN'));
      expect(read(await say(who, `/decline ${id} 理由`))).toBe(zh('error.AUTH.FORBIDDEN'));
      expect(read(await press(who, `rv:a:${id}:lvliang-putong`))).toBe(zh('error.AUTH.FORBIDDEN'));
      expect(read(await press(who, `rv:r:${id}`))).toBe(zh('error.AUTH.FORBIDDEN'));
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('/adopt, /return, /decline one-shot', () => {
  it('/adopt #N CODE and /adopt N NAME record adoptions by two publications; the same one twice is refused', async () => {
    const id = await submitAs(zhangwei, '罗山县秋冬种进展');
    expect(read(await say(chenjing, `/adopt #${id} lvliang-putong`))).toBe(
      zh('review.adopted', { id, title: '罗山县秋冬种进展', publication: '《吕梁政务信息·普刊》', unit: '罗山县政府办', author: '张伟', points: 1 }),
    );
    expect(read(await say(chenjing, `/adopt ${id} 《晋政信息·互联网》`))).toContain('《晋政信息·互联网》');
    const before = await snapshot();
    expect(read(await say(chenjing, `/adopt ${id} 吕梁政务信息·普刊`))).toBe(zh('error.REVIEW.DUPLICATE', { id, publication: '《吕梁政务信息·普刊》' }));
    expect(await snapshot()).toEqual(before);
    expect((await app.db.adoption.findMany({ where: { itemId: id } })).map((a) => a.publicationCode).sort()).toEqual(['jinzheng-internet', 'lvliang-putong']);
  });

  it('a 报忧 item adopted gets the negative-feedback bonus, said once', async () => {
    const text = read(await say(zhangwei, `/submit [问题] 某乡镇灌溉设施老化问题突出\n${BODY}`));
    const id = Number(/#(\d+)/.exec(text)![1]);
    const first = read(await say(chenjing, `/adopt ${id} lvliang-putong`));
    expect(first).toContain(zh('review.adoptedBonus', { bonus: 1 }));
    expect(read(await say(chenjing, `/adopt ${id} jinzheng-putong`))).not.toContain(zh('review.adoptedBonus', { bonus: 1 }));
  });

  it('refuses bad arguments with one sentence each, storing nothing', async () => {
    const id = await submitAs(zhangwei, '参数测试');
    const before = await snapshot();
    expect(read(await say(chenjing, '/adopt lvliang-putong'))).toBe(zh('error.REVIEW.ADOPT_USAGE'));
    expect(read(await say(chenjing, `/adopt ${id} 人民日报`))).toBe(
      zh('error.REVIEW.PUBLICATION', { text: '人民日报', codes: app.rules.publications.map((p) => p.code).join(', ') }),
    );
    expect(read(await say(chenjing, '/adopt 99999 lvliang-putong'))).toBe(zh('error.REVIEW.UNKNOWN', { id: 99999 }));
    expect(read(await say(chenjing, '/return 理由'))).toBe(zh('error.REVIEW.RETURN_USAGE'));
    expect(read(await say(chenjing, '/decline abc'))).toBe(zh('error.REVIEW.DECLINE_USAGE'));
    for (const replies of [await say(chenjing, `/adopt ${id} 人民日报`), await say(chenjing, '/return 理由')]) expect(replies).toHaveLength(1);
    expect(await snapshot()).toEqual(before);
  });

  it('/adopt N with no publication asks with buttons; /adopt alone asks for the number first', async () => {
    const id = await submitAs(zhangwei, '引导采用');
    const ask = await say(chenjing, `/adopt ${id}`);
    expect(read(ask)).toBe(zh('review.ask.publication'));
    expect(actions(ask)).toContain('f:adopt:publication:jinzheng-putong');
    expect(actions(ask)).toHaveLength(app.rules.publications.length);
    expect(read(await press(chenjing, 'f:adopt:publication:jinzheng-putong'))).toContain(
      zh('review.adopted', { id, title: '引导采用', publication: '《晋政信息·普刊》', unit: '罗山县政府办', author: '张伟', points: 4 }),
    );

    expect(read(await say(chenjing, '/adopt'))).toBe(zh('review.ask.ref'));
    expect(read(await say(chenjing, '第几条'))).toContain(zh('error.REVIEW.REF'));
    expect(read(await say(chenjing, `#${id}`))).toBe(zh('review.ask.publication'));
    expect(read(await press(chenjing, 'f:adopt:publication:jinzheng-putong'))).toBe(zh('error.REVIEW.DUPLICATE', { id, publication: '《晋政信息·普刊》' }));
  });

  it('/return #N REASON and /decline #N REASON; an adopted item can be neither', async () => {
    await adoptedItem();
    const returned = await submitAs(zhangwei, '退回测试');
    const declined = await submitAs(zhangwei, '不采用测试');
    const since = await lastOutboxId();
    expect(read(await say(chenjing, `/return #${returned} 请核实数据来源`))).toBe(zh('review.returned', { id: returned, title: '退回测试', author: '张伟' }));
    expect(read(await say(chenjing, `/decline ${declined} 与上期重复`))).toBe(zh('review.declined', { id: declined, title: '不采用测试', author: '张伟' }));
    expect((await sentTo('zhangwei', since)).map((m) => m.title)).toEqual([
      zh('review.notify.returnedTitle', { id: returned }),
      zh('review.notify.declinedTitle', { id: declined }),
    ]);
    expect(read(await say(chenjing, `/return ${returned} 再退一次`))).toBe(zh('error.REVIEW.RETURNED', { id: returned }));

    const adopted = (await app.db.adoption.findFirstOrThrow()).itemId;
    expect(read(await say(chenjing, `/decline ${adopted} 不要了`))).toBe(zh('error.REVIEW.ADOPTED', { id: adopted }));
  });

  it('/return N without a reason asks for it', async () => {
    const id = await submitAs(zhangwei, '补理由');
    expect(read(await say(chenjing, `/return ${id}`))).toBe(zh('review.ask.returnReason'));
    expect(read(await say(chenjing, '标题不够准确'))).toBe(zh('review.returned', { id, title: '补理由', author: '张伟' }));
  });

  it('speaks English with /lang en', async () => {
    await say(chenjing, '/lang en');
    const id = await submitAs(zhangwei, 'English check');
    expect(read(await say(chenjing, `/adopt ${id} nowhere`))).toBe(
      translate('en', 'error.REVIEW.PUBLICATION', { text: 'nowhere', codes: app.rules.publications.map((p) => p.code).join(', ') }),
    );
    await say(chenjing, '/lang zh');
    await say(chenjing, `/decline ${id} test`);
  });
});

describe('sign-off (审签)', () => {
  it("a sign-off unit's item is not counted in /status until its lead signs it; the lead gets buttons; signing counts it", async () => {
    const status0 = read(await say(wangfang, '/status'));
    expect(status0).toContain(zh('status.submittedLine', { submitted: 0 }));
    const since = await lastOutboxId();
    const submitted = read(await say(wangfang, `/submit 固始县推进冬春农田水利建设\n${BODY}`));
    const id = Number(/#(\d+)/.exec(submitted)![1]);
    expect(submitted).toContain(zh('submit.doneSignoff', { id, title: '固始县推进冬春农田水利建设' }));
    expect(read(await say(wangfang, '/status'))).toContain(zh('status.submittedLine', { submitted: 0 }));

    // The lead is asked at once, with the two buttons; the editor's queue does not have it yet.
    const asked = await sentTo('sunli', since);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.title).toBe(zh('signoff.request.title', { id, title: '固始县推进冬春农田水利建设' }));
    expect(asked[0]!.lines[0]).toBe(zh('signoff.request.from', { unit: '固始县政府办', author: '王芳', category: '动态' }));
    expect(asked[0]!.buttons).toEqual([
      [
        { label: zh('signoff.button.sign'), action: `so:s:${id}` },
        { label: zh('signoff.button.sendBack'), action: `so:b:${id}` },
      ],
    ]);
    expect(await sentTo('liuyang', since)).toEqual([]);
    expect(read(await say(chenjing, `/adopt ${id} lvliang-putong`))).toBe(zh('error.REVIEW.AWAITING_SIGNOFF', { id }));

    // Another unit's lead cannot sign it; a reporter cannot either.
    const before = await snapshot();
    expect(read(await press(liuyang, `so:s:${id}`))).toBe(zh('error.SIGNOFF.NOT_YOUR_UNIT', { id }));
    expect(read(await say(liuyang, `/signoff ${id}`))).toBe(zh('error.SIGNOFF.NOT_YOUR_UNIT', { id }));
    expect(read(await press(wangfang, `so:s:${id}`))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(await snapshot()).toEqual(before);

    const signedSince = await lastOutboxId();
    expect(read(await press(sunli, `so:s:${id}`))).toBe(zh('signoff.done', { id, title: '固始县推进冬春农田水利建设' }));
    expect(read(await say(wangfang, '/status'))).toContain(zh('status.submittedLine', { submitted: 1 }));
    expect((await sentTo('wangfang', signedSince)).map((m) => m.title)).toEqual([zh('review.notify.signedTitle', { id })]);

    // Pressing again answers plainly and changes nothing; now the office can review it.
    const signed = await snapshot();
    expect(read(await press(sunli, `so:s:${id}`))).toBe(zh('error.SIGNOFF.DONE', { id }));
    expect(read(await press(sunli, `so:b:${id}`))).toBe(zh('error.SIGNOFF.DONE', { id }));
    expect(await snapshot()).toEqual(signed);
    expect(read(await say(chenjing, `/adopt ${id} lvliang-putong`))).toContain(
      zh('review.adopted', { id, title: '固始县推进冬春农田水利建设', publication: '《吕梁政务信息·普刊》', unit: '固始县政府办', author: '王芳', points: 1 }),
    );
  });

  it('/pending lists the unit’s waiting items with buttons; send back by button asks the reason', async () => {
    // A minute after T0, one of 王芳's items already signed off.
    app.clock.advance(60_000);
    await say(sunli, `/signoff ${await submitAs(wangfang, '固始县推进冬春农田水利建设')}`);
    expect(read(await say(sunli, '/pending'))).toBe(zh('signoff.pending.empty'));
    const a = await submitAs(wangfang, '固始信息甲');
    const b = await submitAs(wangfang, '固始信息乙');
    const list = await say(sunli, '/pending');
    expect(list[0]!.title).toBe(zh('signoff.pending.title', { unit: '固始县政府办' }));
    expect(list[0]!.lines).toEqual([
      zh('signoff.pending.line', { id: a, date: '11-20 10:01', author: '王芳', title: '固始信息甲' }),
      zh('signoff.pending.line', { id: b, date: '11-20 10:01', author: '王芳', title: '固始信息乙' }),
    ]);
    expect(actions(list)).toEqual([`so:s:${a}`, `so:b:${a}`, `so:s:${b}`, `so:b:${b}`]);
    expect(read(await say(liuyang, '/pending'))).toBe(zh('signoff.pending.empty'));
    expect(read(await say(zhangwei, '/pending'))).toBe(zh('error.AUTH.FORBIDDEN'));

    expect(read(await press(sunli, `so:b:${a}`))).toBe(zh('signoff.ask.reason'));
    const since = await lastOutboxId();
    expect(read(await say(sunli, '数据口径不一致'))).toBe(zh('signoff.sentBack', { id: a, title: '固始信息甲', author: '王芳' }));
    expect((await sentTo('wangfang', since)).map((m) => m.lines[0])).toEqual([
      zh('review.notify.sentBack', { title: '固始信息甲', lead: '孙丽', reason: '数据口径不一致' }),
    ]);
    expect(read(await say(wangfang, '/status'))).toContain(zh('status.submittedLine', { submitted: 1 }));

    // One-shot forms.
    expect(read(await say(sunli, `/signoff #${b}`))).toBe(zh('signoff.done', { id: b, title: '固始信息乙' }));
    const c = await submitAs(wangfang, '固始信息丙');
    expect(read(await say(sunli, `/sendback ${c} 请补充来源`))).toBe(zh('signoff.sentBack', { id: c, title: '固始信息丙', author: '王芳' }));
    expect(read(await say(sunli, '/signoff'))).toBe(zh('review.ask.ref'));
    await say(sunli, '/cancel');
    expect(read(await say(sunli, '/signoff 12 多余'))).toBe(zh('error.SIGNOFF.USAGE'));
    expect(read(await say(sunli, '/sendback 理由'))).toBe(zh('error.SIGNOFF.SENDBACK_USAGE'));
    expect(read(await say(chenjing, `/signoff ${c}`))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say(wangfang, '/status'))).toContain(zh('status.submittedLine', { submitted: 2 }));
  });

  it('every change by an editor or a lead is in the audit log with before and after', async () => {
    // The editor adopts, returns and declines; the lead signs off and sends back.
    await adoptedItem();
    await say(chenjing, `/return ${await submitAs(zhangwei, '退回的信息')} 请补充数据`);
    await say(chenjing, `/decline ${await submitAs(zhangwei, '不采用的信息')} 与上期重复`);
    await say(sunli, `/signoff ${await submitAs(wangfang, '固始信息甲')}`);
    await say(sunli, `/sendback ${await submitAs(wangfang, '固始信息乙')} 请补充来源`);
    const rows = await app.db.auditLog.findMany({ where: { action: { startsWith: 'item.' } } });
    expect(new Set(rows.map((row) => row.action))).toEqual(new Set(['item.adopt', 'item.return', 'item.decline', 'item.signoff', 'item.sendback']));
    expect(rows.every((row) => row.before !== null && row.after !== null && JSON.parse(row.before).status && JSON.parse(row.after).status)).toBe(true);
    expect(new Set(rows.map((row) => row.actor))).toEqual(new Set(['chenjing', 'sunli']));
  });
});
