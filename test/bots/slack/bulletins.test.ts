/**
 * The office's bulletin through Slack over HTTP (signed requests, real Bolt, the fake Slack Web
 * API; docs/bulletins.md): /xinbao compile opens a modal, /xinbao issue sends the .docx, uploaded
 * to each leader's and each unit member's DM, once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/jobs/dispatcher.ts';
import { slashCommandBody } from '../../fakes/slackServer.ts';
import { adoptedItem, BULLETIN, bulletinRulesFile } from '../../support/bulletinsFixture.ts';
import { SAMPLE_ORG } from '../../support/testApp.ts';
import { type Harness, shownText, startHarness } from './support.ts';

let h: Harness;
let seq = 0;
const triggerId = () => `${Date.now()}.${++seq}.test`;

async function slash(user: string, text: string) {
  const from = h.slack.calls.length;
  await h.post(slashCommandBody({ user_id: user, channel_id: 'C1', text, trigger_id: triggerId() }));
  return from;
}
const posted = (channel: string, from: number) => h.slack.waitFor((call) => call.method === 'chat.postMessage' && call.params.channel === channel, 5000, from);
const dispatch = () =>
  createDispatcher({ store: h.testApp.store, clock: h.testApp.clock, senders: [h.slackApp.sender], defaultLocale: 'zh-CN' }).dispatchOnce();

beforeEach(async () => {
  h = await startHarness('http', SAMPLE_ORG, { XINBAO_RULES: bulletinRulesFile() });
  // 张伟 (罗山 reporter) U1, 刘洋 (罗山 lead) U2, 王芳 (固始 reporter) U3, 陈静 (editor) U4, 黄敏 (leader) U5.
  for (const [user, code] of [
    ['U1', 'zhangwei'],
    ['U2', 'liuyang'],
    ['U3', 'wangfang'],
    ['U4', 'chenjing'],
    ['U5', 'huangmin'],
  ] as const)
    await posted(`D${user}`, await slash(user, `start ${h.invites[code]}`));
});

afterEach(async () => {
  await h?.close();
});

describe('the bulletin on Slack', () => {
  it('/xinbao compile opens a modal with the bulletin, the items, the note and the confirmation', async () => {
    const from = await slash('U4', 'compile');
    const opened = await h.slack.waitFor((call) => call.method === 'views.open', 5000, from);
    const view = opened.params.view as { callback_id: string; blocks: { block_id: string; element: { type: string } }[] };
    expect(view.callback_id).toBe('form:compile');
    expect(view.blocks.map((block) => [block.block_id, block.element.type])).toEqual([
      ['publication', 'static_select'],
      ['items', 'plain_text_input'],
      ['note', 'plain_text_input'],
      ['confirm', 'static_select'],
    ]);
  });

  it('/xinbao issue uploads the .docx to the leader and the members of the unit in it, once', async () => {
    const a = await adoptedItem(h.testApp, '罗山县推进秋冬种');
    expect(shownText(await posted('DU4', await slash('U4', `compile ${BULLETIN} #${a}`)))).toContain('第1期（总第101期）');
    expect(shownText(await posted('DU4', await slash('U4', `issue ${BULLETIN} 1`)))).toContain('领导 1 人、入选单位 1 个');
    const from = h.slack.calls.length;
    await dispatch();
    const uploads = h.slack.calls.slice(from).filter((call) => call.method === 'files.completeUploadExternal');
    expect(uploads.map((call) => call.params.channel_id).sort()).toEqual(['DU1', 'DU2', 'DU5']);
    const named = h.slack.calls.slice(from).filter((call) => call.method === 'files.getUploadURLExternal');
    expect(named.every((call) => call.params.filename === '信阳政务信息-2026-第1期.docx')).toBe(true);
    expect(
      h.slack.calls
        .slice(from)
        .filter((call) => call.method === 'upload')
        .every((call) => (call.files[0]?.size ?? 0) > 1000),
    ).toBe(true);

    expect(shownText(await posted('DU4', await slash('U4', `issue ${BULLETIN} 1`)))).toContain('不能重复发送');
    const later = h.slack.calls.length;
    await dispatch();
    expect(h.slack.calls.slice(later).filter((call) => call.method === 'files.completeUploadExternal')).toHaveLength(0);
  });
});
