/**
 * The office's desk on Slack (docs/open-work.md, docs/instructions-and-commissions.md): the
 * /xinbao commission modal with its optional requirements field, and /xinbao open with a detail
 * button pressed — real Bolt over HTTP, the fake Slack Web API, a real store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slashCommandBody, viewSubmissionBody } from '../../fakes/slackServer.ts';
import { buttons, press as pressButton, shownText, startHarness, type Harness, triggerId } from './support.ts';

let h: Harness;

async function slash(user: string, text: string, channel = 'C1') {
  const from = h.slack.calls.length;
  const res = await h.post(slashCommandBody({ user_id: user, channel_id: channel, text, trigger_id: triggerId() }));
  return { res, from };
}

const posted = (channel: string, from: number, what: (text: string) => boolean = () => true) =>
  h.slack.waitFor((call) => call.method === 'chat.postMessage' && call.params.channel === channel && what(shownText(call)), 5000, from);

const press = (user: string, button: { action_id: string; value: string; block_id?: string }) => pressButton(h, user, button);

beforeEach(async () => {
  h = await startHarness('http');
  h.testApp.clock.set('2026-11-20T02:00:00Z'); // Friday 10:00 in Shanghai
  // 陈静 (the office's editor) uses Slack as U4; 张伟 (罗山县 reporter) as U1.
  for (const [user, code, name] of [
    ['U4', 'chenjing', '陈静'],
    ['U1', 'zhangwei', '张伟'],
  ] as const) {
    const { from } = await slash(user, `start ${h.invites[code]}`);
    await posted(`D${user}`, from, (text) => text.includes(`${name}，您好`));
  }
});

afterEach(async () => {
  await h?.close();
});

describe('the office’s desk on Slack', () => {
  it('/xinbao commission opens a modal with an optional requirements field; the commission goes to the person named', async () => {
    const { from } = await slash('U4', 'commission');
    const opened = await h.slack.waitFor((call) => call.method === 'views.open', 5000, from);
    const view = opened.params.view as { callback_id: string; blocks: { block_id: string; optional: boolean; element: { type: string } }[] };
    expect(view.callback_id).toBe('form:commission');
    expect(view.blocks.map((block) => [block.block_id, block.optional])).toEqual([
      ['units', false],
      ['due', false],
      ['topic', false],
      ['requirements', true],
    ]);
    const after = h.slack.calls.length;
    const value = (v: string) => ({ type: 'plain_text_input', value: v });
    const accepted = await h.post(
      viewSubmissionBody({
        user: { id: 'U4', username: 'u4', team_id: 'T1' },
        trigger_id: triggerId(),
        view: {
          ...opened.params.view,
          id: 'V1',
          type: 'modal',
          hash: '1.1',
          state: {
            values: {
              units: { units: value('zhangwei@2026-11-25, gushi') },
              due: { due: value('2026-11-30') },
              topic: { topic: value('秋冬种工作进展情况') },
              requirements: { requirements: value('800字以内，侧重小麦播种进度') },
            },
          },
        },
      }),
    );
    expect(accepted.status).toBe(200);
    const done = await posted('DU4', after, (text) => text.includes('已发出约稿'));
    expect(shownText(done)).toContain('要求：800字以内，侧重小麦播种进度');
    expect(shownText(done)).toContain('罗山县政府办（致 张伟），2026-11-25 17:30 前报送');
    // 张伟 is queued the notice (the dispatcher, not running here, sends it).
    const zhangwei = (await h.testApp.store.people.byCode('zhangwei'))!;
    expect(await h.testApp.db.outboxMessage.count({ where: { personId: zhangwei.id } })).toBe(1);
    const stored = await h.testApp.db.commission.findFirstOrThrow();
    expect(stored.requirements).toBe('800字以内，侧重小麦播种进度');
  });

  it('/xinbao open posts the overview with a detail button; pressing it shows the commission’s answered and silent units', async () => {
    await slash('U4', 'commission gushi,luoshan 2026-11-30 冬季安全生产');
    await h.slack.waitFor((call) => call.method === 'chat.postMessage' && shownText(call).includes('已发出约稿'), 5000);
    const { from } = await slash('U4', 'open');
    const overview = await posted('DU4', from, (text) => text.includes('待办总览'));
    expect(shownText(overview)).toContain('约稿 #1“冬季安全生产” · 2026-11-30 17:30 截止 · 已回复 0/2');
    const detail = buttons(overview).find((button) => button.value === 'open:d:commission:1');
    expect(detail).toBeDefined();
    const after = h.slack.calls.length;
    expect((await press('U4', detail!)).status).toBe(200);
    const shown = await posted('DU4', after, (text) => text.includes('约稿 #1：冬季安全生产'));
    expect(shownText(shown)).toContain('已回复 0 / 2');
    expect(shownText(shown)).toContain('⏳ 固始县政府办：尚未回复');

    // A reporter is refused.
    const refused = await slash('U1', 'open');
    expect(shownText(await posted('DU1', refused.from))).toContain('您的角色不能使用这个命令');
  });
});
