/**
 * Leaders' reading through Slack (HTTP, real Bolt, the fake Slack Web API): `/xinbao rank people`
 * for the office and for a reporter, and `/xinbao notices feedback off|on` for a leader.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slashCommandBody } from '../../fakes/slackServer.ts';
import { shownText, startHarness, type Harness } from './support.ts';

const BODY = '全县组织劳力两万余人次，新修和整修渠道一百二十公里，完成计划的六成以上。';

let h: Harness;
let seq = 0;
const triggerId = () => `${Date.now()}.${++seq}.test`;

/** Sends `/xinbao TEXT` as USER and resolves with the text of the next message posted to their DM. */
async function slash(user: string, text: string, what: (shown: string) => boolean = () => true): Promise<string> {
  const from = h.slack.calls.length;
  const res = await h.post(slashCommandBody({ user_id: user, channel_id: 'C1', text, trigger_id: triggerId() }));
  expect(res.status).toBe(200);
  const call = await h.slack.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === `D${user}` && what(shownText(c)), 5000, from);
  return shownText(call);
}

beforeEach(async () => {
  h = await startHarness('http');
  await slash('U1', `start ${h.invites.zhangwei}`);
  await slash('U3', `start ${h.invites.wangfang}`);
  await slash('U4', `start ${h.invites.chenjing}`);
  await slash('U5', `start ${h.invites.huangmin}`);
  const submitted = await slash('U1', `submit 罗山县冬季农田水利建设全面铺开\n${BODY}`, (text) => /#\d+/.test(text));
  const itemId = /#(\d+)/.exec(submitted)![1];
  await slash('U4', `adopt #${itemId} xinyang-kuaibao`, (text) => text.includes(`#${itemId}`));
});

afterEach(async () => {
  await h?.close();
});

describe('leaders’ reading on Slack', () => {
  it('/xinbao rank people: the editor sees everyone; a reporter their unit and their own place', async () => {
    const office = await slash('U4', 'rank people', (text) => text.includes('信息员排名'));
    expect(office).toContain('2026年11月 信息员排名');
    expect(office).toContain('1. 张伟（罗山县政府办）　4 分 · 采用 1 · 报送 1');
    expect(office).toContain('2. 王芳（固始县政府办）　0 分 · 采用 0 · 报送 0');
    const own = await slash('U3', 'rank people 2026-11', (text) => text.includes('信息员排名'));
    expect(own).toContain('▶ 2. 王芳（固始县政府办）');
    expect(own).toContain('你在全部 2 人中排第 2 名。');
    expect(own).not.toContain('张伟');
  });

  it('/xinbao notices feedback off and on, for a leader only', async () => {
    expect(await slash('U5', 'notices feedback off')).toContain('不再向您发送批示反馈通知');
    expect(await h.testApp.db.person.findUniqueOrThrow({ where: { code: 'huangmin' }, select: { feedbackNotices: true } })).toEqual({ feedbackNotices: false });
    expect(await slash('U5', 'notices feedback on')).toContain('会即时通知您');
    expect(await slash('U1', 'notices feedback off')).toContain('您的角色不能使用这个命令');
  });
});
