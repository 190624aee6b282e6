/**
 * Urgent alerts with photos and a place, sent by the real Slack sender (Bolt's WebClient, as
 * createSlackApp wires it) to the fake Slack API through the outbox: the alert as a Block Kit
 * message with the place as a line with a map link, then the photos in one upload to the same DM
 * (docs/urgent.md, "Photos and files with the alert").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../../src/bots/slack/createSlackApp.ts';
import type { ChatEngine } from '../../../src/chat/engine.ts';
import type { Sender } from '../../../src/domain/notify/sender.ts';
import { declareWith, kept, photoBytes, place } from '../../support/attachedReports.ts';
import { dispatcherFor, outboxApp } from '../../support/outboxOffice.ts';
import type { TestApp } from '../../support/testApp.ts';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, startFakeSlack, type FakeSlack } from '../../fakes/slackServer.ts';

let slack: FakeSlack;
let app: TestApp;
let sender: Sender;
const seededApp = outboxApp({ slack: true });
// The Telegram recipients of the same alert, taken and left aside.
const telegram: Sender = { platform: 'telegram', send: async () => {} };

beforeEach(async () => {
  slack = await startFakeSlack();
  app = await seededApp();
  sender = createSlackApp({
    engine: {} as ChatEngine,
    config: { mode: 'socket', botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: slack.apiUrl },
    botId: FAKE_BOT_ID,
    botUserId: FAKE_BOT_USER_ID,
  }).sender;
});

afterEach(async () => {
  await slack?.close();
  await app?.dispose();
});

async function alertWithTwoPhotos() {
  const by = (await app.store.people.byCode('zhangwei'))!.id;
  return declareWith(app, [
    await kept(app, photoBytes(1, 3000), by, { fileName: '积水.jpg' }),
    await kept(app, photoBytes(2, 5000), by, { fileName: '桥面.jpg' }),
    place(32.2043, 114.5172, by),
  ]);
}

describe('an urgent alert with photos on Slack', () => {
  it('posts the alert to the duty officer’s DM and uploads both photos there in one upload, once', async () => {
    const report = await alertWithTwoPhotos();
    const dispatcher = dispatcherFor(app, [sender, telegram]);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 3, failed: 0 });
    expect(slack.calls.map((call) => call.method)).toEqual([
      'chat.postMessage',
      'files.getUploadURLExternal',
      'files.getUploadURLExternal',
      'upload',
      'upload',
      'files.completeUploadExternal',
    ]);
    const post = slack.callsTo('chat.postMessage')[0]!;
    expect(post.params.channel).toBe('DU700');
    expect(post.params.blocks[0]).toMatchObject({ type: 'header', text: { text: expect.stringContaining(`#${report.id}`) } });
    const text = post.params.blocks
      .filter((block: { type: string }) => block.type === 'section')
      .map((block: { text: { text: string } }) => block.text.text)
      .join('\n');
    expect(text).toContain('📍 位置：32.204300, 114.517200 https://uri.amap.com/marker?position=114.517200,32.204300&amp;coordinate=wgs84');
    // The duty desk's buttons are on the message.
    expect(post.params.blocks.some((block: { type: string }) => block.type === 'actions')).toBe(true);
    expect(slack.filesShared()).toEqual([
      {
        channel: 'DU700',
        files: [
          { id: expect.any(String), name: '积水.jpg', size: 3000 },
          { id: expect.any(String), name: '桥面.jpg', size: 5000 },
        ],
      },
    ]);
    // Sent once: another pass has nothing more to send.
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
    expect(slack.filesShared()).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('when the upload fails after the message was posted, the retry uploads the photos without posting the message again', async () => {
    await alertWithTwoPhotos();
    slack.failNext('files.completeUploadExternal', 'internal_error');
    const dispatcher = dispatcherFor(app, [sender, telegram]);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 2, failed: 1 });
    expect(slack.filesShared()).toHaveLength(0);
    app.clock.advance(60_000);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 1, failed: 0 });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.filesShared().map((upload) => upload.files.map((file) => file.name))).toEqual([['积水.jpg', '桥面.jpg']]);
  });
});
