/**
 * The duty desk on Slack (docs/urgent.md#the-duty-desk), over HTTP against the fake Slack Web
 * API: the duty officer's alert carries 确认收到 as a Block Kit button; pressing it (a signed
 * block_actions request) goes through the engine and the reporter's DM gets the receipt.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/jobs/dispatcher.ts';
import { eventBody, slashCommandBody } from '../../fakes/slackServer.ts';
import { SAMPLE_ORG } from '../../support/testApp.ts';
import { buttons, press as pressButton, shownText, startHarness, type Harness, triggerId } from './support.ts';

const ORG = `${SAMPLE_ORG}  - { code: zhoujie, name: 周杰, roles: [duty] }
`;

let h: Harness;

async function slash(user: string, text: string) {
  const from = h.slack.calls.length;
  const res = await h.post(slashCommandBody({ user_id: user, channel_id: 'C1', text, trigger_id: triggerId() }));
  expect(res.status).toBe(200);
  return from;
}

const posted = (channel: string, from: number, what: (text: string) => boolean = () => true) =>
  h.slack.waitFor((call) => call.method === 'chat.postMessage' && call.params.channel === channel && what(shownText(call)), 5000, from);
const postsTo = (channel: string, from: number) =>
  h.slack.calls.slice(from).filter((call) => call.method === 'chat.postMessage' && call.params.channel === channel);

const press = (user: string, button: { action_id: string; value: string; block_id?: string }) => pressButton(h, user, button);

const dispatch = () =>
  createDispatcher({ store: h.testApp.store, clock: h.testApp.clock, senders: [h.slackApp.sender], defaultLocale: 'zh-CN' }).dispatchOnce();

beforeEach(async () => {
  h = await startHarness('http', ORG);
  h.testApp.clock.set('2026-11-20T02:00:00Z'); // 10:00 in Shanghai
  // 张伟 (reporter of 罗山县政府办) is U1, 周杰 (duty officer) U7.
  await posted('DU1', await slash('U1', `start ${h.invites.zhangwei}`), (text) => text.includes('张伟'));
  await posted('DU7', await slash('U7', `start ${h.invites.zhoujie}`), (text) => text.includes('周杰'));
});

afterEach(async () => {
  await h?.close();
});

describe('the duty desk on Slack', () => {
  it('the alert’s 确认收到 Block Kit button, pressed, tells the reporter who received it and when', async () => {
    expect(shownText(await posted('DU1', await slash('U1', 'urgent [重大] 周党镇发生山体滑坡，两户民房受损')))).toContain('#1');
    const beforeAlert = h.slack.calls.length;
    expect(await dispatch()).toEqual({ sent: 1, failed: 0 });
    const alert = postsTo('DU7', beforeAlert)[0]!;
    expect(shownText(alert)).toContain('紧急信息 #1');
    const shown = buttons(alert);
    expect(shown.map((b) => [b.text.text, b.value])).toEqual([
      ['确认收到', 'urgent:ack:1'],
      ['电话确认结束', 'urgent:close:1'],
    ]);

    h.testApp.clock.set('2026-11-20T06:05:00Z'); // 14:05
    const beforePress = h.slack.calls.length;
    expect((await press('U7', shown[0]!)).status).toBe(200);
    expect(shownText(await posted('DU7', beforePress))).toContain('已确认收到 #1');
    expect(await dispatch()).toEqual({ sent: 1, failed: 0 });
    expect(postsTo('DU1', beforePress).map(shownText).join('\n')).toContain('#1 已由 周杰 于 14:05 确认收到。');

    // Pressed again: who acknowledged and when; nothing more to the reporter.
    const beforeSecond = h.slack.calls.length;
    expect((await press('U7', shown[0]!)).status).toBe(200);
    expect(shownText(await posted('DU7', beforeSecond))).toContain('已由 周杰 于 2026-11-20 14:05 确认收到，无需重复确认');
    expect(await dispatch()).toEqual({ sent: 0, failed: 0 });
    expect(postsTo('DU1', beforeSecond)).toHaveLength(0);
  });

  it('the 电话确认结束 button asks for the unit’s words in the DM, then closes the report', async () => {
    await posted('DU1', await slash('U1', 'urgent [重大] 周党镇发生山体滑坡'));
    const beforeAlert = h.slack.calls.length;
    await dispatch();
    const close = buttons(postsTo('DU7', beforeAlert)[0]!).find((b) => b.value === 'urgent:close:1')!;
    const beforePress = h.slack.calls.length;
    expect((await press('U7', close)).status).toBe(200);
    expect(shownText(await posted('DU7', beforePress))).toContain('请发送终报内容');
    const beforeText = h.slack.calls.length;
    const said = eventBody({
      type: 'message',
      channel: 'DU7',
      channel_type: 'im',
      user: 'U7',
      text: '罗山县电话报告：现场已处置完毕',
      ts: '2.1',
      event_ts: '2.1',
    });
    expect((await h.post(said)).status).toBe(200);
    expect(shownText(await posted('DU7', beforeText))).toContain('已根据 罗山县政府办 的电话报告终结紧急信息 #1');
    expect(await h.testApp.store.urgent.byId(1)).toMatchObject({ status: 'closed' });
  });
});
