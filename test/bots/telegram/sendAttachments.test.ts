/**
 * Urgent alerts with photos, videos, documents and places, sent by the real Telegram sender
 * (grammY with its pacing and retries) to the fake Bot API: one photo with the alert as its
 * caption, several as one media group, documents, videos and locations as Telegram has them, and
 * a retry that sends nothing twice (docs/urgent.md, "Photos and files with the alert").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenderedFile, Sender } from '../../../src/domain/notify/sender.ts';
import { declareWith, kept, photoBytes, place } from '../../support/attachedReports.ts';
import { dispatcherFor, outboxApp } from '../../support/outboxOffice.ts';
import type { TestApp } from '../../support/testApp.ts';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegramServer.ts';
import { senderOn } from './harness.ts';

let fake: FakeTelegram;
let app: TestApp;
let sender: Sender;
const seededApp = outboxApp();

beforeEach(async () => {
  fake = await startFakeTelegram();
  app = await seededApp();
  sender = senderOn(app, fake);
});

afterEach(async () => {
  await fake?.close();
  await app?.dispose();
});

const photo = (seed: number, name = `p${seed}.jpg`): RenderedFile => ({ name, mime: 'image/jpeg', kind: 'photo', data: photoBytes(seed) });
const ALERT = { title: '🚨 紧急信息 #1（一般）', lines: ['事件：罗山县城区内涝', '地点：城关镇'] };
const CAPTION = '<b>🚨 紧急信息 #1（一般）</b>\n事件：罗山县城区内涝\n地点：城关镇';
const toChat = (chatId: number) => fake.deliveries.filter((delivery) => delivery.chatId === chatId).map((delivery) => delivery.method);

describe('the Telegram sender with attachments', () => {
  it('sends one photo with the alert as its caption', async () => {
    await sender.send('3001', { ...ALERT, files: [photo(1)] });
    expect(fake.calls.map((call) => call.method).filter((method) => method.startsWith('send'))).toEqual(['sendPhoto']);
    const [call] = fake.callsTo('sendPhoto');
    expect(call?.params).toMatchObject({ chat_id: 3001, caption: CAPTION, parse_mode: 'HTML' });
    expect(call?.files).toMatchObject([{ field: 'photo', filename: 'p1.jpg', size: 2048 }]);
    expect(toChat(3001)).toEqual(['sendPhoto']);
  });

  it('sends the text first when it is too long for a caption, then the photo', async () => {
    await sender.send('3001', { ...ALERT, lines: ['事'.repeat(1100)], files: [photo(1)] });
    expect(toChat(3001)).toEqual(['sendMessage', 'sendPhoto']);
    expect(fake.callsTo('sendPhoto')[0]?.params.caption).toBeUndefined();
  });

  it('sends three photos as one media group, captioned on the first', async () => {
    await sender.send('3002', { ...ALERT, files: [photo(1), photo(2), photo(3)] });
    const groups = fake.callsTo('sendMediaGroup');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.params.media.map((item: { type: string }) => item.type)).toEqual(['photo', 'photo', 'photo']);
    expect(groups[0]!.params.media[0]).toMatchObject({ caption: CAPTION, parse_mode: 'HTML' });
    expect(groups[0]!.files.map((file) => [file.field, file.filename])).toEqual([
      ['media.0', 'p1.jpg'],
      ['media.1', 'p2.jpg'],
      ['media.2', 'p3.jpg'],
    ]);
    expect(fake.deliveries).toMatchObject([{ method: 'sendMediaGroup', chatId: 3002, items: 3, text: CAPTION }]);
    expect(fake.sentMessages(3002)).toHaveLength(3);
  });

  it('with the duty desk’s buttons: the text and its buttons first (a media group takes none), then the group', async () => {
    const buttons = [[{ label: '确认收到', action: 'urgent:ack:1' }]];
    await sender.send('3003', { ...ALERT, buttons, files: [photo(1), photo(2)] });
    expect(toChat(3003)).toEqual(['sendMessage', 'sendMediaGroup']);
    expect(fake.callsTo('sendMessage')[0]?.params.reply_markup).toEqual({ inline_keyboard: [[{ text: '确认收到', callback_data: 'urgent:ack:1' }]] });
  });

  it('sends a document as a document, a video as a video, photos and videos in one group and documents in another', async () => {
    const pdf: RenderedFile = { name: '现场.pdf', mime: 'application/pdf', kind: 'document', data: photoBytes(7) };
    await sender.send('3004', { ...ALERT, files: [pdf] });
    expect(toChat(3004)).toEqual(['sendDocument']);
    expect(fake.callsTo('sendDocument')[0]?.params.caption).toBe(CAPTION);

    const video: RenderedFile = { name: '水位.mp4', mime: 'video/mp4', kind: 'video', data: photoBytes(8) };
    await sender.send('3005', { ...ALERT, files: [video] });
    expect(toChat(3005)).toEqual(['sendVideo']);
    expect(fake.callsTo('sendVideo')[0]?.files).toMatchObject([{ field: 'video', filename: '水位.mp4' }]);

    const pdf2 = { ...pdf, name: '通报.pdf', data: photoBytes(9) };
    await sender.send('3006', { ...ALERT, files: [photo(1), pdf, video, pdf2] });
    expect(toChat(3006)).toEqual(['sendMediaGroup', 'sendMediaGroup']);
    const [media, documents] = fake.callsTo('sendMediaGroup').slice(-2);
    expect(media!.params.media.map((item: { type: string }) => item.type)).toEqual(['photo', 'video']);
    expect(documents!.params.media.map((item: { type: string }) => item.type)).toEqual(['document', 'document']);
  });

  it('sends a place as a location after the text', async () => {
    await sender.send('3007', { ...ALERT, locations: [{ latitude: 32.2043, longitude: 114.5172, text: '📍' }] });
    expect(toChat(3007)).toEqual(['sendMessage', 'sendLocation']);
    expect(fake.callsTo('sendLocation')[0]?.params).toMatchObject({ chat_id: 3007, latitude: 32.2043, longitude: 114.5172 });
  });
});

describe('alerts with photos through the outbox', () => {
  const photos = async () => {
    const by = (await app.store.people.byCode('zhangwei'))!.id;
    return [await kept(app, photoBytes(1), by), await kept(app, photoBytes(2), by), await kept(app, photoBytes(3), by), place(32.2, 114.5, by)];
  };

  it('delivers each recipient one media group of the three photos and the place, and nothing twice', async () => {
    await declareWith(app, await photos());
    const dispatcher = dispatcherFor(app, [sender]);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 2, failed: 0 });
    // The duty officer (700) has buttons: text first. The editor (400): the caption on the group.
    expect(toChat(700)).toEqual(['sendMessage', 'sendMediaGroup', 'sendLocation']);
    expect(toChat(400)).toEqual(['sendMediaGroup', 'sendLocation']);
    expect(fake.deliveries.filter((delivery) => delivery.method === 'sendMediaGroup').map((delivery) => delivery.items)).toEqual([3, 3]);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
    expect(fake.deliveries).toHaveLength(5);
  });

  it('retries a media group the Bot API failed with 500, and it is delivered once', async () => {
    await declareWith(app, await photos());
    fake.failNext('sendMediaGroup', { error_code: 500, description: 'Internal Server Error' });
    expect(await dispatcherFor(app, [sender]).dispatchOnce()).toEqual({ sent: 2, failed: 0 });
    expect(fake.callsTo('sendMediaGroup')).toHaveLength(3);
    expect(
      fake.deliveries
        .filter((delivery) => delivery.method === 'sendMediaGroup')
        .map((delivery) => delivery.chatId)
        .sort(),
    ).toEqual([400, 700]);
  }, 20_000);

  it('after a partial send, the retry sends only the rest: the text is not sent twice', async () => {
    await declareWith(app, await photos());
    fake.failNext('sendMediaGroup', { error_code: 400, description: 'Bad Request: group send failed' });
    const dispatcher = dispatcherFor(app, [sender], { concurrency: 1 });
    const first = await dispatcher.dispatchOnce();
    expect(first.failed).toBe(1);
    const failedRow = (await app.db.outboxMessage.findMany({ where: { status: 'pending' } }))[0]!;
    expect(failedRow.lastError).toMatch(/after 1 of its parts were sent/);
    app.clock.advance(60_000);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 1, failed: 0 });
    // Each chat got the text (if any) once, one media group and one location.
    expect(toChat(700)).toEqual(['sendMessage', 'sendMediaGroup', 'sendLocation']);
    expect(toChat(400)).toEqual(['sendMediaGroup', 'sendLocation']);
    expect(fake.callsTo('sendMessage')).toHaveLength(1);
  });
});
