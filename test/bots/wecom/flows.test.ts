/**
 * WeCom through the whole product: a guided /submit answered with template card buttons, and
 * an urgent report from a console user reaching a WeCom-bound editor through the outbox.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/jobs/dispatcher.ts';
import type { WeComFrame } from '../../fakes/wecomServer.ts';
import { pushedTo, shownText, startHarness, type Harness } from './support.ts';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h?.close();
});

type Card = { button_list: { text: string; key: string }[] };
const cardOf = (frame: WeComFrame) => (frame.body as { template_card: Card }).template_card;

/** Presses button `index` of the card and returns what is pushed next to the chat. */
async function press(userid: string, card: Card, index: number, until: (frame: WeComFrame) => boolean): Promise<WeComFrame> {
  const from = h.wecom.frames.length;
  h.wecom.pushCardEvent(userid, card.button_list[index]!.key);
  return h.wecom.waitFor((frame) => frame.cmd === 'aibot_send_msg' && frame.body?.chatid === userid && until(frame), from);
}
const isCard = (frame: WeComFrame) => frame.body?.msgtype === 'template_card';

describe('WeCom with the whole product', () => {
  it('walks a guided /submit step by step, the choices pressed on template card buttons', async () => {
    await h.say('zhangwei', `/start ${h.invites.zhangwei}`);
    await h.say('zhangwei', '/submit');
    await h.say('zhangwei', '罗山县开展冬季消防安全大检查');
    const from = h.wecom.frames.length;
    h.wecom.pushText('zhangwei', '检查企业和人员密集场所一百四十家，发现并整改隐患三十二处，确保冬季安全。');
    const categories = await h.wecom.waitFor((frame) => frame.cmd === 'aibot_send_msg' && isCard(frame), from);
    expect(cardOf(categories).button_list.length).toBeGreaterThan(1);
    const confirm = await press('zhangwei', cardOf(categories), 2, isCard);
    const done = await press('zhangwei', cardOf(confirm), 0, (frame) => shownText(frame).includes('已报送'));
    expect(shownText(done)).toMatch(/已报送 #1《罗山县开展冬季消防安全大检查》/);
    expect(await h.testApp.db.item.count()).toBe(1);
  });

  it('delivers an urgent report from a console user to a WeCom-bound editor through the outbox', async () => {
    await h.say('chenjing', `/start ${h.invites.chenjing}`);
    const console = { kind: 'text', platform: 'console', userId: 'zw', chatId: 'zw' } as const;
    await h.engine.handle({ ...console, text: `/start ${h.invites.zhangwei}` });
    const filed = await h.engine.handle({ ...console, text: '/urgent [重大] 周党镇发生山体滑坡，两户民房受损' });
    expect(filed.flatMap((reply) => reply.lines).join('\n')).toContain('#1');

    const from = h.wecom.frames.length;
    const dispatcher = createDispatcher({ store: h.testApp.store, clock: h.testApp.clock, senders: [h.bot.sender], defaultLocale: 'zh-CN' });
    const result = await dispatcher.dispatchOnce();
    expect(result.failed).toBe(0);
    const alerts = pushedTo(h.wecom, 'chenjing', from);
    expect(alerts.map(shownText).join('\n')).toContain('紧急信息 #1');
    expect(result.sent).toBeGreaterThanOrEqual(1);
  });
});
