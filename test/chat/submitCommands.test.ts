import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { SAMPLE_ORG, type TestApp } from '../support/testApp.ts';
import { pressOn, read, sayTo, startChatApp, zh, type Who } from '../support/chat.ts';
import type { ChatEngine } from '../../src/chat/engine.ts';

// SAMPLE_ORG plus a second reporter of 罗山.
const ORG = `${SAMPLE_ORG}  - { code: lisi, name: 李四, unit: luoshan, roles: [reporter] }
`;
const T0 = '2026-11-20T02:00:00Z'; // 10:00 in Shanghai
const TITLE = '罗山县多措并举推进秋冬种工作';
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';

let app: TestApp;
let engine: ChatEngine;

const say = (who: Who, text: string) => sayTo(engine, who, text);
const press = (who: Who, data: string) => pressOn(engine, who, data);

const zhangwei: Who = { userId: '100' };
const chenjing: Who = { userId: '400' };
const lisi: Who = { userId: '900' };

beforeEach(async () => {
  ({ app, engine } = await startChatApp(ORG, T0, { zhangwei, chenjing, lisi }));
});

afterEach(async () => {
  await app?.dispose();
});

describe('the same item twice', () => {
  it('one-shot: a second /submit of the same title from the unit is refused, naming the first; one item counts', async () => {
    const first = read(await say(zhangwei, `/submit ${TITLE}\n${BODY}`));
    const id = Number(/#(\d+)/.exec(first)?.[1]);
    const duplicate = zh('error.ITEM.DUPLICATE', { days: 7, id, title: TITLE });
    expect(read(await say(zhangwei, `/submit ${TITLE}\n${BODY}`))).toBe(duplicate);
    // Another reporter of the same unit forwarding it is refused too.
    expect(read(await say(lisi, `/submit ${TITLE}\n${BODY}`))).toBe(duplicate);
    expect(await app.db.item.count()).toBe(1);
    expect(read(await say(zhangwei, '/status'))).toContain(zh('status.submittedLine', { submitted: 1 }));
  });

  it('guided: the refusal asks for another title and keeps the body and category', async () => {
    await say(zhangwei, `/submit ${TITLE}\n${BODY}`);
    await say(zhangwei, '/submit');
    await say(zhangwei, TITLE);
    await say(zhangwei, BODY);
    await press(zhangwei, 'f:submit:category:experience');
    const refused = read(await press(zhangwei, 'f:submit:files:done'));
    expect(refused).toContain(zh('error.ITEM.DUPLICATE', { days: 7, id: 1, title: TITLE }));
    expect(refused).toContain(zh('submit.askTitle'));
    expect(read(await say(zhangwei, '罗山县秋冬种进度过半'))).toContain(zh('submit.done', { id: 2, title: '罗山县秋冬种进度过半' }));
    expect(await app.store.items.byId(2)).toMatchObject({ body: BODY, category: 'experience' });
  });
});

describe('/mine', () => {
  it('names the publications that adopted an item, and gives the reason of a return or a decline', async () => {
    await say(zhangwei, `/submit 已采用的信息\n${BODY}`);
    await say(chenjing, '/adopt 1 lvliang-putong');
    app.clock.advance(60_000);
    await say(chenjing, '/adopt 1 jinzheng-putong');
    await say(zhangwei, `/submit 退回的信息\n${BODY}`);
    await say(chenjing, '/return 2 请补充具体数据');
    await say(zhangwei, `/submit 不采用的信息\n${BODY}`);
    await say(chenjing, '/decline 3 与上期内容重复');
    const mine = read(await say(zhangwei, '/mine'));
    expect(mine).toContain(zh('mine.adoptions', { list: '《吕梁政务信息·普刊》、《晋政信息·普刊》' }));
    expect(mine).not.toContain('lvliang-putong');
    expect(mine).toContain(zh('mine.reason.returned', { reason: '请补充具体数据' }));
    expect(mine).toContain(zh('mine.reason.declined', { reason: '与上期内容重复' }));
  });
});
