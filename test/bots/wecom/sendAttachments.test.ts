/**
 * Urgent alerts with photos through the outbox to people bound on WeCom, sent by the WeCom
 * sender over the SDK against the fake long connection (docs/urgent.md, "Photos and files with
 * the alert"; docs/wecom.md): the markdown text (the place as a line of it) and the duty desk's
 * card first, then each photo uploaded as temporary media and pushed as an image message, and
 * nothing twice, also when an upload fails and the dispatcher sends the rest later.
 */
import { WSClient } from '@wecom/aibot-node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWeComSender } from '../../../src/bots/wecom/sender.ts';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import type { Sender } from '../../../src/domain/notify/sender.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { FAKE_WECOM_BOT_ID, FAKE_WECOM_SECRET, type FakeWeCom, startFakeWeCom } from '../../fakes/wecomServer.ts';
import { declareWith, kept, photoBytes, place } from '../../support/attachedReports.ts';
import { dispatcherFor, ORG, T0 } from '../../support/outboxOffice.ts';
import { seededApps, type TestApp } from '../../support/testApp.ts';
import { pushedTo, shownText } from './support.ts';

/** ORG at T0 with 张伟, 陈静 (the editor) and 周杰 (the duty officer) each bound to their own WeCom chat. */
const seededApp = seededApps(async (seeded) => {
  seeded.clock.set(T0);
  const imported = await importOrg(seeded, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  for (const personCode of ['zhangwei', 'chenjing', 'zhoujie']) {
    const issued = await issueInvite(seeded, { personCode });
    if (!issued.ok) throw new Error(issued.error.code);
    const bound = await bindAccount(seeded, { code: issued.value.code, identity: { platform: 'wecom', platformUserId: personCode, chatId: personCode } });
    if (!bound.ok) throw new Error(bound.error.code);
  }
});

let wecom: FakeWeCom;
let client: WSClient;
let app: TestApp;
let sender: Sender;

beforeEach(async () => {
  wecom = await startFakeWeCom();
  client = new WSClient({ botId: FAKE_WECOM_BOT_ID, secret: FAKE_WECOM_SECRET, wsUrl: wecom.url, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  await new Promise<void>((resolve) => client.once('authenticated', () => resolve()).connect());
  app = await seededApp();
  sender = createWeComSender(() => client);
});

afterEach(async () => {
  client?.disconnect();
  await wecom?.close();
  await app?.dispose();
});

const PHOTOS = [photoBytes(1), photoBytes(2), photoBytes(3)];

/** Three photos and a place with 张伟's report. */
const attachments = async () => {
  const by = (await app.store.people.byCode('zhangwei'))!.id;
  return [...(await Promise.all(PHOTOS.map((bytes) => kept(app, bytes, by)))), place(32.2, 114.5, by)];
};

/** The message types pushed to `chatid`, in order. */
const typesTo = (chatid: string) => pushedTo(wecom, chatid).map((frame) => frame.body?.msgtype);

/** The bytes of the images pushed to `chatid`, in order: each image message's media, as it was uploaded. */
function imagesTo(chatid: string): Buffer[] {
  const uploads = new Map(wecom.uploads().map((upload) => [upload.mediaId, upload]));
  return pushedTo(wecom, chatid)
    .filter((frame) => frame.body?.msgtype === 'image')
    .map((frame) => {
      const upload = uploads.get(String((frame.body as { image?: { media_id?: string } }).image?.media_id));
      if (!upload) throw new Error('an image message whose media was never uploaded');
      expect(upload.type).toBe('image');
      return upload.bytes;
    });
}

/** The markdown text pushed to `chatid`, each message on its own. */
const markdownTo = (chatid: string) =>
  pushedTo(wecom, chatid)
    .filter((frame) => frame.body?.msgtype === 'markdown')
    .map(shownText);

/** The parts before the photos: the text, and the duty officer's card with its buttons. */
const textParts = (chatid: string) => (chatid === 'zhoujie' ? 2 : 1);

/** Each recipient got the alert's text once, the duty officer the card with its buttons once, and each photo once, in order. */
function expectDeliveredOnce(): void {
  expect(typesTo('zhoujie')).toEqual(['markdown', 'template_card', 'image', 'image', 'image']);
  expect(typesTo('chenjing')).toEqual(['markdown', 'image', 'image', 'image']);
  for (const chatid of ['zhoujie', 'chenjing']) {
    const [text, ...more] = markdownTo(chatid);
    expect(more).toEqual([]);
    expect(text).toContain('紧急信息 #1');
    expect(text).toContain('罗山县城区内涝');
    expect(imagesTo(chatid)).toEqual(PHOTOS.map((bytes) => Buffer.from(bytes)));
  }
  expect(pushedTo(wecom, 'zhangwei')).toEqual([]);
}

describe('alerts with photos through the outbox on WeCom', () => {
  it('delivers each recipient the text, then the three photos as image messages, and nothing twice', async () => {
    await declareWith(app, await attachments());
    const dispatcher = dispatcherFor(app, [sender]);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 2, failed: 0 });
    expectDeliveredOnce();
    // The place is a line of the text: WeCom has no location message to send.
    expect(markdownTo('chenjing')[0]).toMatch(/32\.2/);
    expect(wecom.uploads()).toHaveLength(6);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
    expect(wecom.sent('aibot_send_msg')).toHaveLength(9);
  });

  it('an upload WeCom refuses before the first photo: the retry sends the photos only, not the text again', async () => {
    await declareWith(app, await attachments());
    wecom.failNext('aibot_upload_media_init', 1);
    const dispatcher = dispatcherFor(app, [sender], { concurrency: 1 });
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 1, failed: 1 });
    const failed = await app.db.outboxMessage.findFirstOrThrow({ where: { status: 'pending' } });
    expect(failed.lastError).toBe(`wecom: errcode 600001 (after ${textParts(failed.chatId)} of its parts were sent)`);
    app.clock.advance(60_000);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 1, failed: 0 });
    expectDeliveredOnce();
    expect(wecom.sent('aibot_upload_media_init')).toHaveLength(7);
    expect(wecom.uploads()).toHaveLength(6);
  });

  it('an upload WeCom refuses at the second photo: the retry sends the second and third photos only', async () => {
    await declareWith(app, await attachments());
    const dispatcher = dispatcherFor(app, [sender], { concurrency: 1 });
    const from = wecom.frames.length;
    const first = dispatcher.dispatchOnce();
    // Once the first photo is pushed, the next upload (the first recipient's second photo) is refused.
    await wecom.waitFor((frame) => frame.cmd === 'aibot_send_msg' && frame.body?.msgtype === 'image', from, 15_000);
    wecom.failNext('aibot_upload_media_init', 1);
    expect(await first).toEqual({ sent: 1, failed: 1 });
    const failed = await app.db.outboxMessage.findFirstOrThrow({ where: { status: 'pending' } });
    expect(failed.lastError).toBe(`wecom: errcode 600001 (after ${textParts(failed.chatId) + 1} of its parts were sent)`);
    app.clock.advance(60_000);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 1, failed: 0 });
    expectDeliveredOnce();
    expect(wecom.uploads()).toHaveLength(6);
  });
});
