/**
 * The office's desks through the WeCom adapter, against the fake long connection: the item desk
 * (/find paging, a result's button opening /item, the guided /edit), /open with its detail and
 * page buttons, a leader's feedback notices, and the duty desk's alert with 确认收到. Buttons are
 * template cards of at most six buttons; a press is a `template_card_event` whose key is the
 * engine's action string; outbox messages go through the WeCom sender.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { elevenCommissions } from '../../support/openWork.ts';
import { SAMPLE_ORG } from '../../support/testApp.ts';
import { answerTo, type Harness, startHarness } from './support.ts';
import { pushedTo } from './support.ts';

const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';
const NEW_BODY = '截至11月20日，罗山县已完成小麦播种面积八成以上，油菜长势良好，各项服务措施落实到位。';
const REFUSED = '您的角色不能使用这个命令。发送 /help 查看您可用的命令。';

let h: Harness;

afterEach(async () => {
  await h?.close();
});

describe('the item desk on WeCom', () => {
  it('/find pages ten at a time with 下一页/上一页 on cards of six, and each result’s button opens /item', async () => {
    h = await startHarness();
    await h.bind(['zhangwei', 'chenjing']);
    for (let i = 1; i <= 11; i += 1) expect((await h.exchange('zhangwei', `/submit 秋冬种进展第${i}期\n${BODY}`)).text).toContain('已报送');
    const first = await h.exchange('chenjing', '/find 秋冬种');
    expect(first.text).toContain('查找“秋冬种”：共 11 条，第 1/2 页');
    expect(first.buttons).toHaveLength(11);
    expect(first.cards).toBe(2);
    expect(first.buttons.at(-1)!.text).toBe('下一页 ➡️');
    const second = await h.press('chenjing', first.buttons.at(-1)!.key);
    expect(second.text).toContain('第 2/2 页');
    expect(second.text).toContain('秋冬种进展第1期');
    expect(second.buttons.map((b) => b.text)).toEqual(['#1', '⬅️ 上一页']);
    const item = await h.press('chenjing', second.buttons[0]!.key);
    expect(item.text).toContain('秋冬种进展第1期');
    expect(item.text).toContain(BODY);
  });

  it('the guided /edit: the item as a button, the current text to copy, then the new title and body', async () => {
    h = await startHarness();
    await h.bind(['zhangwei', 'chenjing']);
    await h.exchange('zhangwei', `/submit 罗山县推进秋冬种\n${BODY}`);
    const id = (await h.testApp.db.item.findFirstOrThrow()).id;
    const ask = await h.exchange('zhangwei', '/edit');
    expect(ask.text).toContain('请选择要修改的信息');
    // A card's button shows at most ten characters (docs/wecom.md, "Limits").
    expect(ask.buttons).toEqual([{ text: `#${id} 罗山县推进秋…`, key: `f:edit:item:${id}` }]);
    const shown = await h.press('zhangwei', `f:edit:item:${id}`);
    expect(shown.text).toContain('[动态] 罗山县推进秋冬种');
    expect(shown.text).toContain(BODY);
    expect((await h.exchange('zhangwei', '[经验] 罗山县多措并举推进秋冬种')).text).toContain('请发送新的正文');
    const done = await h.exchange('zhangwei', NEW_BODY);
    expect(done.text).toContain(`已修改 #${id}《罗山县多措并举推进秋冬种》，现为第 2 版`);
    expect(await h.testApp.db.item.findUniqueOrThrow({ where: { id } })).toMatchObject({ category: 'experience', body: NEW_BODY, version: 2 });
    expect(await h.testApp.db.itemVersion.count({ where: { itemId: id } })).toBe(1);
  });
});

describe('/open on WeCom', () => {
  const T0 = '2026-11-20T02:00:00Z'; // Friday 10:00 in Shanghai

  it('shows a page with a detail button per line and “next”; pressing them shows page 2 and a commission’s detail', async () => {
    h = await startHarness();
    h.testApp.clock.set(T0);
    await h.bind(['zhangwei', 'chenjing']);
    const ids = await elevenCommissions(h.testApp, T0);
    const page1 = await h.exchange('chenjing', '/open');
    expect(page1.text).toContain('待办总览（第 1/2 页）');
    expect(page1.text).toContain(`约稿 #${ids[0]}“第1项约稿题目” · 2026-11-22 10:00 截止 · 已回复 0/2`);
    expect(page1.buttons.map((b) => b.key)).toEqual([...ids.slice(0, 10).map((id) => `open:d:commission:${id}`), 'open:p:all:2']);
    expect(page1.cards).toBe(2);
    expect(page1.buttons.at(-1)!.text).toBe('下一页 ➡️');

    const page2 = await h.press('chenjing', 'open:p:all:2');
    expect(page2.text).toContain('待办总览（第 2/2 页）');
    expect(page2.buttons.map((b) => b.key)).toEqual([`open:d:commission:${ids[10]}`, 'open:p:all:1']);

    const detail = await h.press('chenjing', page1.buttons[0]!.key);
    expect(detail.text).toContain(`约稿 #${ids[0]}：第1项约稿题目`);
    expect(detail.text).toContain('要求：800字以内');
    expect(detail.text).toContain('已回复 0 / 2');
    expect(detail.text).toContain('⏳ 罗山县政府办（致 张伟），2026-11-21 10:00 前报送：尚未回复');
    expect(detail.text).toContain('⏳ 固始县政府办：尚未回复');
  });

  it('refuses a reporter, for the command and a forged detail button', async () => {
    h = await startHarness();
    await h.bind(['zhangwei']);
    const command = await h.exchange('zhangwei', '/open');
    expect(command).toMatchObject({ text: REFUSED, buttons: [] });
    const forged = await h.press('zhangwei', 'open:d:commission:1');
    expect(forged).toMatchObject({ text: REFUSED, buttons: [] });
  });
});

describe('a leader’s feedback notices on WeCom', () => {
  it('the feedback arrives in the leader’s chat with its buttons; read shows the feedback; stop ends the notices', async () => {
    h = await startHarness();
    await h.bind(['zhangwei', 'chenjing', 'huangmin']);
    const submitted = await h.exchange('zhangwei', `/submit 罗山县推进秋冬种\n${BODY}`);
    const itemId = Number(/#(\d+)/.exec(submitted.text)?.[1]);
    const recorded = await h.exchange('chenjing', `/instruct #${itemId} 黄敏: 经验很好，请总结推广。`);
    const id = Number(/的批示 #(\d+)/.exec(recorded.text)?.[1]);
    expect(id).toBeGreaterThan(0);
    await h.dispatch();
    await h.exchange('zhangwei', `/feedback #${id} 已召开专题会议部署。`);
    const from = h.wecom.frames.length;
    expect(await h.dispatch()).toMatchObject({ failed: 0 });
    const notice = answerTo(h.wecom, 'huangmin', from);
    // One notice: its markdown, then one card with its two buttons.
    expect(notice.frames.map((frame) => frame.body?.msgtype)).toEqual(['markdown', 'template_card']);
    expect(notice.text).toContain('**💬 您的批示有新反馈：罗山县政府办**');
    expect(notice.text).toContain('反馈内容：已召开专题会议部署。');
    expect(notice.buttons).toEqual([
      { text: '查看批示和全部反馈', key: `instruction:read:${id}` },
      { text: '不再接收反馈通知', key: 'notices:feedback:off' },
    ]);

    const detail = await h.press('huangmin', `instruction:read:${id}`);
    expect(detail.text).toContain('张伟：已召开专题会议部署。');

    const stopped = await h.press('huangmin', 'notices:feedback:off');
    expect(stopped.text).toContain('不再向您发送批示反馈通知');
    expect(stopped.buttons).toEqual([{ text: '恢复接收', key: 'notices:feedback:on' }]);

    await h.exchange('zhangwei', `/feedback #${id} 已全部落实。`);
    const later = h.wecom.frames.length;
    await h.dispatch();
    expect(pushedTo(h.wecom, 'huangmin', later)).toEqual([]);
    expect(pushedTo(h.wecom, 'chenjing', later).filter((frame) => frame.body?.msgtype === 'markdown')).toHaveLength(1);
  });
});

describe('the duty desk on WeCom', () => {
  const ORG = `${SAMPLE_ORG}  - { code: zhoujie, name: 周杰, roles: [duty] }
`;

  const start = async () => {
    h = await startHarness({ org: ORG });
    h.testApp.clock.set('2026-11-20T02:00:00Z'); // 10:00 in Shanghai
    await h.bind(['zhangwei', 'chenjing', 'zhoujie']);
  };

  it('the alert’s 确认收到 button, pressed, tells the reporter who received it and when', async () => {
    await start();
    expect((await h.exchange('zhangwei', '/urgent [重大] 周党镇发生山体滑坡，两户民房受损')).text).toContain('#1');
    const beforeAlerts = h.wecom.frames.length;
    expect(await h.dispatch()).toEqual({ sent: 2, failed: 0 });
    const alert = answerTo(h.wecom, 'zhoujie', beforeAlerts);
    expect(alert.text).toContain('紧急信息 #1');
    expect(alert.buttons).toEqual([
      { text: '确认收到', key: 'urgent:ack:1' },
      { text: '电话确认结束', key: 'urgent:close:1' },
    ]);
    const toEditor = answerTo(h.wecom, 'chenjing', beforeAlerts);
    expect(toEditor.text).toContain('紧急信息 #1');
    expect(toEditor.buttons).toEqual([]);

    h.testApp.clock.set('2026-11-20T06:05:00Z'); // 14:05
    const beforePress = h.wecom.frames.length;
    expect((await h.press('zhoujie', 'urgent:ack:1')).text).toBe('已确认收到 #1，已告知报告人。');
    expect(await h.dispatch()).toEqual({ sent: 1, failed: 0 });
    expect(answerTo(h.wecom, 'zhangwei', beforePress)).toMatchObject({ text: '#1 已由 周杰 于 14:05 确认收到。', buttons: [] });
    expect(pushedTo(h.wecom, 'zhangwei', beforePress)).toHaveLength(1);

    // A second press: one sentence, nothing sent to anyone else.
    const beforeSecond = h.wecom.frames.length;
    expect((await h.press('zhoujie', 'urgent:ack:1')).text).toBe('紧急信息 #1 已由 周杰 于 2026-11-20 14:05 确认收到，无需重复确认。');
    expect(await h.dispatch()).toEqual({ sent: 0, failed: 0 });
    expect(h.wecom.sent('aibot_send_msg', beforeSecond)).toHaveLength(1);
  });

  it('a forged press by the reporter is refused in one sentence', async () => {
    await start();
    await h.exchange('zhangwei', '/urgent 周党镇发生山体滑坡');
    await h.dispatch();
    const before = h.wecom.frames.length;
    const refused = await h.press('zhangwei', 'urgent:ack:1');
    expect(refused).toMatchObject({ text: '只有值班室可以确认收到紧急信息。', buttons: [] });
    expect(h.wecom.sent('aibot_send_msg', before)).toHaveLength(1);
    expect(await h.testApp.store.urgent.byId(1)).toMatchObject({ acknowledgedAt: null });
  });

  it('a phone report logged one-shot reaches the unit’s reporter with its number', async () => {
    await start();
    expect((await h.exchange('zhoujie', '/urgent for luoshan @09:40 [重大] 周党镇发生山体滑坡')).text).toContain('#1');
    const before = h.wecom.frames.length;
    expect(await h.dispatch()).toEqual({ sent: 2, failed: 0 });
    expect(answerTo(h.wecom, 'zhangwei', before).text).toContain('值班室已登记 罗山县政府办 的电话报告 #1');
    expect(answerTo(h.wecom, 'chenjing', before).text).toContain('电话报告（2026-11-20 09:40 来电）');
  });
});
