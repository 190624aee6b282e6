/** The Slack Sender (outbox) against the fake Slack Web API, as createSlackApp wires it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../../src/bots/slack/createSlackApp.ts';
import type { ChatEngine } from '../../../src/chat/engine.ts';
import { SendError, type Sender } from '../../../src/domain/notify/sender.ts';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, startFakeSlack, type FakeSlack } from '../../fakes/slackServer.ts';

let slack: FakeSlack;
let sender: Sender;

beforeEach(async () => {
  slack = await startFakeSlack();
  // The sender needs no engine; the app is never started, so no listener runs.
  sender = createSlackApp({
    engine: {} as ChatEngine,
    config: { mode: 'socket', botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: slack.apiUrl },
    botId: FAKE_BOT_ID,
    botUserId: FAKE_BOT_USER_ID,
  }).sender;
});

afterEach(async () => {
  await slack?.close();
});

const message = {
  title: '催报提醒',
  lines: ['罗山县 <本周> 还差 2 条 & 请抓紧'],
  buttons: [[{ label: '报送', action: 'cmd:submit' }], [{ label: '稍后', action: 'snooze:1' }]],
};

describe('the Slack sender', () => {
  it('opens the DM for a user id and posts Block Kit', async () => {
    const from = slack.calls.length;
    await sender.send('U5', message);
    const calls = slack.calls.slice(from);
    expect(calls.map((call) => call.method)).toEqual(['conversations.open', 'chat.postMessage']);
    const post = calls[1]!;
    expect(post.token).toBe('xoxb-test');
    expect(post.params.channel).toBe('DU5');
    expect(post.params.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: '催报提醒', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '罗山县 &lt;本周&gt; 还差 2 条 &amp; 请抓紧' } },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: '报送', emoji: true }, action_id: 'xb:0', value: 'cmd:submit' }] },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: '稍后', emoji: true }, action_id: 'xb:1', value: 'snooze:1' }] },
    ]);
    expect(post.params.text).toContain('催报提醒');
  });

  it('posts straight to a DM channel id and uploads a file after the message', async () => {
    const from = slack.calls.length;
    await sender.send('DU5', { lines: ['本月报表'], file: { name: 'report.xlsx', mime: 'application/octet-stream', data: new Uint8Array([1, 2, 3]) } });
    const methods = slack.calls.slice(from).map((call) => call.method);
    expect(methods).toEqual(['chat.postMessage', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    expect(slack.callsTo('files.completeUploadExternal').at(-1)?.params.channel_id).toBe('DU5');
    expect(slack.callsTo('upload').at(-1)?.files[0]?.size).toBe(3);
  });

  it('turns a rate limit into a SendError with the wait, without retrying by itself', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const from = slack.calls.length;
    const error = await sender.send('DU5', { lines: ['x'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ retryAfterMs: 7000, permanent: false });
    expect(slack.calls.slice(from).map((call) => call.method)).toEqual(['chat.postMessage']);
  });

  it('marks a chat that is gone as permanent, other failures as transient, naming no token', async () => {
    for (const code of ['channel_not_found', 'account_inactive', 'user_not_found']) {
      slack.failNext('chat.postMessage', code);
      const error = (await sender.send('DU5', { lines: ['x'] }).catch((e: unknown) => e)) as SendError;
      expect(error).toBeInstanceOf(SendError);
      expect(error.permanent).toBe(true);
      expect(error.message).toBe(`slack: ${code}`);
    }
    slack.failNext('chat.postMessage', 'internal_error');
    const transient = (await sender.send('DU5', { lines: ['x'] }).catch((e: unknown) => e)) as SendError;
    expect(transient.permanent).toBe(false);
    expect(transient.retryAfterMs).toBeUndefined();
    slack.failNextNetwork('chat.postMessage');
    const network = (await sender.send('DU5', { lines: ['x'] }).catch((e: unknown) => e)) as SendError;
    expect(network).toBeInstanceOf(SendError);
    expect(network.permanent).toBe(false);
    expect(`${transient.message} ${network.message}`).not.toContain('xoxb');
  });
});
