/** The Slack adapter in Socket Mode: the same listeners, reached over the fake's WebSocket. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_APP_ID, FAKE_TEAM_ID } from '../../fakes/slackServer.ts';
import { shownText, startHarness, type Harness } from './support.ts';

let h: Harness;

beforeEach(async () => {
  h = await startHarness('socket');
  await h.slack.waitForSocket();
});

afterEach(async () => {
  await h?.close();
});

describe('the Slack app in Socket Mode', () => {
  it('connects with the app token, acks a slash command envelope and posts the reply', async () => {
    expect(h.slack.callsTo('apps.connections.open')[0]?.token).toBe('xapp-test');
    const slashCommand = (text: string, trigger: string) => ({
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        token: 'verification-token',
        team_id: FAKE_TEAM_ID,
        team_domain: 'xinbao-test',
        channel_id: 'C7',
        channel_name: 'general',
        user_id: 'U7',
        user_name: 'u7',
        command: '/xinbao',
        text,
        api_app_id: FAKE_APP_ID,
        is_enterprise_install: 'false',
        response_url: h.slack.responseUrl(),
        trigger_id: trigger,
      },
    });

    const from = h.slack.calls.length;
    const id = h.slack.socketSend(slashCommand(`start ${h.invites.liuyang}`, '7.1.socket'));
    const ack = await h.slack.waitForAck(id);
    expect(ack.envelope_id).toBe(id);
    const welcome = await h.slack.waitFor((call) => call.method === 'chat.postMessage' && call.params.channel === 'DU7', 5000, from);
    expect(shownText(welcome)).toContain('刘洋，您好');

    const next = h.slack.calls.length;
    const status = h.slack.socketSend(slashCommand('status', '7.2.socket'));
    await h.slack.waitForAck(status);
    const reply = await h.slack.waitFor((call) => call.method === 'chat.postMessage' && call.params.channel === 'DU7', 5000, next);
    expect(shownText(reply)).toContain('罗山县政府办');
  });
});
