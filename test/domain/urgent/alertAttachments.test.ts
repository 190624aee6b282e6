/**
 * Urgent alerts carry what the reporter sent with the report or update: files by reference to
 * the file store (never inline), places by their coordinates; a file that went missing from the
 * store is named in the alert, which still goes (docs/urgent.md, "Photos and files with the alert").
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutMessage } from '../../../src/domain/notify/message.ts';
import type { RenderedMessage, Sender } from '../../../src/domain/notify/sender.ts';
import { logPhoneReport } from '../../../src/domain/urgent/logPhoneReport.ts';
import { attachingStore, declareWith, followUpWith, kept, photoBytes, place } from '../../support/attachedReports.ts';
import { captureLogs } from '../../support/logs.ts';
import { dispatcherFor, outboxApp, urgentDeps } from '../../support/outboxOffice.ts';
import type { TestApp } from '../../support/testApp.ts';

let app: TestApp;
const seededApp = outboxApp({ slack: true });

beforeEach(async () => {
  app = await seededApp();
});

afterEach(async () => {
  await app?.dispose();
});

const zhangwei = async () => (await app.store.people.byCode('zhangwei'))!.id;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The outbox rows after `afterId`: recipient chat, the raw payload as stored, and the message. */
async function queuedSince(afterId = 0) {
  const rows = await app.db.outboxMessage.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' } });
  return rows.map((row) => ({ chat: `${row.platform}:${row.chatId}`, payload: row.payload, message: JSON.parse(row.payload) as OutMessage }));
}
const lastId = async () => (await app.db.outboxMessage.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;

describe('an urgent alert with attachments', () => {
  it('is queued for every recipient with each file by reference, in order, and its place; the bytes are stored once', async () => {
    const by = await zhangwei();
    const photos = [photoBytes(1, 40_000), photoBytes(2, 40_000)];
    const report = await declareWith(app, [
      await kept(app, photos[0]!, by),
      await kept(app, photos[1]!, by, { fileName: '桥面.jpg' }),
      await kept(app, photoBytes(3), by, { kind: 'document', mime: 'application/pdf', fileName: '现场情况.pdf' }),
      place(32.2043, 114.5172, by),
    ]);
    const rows = await queuedSince();
    expect(rows.map((row) => row.chat).sort()).toEqual(['slack:DU700', 'telegram:400', 'telegram:700']);
    for (const row of rows) {
      expect(row.message.title?.key).toBe('urgent.alert.title');
      expect(row.message.files).toEqual([
        { name: `photo-${sha(photos[0]!).slice(0, 8)}.jpg`, mime: 'image/jpeg', kind: 'photo', ref: `file:${sha(photos[0]!)}` },
        { name: '桥面.jpg', mime: 'image/jpeg', kind: 'photo', ref: `file:${sha(photos[1]!)}` },
        { name: '现场情况.pdf', mime: 'application/pdf', kind: 'document', ref: `file:${sha(photoBytes(3))}` },
      ]);
      expect(row.message.locations).toEqual([{ latitude: 32.2043, longitude: 114.5172 }]);
      // Nothing inline: two 40 kB photos would make a payload of over 100 kB.
      expect(row.message.file).toBeUndefined();
      expect(row.payload.length).toBeLessThan(3000);
      expect(row.payload).not.toContain(Buffer.from(photos[0]!).toString('base64').slice(0, 100));
    }
    // The duty officer's copy still carries the duty desk's buttons.
    expect(
      rows
        .find((row) => row.chat === 'telegram:700')!
        .message.buttons?.flat()
        .map((button) => button.action),
    ).toContain(`urgent:ack:${report.id}`);
    expect(await app.store.files.get(sha(photos[0]!))).toEqual(photos[0]);
    expect(await app.db.attachment.count({ where: { urgentReportId: report.id } })).toBe(4);
  });

  it('a follow-up and the final report carry their own attachments, not the first report’s', async () => {
    const by = await zhangwei();
    const report = await declareWith(app, [await kept(app, photoBytes(1), by)]);
    const before = await lastId();
    await followUpWith(app, report.id, [await kept(app, photoBytes(4), by, { kind: 'video', mime: 'video/mp4', fileName: '水位.mp4' })]);
    const followUps = await queuedSince(before);
    expect(followUps).toHaveLength(3);
    for (const row of followUps) {
      expect(row.message.title?.key).toBe('urgent.followup.title');
      expect(row.message.files).toEqual([{ name: '水位.mp4', mime: 'video/mp4', kind: 'video', ref: `file:${sha(photoBytes(4))}` }]);
    }
    const beforeFinal = await lastId();
    await followUpWith(app, report.id, [place(32.21, 114.52, by)], true);
    const finals = await queuedSince(beforeFinal);
    expect(finals.map((row) => row.message.title?.key)).toEqual(['urgent.final.title', 'urgent.final.title', 'urgent.final.title']);
    for (const row of finals) {
      expect(row.message.files).toBeUndefined();
      expect(row.message.locations).toEqual([{ latitude: 32.21, longitude: 114.52 }]);
    }
  });

  it('a report without attachments is queued as before, with no files', async () => {
    await declareWith(app, []);
    for (const row of await queuedSince()) {
      expect(row.message.files).toBeUndefined();
      expect(row.message.locations).toBeUndefined();
    }
  });

  it('a phone report the duty office logs with a photo alerts the office with it; the unit’s notice carries none', async () => {
    const duty = (await app.store.people.byCode('zhoujie'))!;
    const photo = await kept(app, photoBytes(5), duty.id);
    const result = await logPhoneReport(
      { ...urgentDeps(app), store: attachingStore(app.store, { report: [photo] }) },
      { duty, unit: 'luoshan', what: '罗山县城区内涝，电话报告' },
    );
    if (!result.ok) throw new Error(result.error.code);
    const rows = await queuedSince();
    const alert = rows.find((row) => row.chat === 'telegram:400')!;
    expect(alert.message.title?.key).toBe('urgent.alert.title');
    expect(alert.message.files?.map((file) => file.ref)).toEqual([`file:${photo.hash}`]);
    const notice = rows.find((row) => row.chat === 'telegram:100')!;
    expect(notice.message.title?.key).toBe('urgent.phoneLogged.title');
    expect(notice.message.files).toBeUndefined();
  });
});

describe('sending an alert with attachments', () => {
  const recording = (platform: string, sent: { chatId: string; reply: RenderedMessage }[]): Sender => ({
    platform,
    async send(chatId, reply) {
      sent.push({ chatId, reply });
    },
  });

  it('hands each sender the files’ bytes and the place with its map line', async () => {
    const by = await zhangwei();
    await declareWith(app, [await kept(app, photoBytes(1), by), place(32.2043, 114.5172, by)]);
    const sent: { chatId: string; reply: RenderedMessage }[] = [];
    expect(await dispatcherFor(app, [recording('telegram', sent), recording('slack', sent)]).dispatchOnce()).toEqual({ sent: 3, failed: 0 });
    expect(sent).toHaveLength(3);
    for (const { reply } of sent) {
      expect(reply.files).toEqual([{ name: expect.stringMatching(/^photo-[0-9a-f]{8}\.jpg$/), mime: 'image/jpeg', kind: 'photo', data: photoBytes(1) }]);
      expect(reply.locations).toEqual([
        {
          latitude: 32.2043,
          longitude: 114.5172,
          text: '📍 位置：32.204300, 114.517200 https://uri.amap.com/marker?position=114.517200,32.204300&coordinate=wgs84',
        },
      ]);
    }
  });

  it('sends the alert without a file missing from the file store, saying so, and logs a warning', async () => {
    const by = await zhangwei();
    const gone = { ...(await kept(app, photoBytes(1), by, { fileName: '现场.jpg' })), hash: sha(photoBytes(99)) };
    await declareWith(app, [gone, await kept(app, photoBytes(2), by, { fileName: '桥.jpg' })]);
    const sent: { chatId: string; reply: RenderedMessage }[] = [];
    const logs = captureLogs({ level: 'warn' });
    const dispatcher = dispatcherFor(app, [recording('telegram', sent), recording('slack', sent)], { logger: logs.logger });
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 3, failed: 0 });
    for (const { reply } of sent) {
      expect(reply.files?.map((file) => file.name)).toEqual(['桥.jpg']);
      expect(reply.lines.at(-1)).toBe('⚠️ 附件“现场.jpg”未能附上（文件已不在文件库中），请向报送单位索取。');
    }
    const warnings = logs.entries().filter((entry) => entry.msg.includes('missing from the file store'));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatchObject({ level: 'warn', name: '现场.jpg', ref: `file:${sha(photoBytes(99))}` });
  });
});
