/**
 * The Slack adapter over HTTP: signed requests to /slack/events on the shared express app,
 * real Bolt, the fake Slack Web API, a real SQLite store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventBody, signSlackRequest, slashCommandBody, viewSubmissionBody } from '../../fakes/slackServer.ts';
import { buttons, press as pressButton, shownText, startHarness, type Harness, triggerId } from './support.ts';

const TITLE = '罗山县冬季农田水利建设全面铺开';
const BODY = '全县组织劳力两万余人次，新修和整修渠道一百二十公里，完成计划的六成以上。';

let h: Harness;

/** Sends `/xinbao TEXT` as USER; resolves with the HTTP response and where the call log stood. */
async function slash(user: string, text: string, channel = 'C1') {
  const from = h.slack.calls.length;
  const res = await h.post(slashCommandBody({ user_id: user, channel_id: channel, text, trigger_id: triggerId() }));
  return { res, from };
}

/** The next message posted to `channel` after call number `from`. */
const posted = (channel: string, from: number, what: (text: string) => boolean = () => true) =>
  h.slack.waitFor((call) => call.method === 'chat.postMessage' && call.params.channel === channel && what(shownText(call)), 5000, from);

const itemCount = () => h.testApp.db.item.count();

const press = (user: string, button: { action_id: string; value: string; block_id?: string }) => pressButton(h, user, button);

beforeEach(async () => {
  h = await startHarness('http');
  // 张伟 (reporter of 罗山县政府办) uses Slack as U1.
  const { res, from } = await slash('U1', `start ${h.invites.zhangwei}`);
  expect(res.status).toBe(200);
  await posted('DU1', from, (text) => text.includes('张伟，您好'));
});

afterEach(async () => {
  await h?.close();
});

