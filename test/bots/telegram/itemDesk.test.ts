/**
 * The item desk through the Telegram adapter, against the local fake Bot API: /find with its
 * page buttons and a button per item, and the guided /edit with its buttons.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonsOf, createHarness, type Harness, say, press as pressButton } from './harness.ts';

const ZHANGWEI = 1001;
const CHENJING = 1003;
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';
const NEW_BODY = '截至11月20日，罗山县已完成小麦播种面积八成以上，油菜长势良好，各项服务措施落实到位。';

let h: Harness;

const press = (userId: number, data: string) => pressButton(h.fake, userId, data);

beforeEach(async () => {
  h = await createHarness();
  await h.newBot('polling').start();
  await say(h.fake, ZHANGWEI, `/start ${h.invites.zhangwei}`);
  await say(h.fake, CHENJING, `/start ${h.invites.chenjing}`);
});

afterEach(async () => {
  await h?.close();
});

describe('the item desk on Telegram', () => {
  it('/find pages ten at a time with 下一页/上一页, and each result’s button opens /item', async () => {
    for (let i = 1; i <= 11; i += 1) await say(h.fake, ZHANGWEI, `/submit 秋冬种进展第${i}期\n${BODY}`);
    const first = await say(h.fake, CHENJING, '/find 秋冬种');
    expect(first.params.text).toContain('查找“秋冬种”：共 11 条，第 1/2 页');
    const buttons = buttonsOf(first);
    expect(buttons).toHaveLength(11);
    expect(buttons.at(-1)!.text).toBe('下一页 ➡️');
    const second = await press(CHENJING, buttons.at(-1)!.data);
    expect(second.params.text).toContain('第 2/2 页');
    expect(second.params.text).toContain('秋冬种进展第1期');
    const back = buttonsOf(second);
    expect(back.map((b) => b.text)).toEqual(['#1', '⬅️ 上一页']);
    const item = await press(CHENJING, back[0]!.data);
    expect(item.params.text).toContain('秋冬种进展第1期');
    expect(item.params.text).toContain(BODY);
  });

  it('the guided /edit: the item as a button, the current text to copy, then the new title and body', async () => {
    await say(h.fake, ZHANGWEI, `/submit 罗山县推进秋冬种\n${BODY}`);
    const id = (await h.app.db.item.findFirstOrThrow()).id;
    const ask = await say(h.fake, ZHANGWEI, '/edit');
    expect(ask.params.text).toContain('请选择要修改的信息');
    expect(buttonsOf(ask)).toEqual([{ text: `#${id} 罗山县推进秋冬种`, data: `f:edit:item:${id}` }]);
    const shown = await press(ZHANGWEI, `f:edit:item:${id}`);
    expect(shown.params.text).toContain('[动态] 罗山县推进秋冬种');
    expect(shown.params.text).toContain(BODY);
    expect((await say(h.fake, ZHANGWEI, '[经验] 罗山县多措并举推进秋冬种')).params.text).toContain('请发送新的正文');
    const done = await say(h.fake, ZHANGWEI, NEW_BODY);
    expect(done.params.text).toContain(`已修改 #${id}《罗山县多措并举推进秋冬种》，现为第 2 版`);
    expect(await h.app.db.item.findUniqueOrThrow({ where: { id } })).toMatchObject({ category: 'experience', body: NEW_BODY, version: 2 });
    expect(await h.app.db.itemVersion.count({ where: { itemId: id } })).toBe(1);
  });
});
