/**
 * The Slack adapter under test: real Bolt over the shared express app on a free port, against
 * the fake Slack Web API, on a fresh SQLite database with SAMPLE_ORG imported.
 */
import { LogLevel } from '@slack/bolt';
import { createChatEngine } from '../../../src/chat/engine.ts';
import type { SlackConfig } from '../../../src/config/config.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { createSlackApp, SLACK_EVENTS_PATH, type SlackApp } from '../../../src/bots/slack/createSlackApp.ts';
import { createHttpApp, listen } from '../../../src/server/httpServer.ts';
import { blockActionBody, FAKE_BOT_ID, FAKE_BOT_USER_ID, signSlackRequest, startFakeSlack, type FakeSlack, type SlackCall } from '../../fakes/slackServer.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';

export const SIGNING_SECRET = 'test-signing-secret';

export type Harness = {
  slack: FakeSlack;
  testApp: TestApp;
  slackApp: SlackApp;
  invites: Record<string, string>;
  /** Posts a body to /slack/events, signed with the app's secret unless headers say otherwise. */
  post(body: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
};

/** The harness on `org` (SAMPLE_ORG unless given); `env` adds settings to the app's configuration (e.g. XINBAO_RULES). */
export async function startHarness(mode: 'http' | 'socket', org = SAMPLE_ORG, env: Record<string, string> = {}): Promise<Harness> {
  const slack = await startFakeSlack();
  const testApp = await createTestApp(env);
  const imported = await importOrg(testApp, { text: org, actor: 'test' });
  if (!imported.ok) throw new Error('the org did not import');
  const invites = Object.fromEntries(imported.value.invites.map((entry) => [entry.person, entry.invite]));
  const engine = createChatEngine(testApp.chatDeps);
  const config: SlackConfig =
    mode === 'http'
      ? { mode: 'http', botToken: 'xoxb-test', signingSecret: SIGNING_SECRET, apiUrl: slack.apiUrl }
      : { mode: 'socket', botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: slack.apiUrl };
  const httpApp = createHttpApp();
  const slackApp = createSlackApp({
    engine,
    config,
    expressApp: mode === 'http' ? httpApp : undefined,
    botId: FAKE_BOT_ID,
    botUserId: FAKE_BOT_USER_ID,
    logLevel: LogLevel.ERROR,
  });
  const server = mode === 'http' ? await listen(httpApp, 0, '127.0.0.1') : undefined;
  await slackApp.start();
  return {
    slack,
    testApp,
    slackApp,
    invites,
    post(body, headers = {}) {
      if (!server) throw new Error('post: HTTP mode only');
      return fetch(`http://127.0.0.1:${server.port}${SLACK_EVENTS_PATH}`, {
        method: 'POST',
        headers: { ...signSlackRequest(SIGNING_SECRET, body), ...headers },
        body,
      });
    },
    async close() {
      await slackApp.stop();
      await server?.close();
      await slack.close();
      await testApp.dispose();
    },
  };
}

/** All text a posted message shows: fallback text and every block's text. */
export function shownText(call: SlackCall): string {
  const blocks = (call.params.blocks ?? []) as Array<{ text?: { text?: string }; elements?: Array<{ text?: { text?: string } | string }> }>;
  const parts = [String(call.params.text ?? '')];
  for (const block of blocks) {
    if (block.text?.text) parts.push(block.text.text);
    for (const element of block.elements ?? []) parts.push(typeof element.text === 'string' ? element.text : (element.text?.text ?? ''));
  }
  return parts.join('\n');
}

let seq = 0;
/** A trigger id no other request in this test run carries. */
export const triggerId = () => `${Date.now()}.${++seq}.test`;

/** A button a posted message carries, with the block it sits in. */
export type SlackButton = { action_id: string; value: string; block_id?: string; text: { text: string } };

/** The buttons of every actions block of a posted message. */
export function buttons(call: SlackCall): SlackButton[] {
  const blocks = (call.params.blocks ?? []) as { type: string; block_id?: string; elements?: SlackButton[] }[];
  return blocks.filter((block) => block.type === 'actions').flatMap((block) => (block.elements ?? []).map((e) => ({ ...e, block_id: block.block_id })));
}

/** USER presses `button` in their DM: a signed block_actions request to /slack/events. */
export function press(h: Harness, user: string, button: { action_id: string; value: string; block_id?: string }) {
  return h.post(
    blockActionBody({
      user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
      channel: { id: `D${user}`, name: 'directmessage' },
      container: { type: 'message', message_ts: '1.1', channel_id: `D${user}`, is_ephemeral: false },
      message: { type: 'message', ts: '1.1', text: '' },
      response_url: h.slack.responseUrl(),
      trigger_id: triggerId(),
      actions: [
        {
          type: 'button',
          action_id: button.action_id,
          block_id: button.block_id ?? 'b',
          value: button.value,
          action_ts: `${Date.now()}.${++seq}`,
          text: { type: 'plain_text', text: 'x' },
        },
      ],
    }),
  );
}