describe('the Slack app over HTTP', () => {
  it('refuses a request with a bad signature (401) and does nothing', async () => {
    const body = slashCommandBody({ user_id: 'U1', channel_id: 'C1', text: 'status', trigger_id: triggerId() });
    const from = h.slack.calls.length;
    const forged = await h.post(body, signSlackRequest('not-the-secret', body));
    expect(forged.status).toBe(401);
    const stale = await h.post(body, signSlackRequest('test-signing-secret', body, Math.floor(Date.now() / 1000) - 600));
    expect(stale.status).toBe(401);
    expect(h.slack.calls.slice(from)).toEqual([]);
  });

  it('binds a Slack account with /xinbao start CODE and replies in the DM', async () => {
    const { res, from } = await slash('U3', `start ${h.invites.wangfang}`, 'C9');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const welcome = await posted('DU3', from);
    expect(shownText(welcome)).toContain('王芳，您好');
    expect(h.slack.callsTo('conversations.open').some((call) => call.params.users === 'U3')).toBe(true);
    const identity = await h.testApp.db.chatIdentity.findFirst({ where: { platform: 'slack', platformUserId: 'U3' } });
    expect(identity?.chatId).toBe('DU3');
  });

  it('answers /xinbao alone with the help, with the /xinbao hint', async () => {
    const { from } = await slash('U2', '');
    const help = await posted('DU2', from);
    expect(shownText(help)).toContain('/start');
    expect(shownText(help)).toContain('/xinbao');
    expect((help.params.blocks as { type: string }[])[0]?.type).toBe('header');
  });

  it('stores a one-shot /xinbao submit TITLE newline BODY and posts its #N', async () => {
    const before = await itemCount();
    const { from } = await slash('U1', `submit ${TITLE}\n${BODY}`);
    const done = await posted('DU1', from);
    expect(await itemCount()).toBe(before + 1);
    const item = await h.testApp.db.item.findFirst({ orderBy: { id: 'desc' } });
    expect(item?.title).toBe(TITLE);
    expect(shownText(done)).toContain(`#${item!.id}`);
    expect(shownText(done)).toContain(TITLE);
  });

  it('opens a modal for /xinbao submit; a short body is refused inside the modal, a good one is stored', async () => {
    const { from } = await slash('U1', 'submit');
    const opened = await h.slack.waitFor((call) => call.method === 'views.open', 5000, from);
    const view = opened.params.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string; element: { type: string; multiline?: boolean } }[];
    };
    expect(view.callback_id).toBe('form:submit');
    expect(JSON.parse(view.private_metadata)).toEqual({ channel: 'DU1' });
    expect(view.blocks.map((block) => [block.block_id, block.element.type])).toEqual([
      ['title', 'plain_text_input'],
      ['body', 'plain_text_input'],
      ['category', 'static_select'],
    ]);
    expect(view.blocks[1]!.element.multiline).toBe(true);

    const submission = (body: string) =>
      viewSubmissionBody({
        user: { id: 'U1', username: 'u1', team_id: 'T1' },
        trigger_id: triggerId(),
        view: {
          ...view,
          id: 'V1',
          type: 'modal',
          hash: '1.1',
          state: {
            values: {
              title: { title: { type: 'plain_text_input', value: '罗山县开展冬季消防安全大检查' } },
              body: { body: { type: 'plain_text_input', value: body } },
              category: { category: { type: 'static_select', selected_option: { value: 'experience', text: { type: 'plain_text', text: '经验做法' } } } },
            },
          },
        },
      });

    const before = await itemCount();
    const refused = await h.post(submission('太短'));
    expect(refused.status).toBe(200);
    const answer = (await refused.json()) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors)).toEqual(['body']);
    expect(answer.errors.body).toContain('至少需要 20 个字');
    expect(await itemCount()).toBe(before);

    const after = h.slack.calls.length;
    const accepted = await h.post(submission('检查企业和人员密集场所一百四十家，发现并整改隐患三十二处，确保冬季安全。'));
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toBe('');
    const done = await posted('DU1', after);
    expect(await itemCount()).toBe(before + 1);
    const item = await h.testApp.db.item.findFirst({ orderBy: { id: 'desc' } });
    expect(item?.category).toBe('experience');
    expect(shownText(done)).toContain(`#${item!.id}《罗山县开展冬季消防安全大检查》`);
  });

  it('continues a guided form in the DM and takes the choice from a button; a forged button stores nothing', async () => {
    const { from } = await slash('U1', 'submit 罗山县召开冬季安全生产工作会议');
    expect(shownText(await posted('DU1', from))).toContain('请输入正文');

    const beforeMessage = h.slack.calls.length;
    const message = eventBody({ type: 'message', channel: 'DU1', channel_type: 'im', user: 'U1', text: BODY, ts: '2.1', event_ts: '2.1' });
    expect((await h.post(message)).status).toBe(200);
    const ask = await posted('DU1', beforeMessage, (text) => text.includes('请选择类别'));
    const choices = buttons(ask);
    expect(new Set(choices.map((b) => b.action_id)).size).toBe(choices.length);
    const dynamic = choices.find((b) => b.value === 'f:submit:category:dynamic')!;
    expect(dynamic.action_id).toMatch(/^xb:\d+$/);

    const before = await itemCount();
    const beforePress = h.slack.calls.length;
    expect((await press('U1', dynamic)).status).toBe(200);
    const filesStep = await posted('DU1', beforePress);
    expect(await itemCount()).toBe(before);
    const finish = buttons(filesStep).find((b) => b.value === 'f:submit:files:done')!;
    const beforeDone = h.slack.calls.length;
    expect((await press('U1', finish)).status).toBe(200);
    const done = await posted('DU1', beforeDone);
    expect(await itemCount()).toBe(before + 1);
    const item = await h.testApp.db.item.findFirst({ orderBy: { id: 'desc' } });
    expect(shownText(done)).toContain(`#${item!.id}《罗山县召开冬季安全生产工作会议》`);

    // The same button again (the form is over) and a made-up value: the plain stale answer.
    for (const forged of [dynamic, { action_id: 'xb:0', value: 'f:submit:category:../../x' }, { action_id: 'xb:9', value: 'adopt:1:xinhua' }]) {
      const at = h.slack.calls.length;
      expect((await press('U1', forged)).status).toBe(200);
      expect(shownText(await posted('DU1', at))).toContain('这个按钮已失效');
    }
    expect(await itemCount()).toBe(before + 1);
  });

  it('publishes the Home tab: the unit status for a reporter, the help for someone unbound', async () => {
    const from = h.slack.calls.length;
    await h.post(eventBody({ type: 'app_home_opened', user: 'U1', channel: 'DU1', tab: 'home', event_ts: '3.1' }));
    const home = await h.slack.waitFor((call) => call.method === 'views.publish' && call.params.user_id === 'U1', 5000, from);
    const view = home.params.view as { type: string; blocks: { type: string; text?: { text: string } }[] };
    expect(view.type).toBe('home');
    expect(view.blocks[0]).toMatchObject({ type: 'header', text: { text: expect.stringContaining('罗山县政府办') } });
    expect(JSON.stringify(view.blocks)).toContain('报送：');

    await h.post(eventBody({ type: 'app_home_opened', user: 'U2', channel: 'DU2', tab: 'home', event_ts: '3.2' }));
    const help = await h.slack.waitFor((call) => call.method === 'views.publish' && call.params.user_id === 'U2', 5000, from);
    expect(JSON.stringify(help.params.view)).toContain('/start');
  });

  it('does nothing twice when Slack redelivers an event (same event_id, X-Slack-Retry-Num)', async () => {
    const from = h.slack.calls.length;
    const body = eventBody({ type: 'app_home_opened', user: 'U1', channel: 'DU1', tab: 'home', event_ts: '4.1' }, 'EvRETRY0001');
    expect((await h.post(body)).status).toBe(200);
    await h.slack.waitFor((call) => call.method === 'views.publish' && call.params.user_id === 'U1', 5000, from);

    const retry = await h.post(body, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect(retry.status).toBe(200);
    // A later, different event is handled; by then the redelivery has long been seen.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await h.post(eventBody({ type: 'app_home_opened', user: 'U2', channel: 'DU2', tab: 'home', event_ts: '4.2' }));
    await h.slack.waitFor((call) => call.method === 'views.publish' && call.params.user_id === 'U2', 5000, from);
    expect(h.slack.callsTo('views.publish').filter((call) => call.params.user_id === 'U1' && h.slack.calls.indexOf(call) >= from)).toHaveLength(1);
  });

  it('tells the person a plain sentence when Slack fails, never the error', async () => {
    h.slack.failNext('chat.postMessage', 'internal_error');
    const { from } = await slash('U1', 'status');
    const fault = await posted('DU1', from + 1, (text) => text.includes('系统暂时出错'));
    expect(shownText(fault)).not.toMatch(/internal_error|xoxb/);
  });
});
