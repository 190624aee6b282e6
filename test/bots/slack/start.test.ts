/** Start-up: the bot token is checked when start() is awaited, not at construction. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { createSlackApp } from '../../../src/bots/slack/createSlackApp.ts';
import type { ChatEngine } from '../../../src/chat/engine.ts';
import { createHttpApp } from '../../../src/server/httpServer.ts';
import { startFakeSlack, type FakeSlack } from '../../fakes/slackServer.ts';

let slack: FakeSlack;

beforeEach(async () => {
  slack = await startFakeSlack();
});

afterEach(async () => {
  await slack?.close();
});

describe('starting the Slack app', () => {
  it('checks the token with auth.test in start(), with one clear sentence when Slack refuses it', async () => {
    const slackApp = createSlackApp({
      engine: {} as ChatEngine, // no request reaches it in this test
      config: { mode: 'http', botToken: 'xoxb-secret-token', signingSecret: 's', apiUrl: slack.apiUrl },
      expressApp: createHttpApp(),
      logLevel: LogLevel.ERROR,
    });
    expect(slack.callsTo('auth.test')).toHaveLength(0);

    slack.failNext('auth.test', 'invalid_auth');
    const error = (await slackApp.start().catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('Slack refused the bot token or could not be reached (invalid_auth): check SLACK_BOT_TOKEN and SLACK_API_URL.');
    expect(error.message).not.toContain('xoxb');

    await slackApp.start();
    expect(slack.callsTo('auth.test').at(-1)?.token).toBe('xoxb-secret-token');
    await slackApp.stop();
  });
});
