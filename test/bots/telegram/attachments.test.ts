/**
 * Attachments coming in on Telegram (docs/attachments.md), against the local fake Bot API: a photo
 * with /submit as its caption, a photo in the guided /urgent, a file over the rules' size refused
 * before any download, and the same file (file_unique_id) sent twice downloaded once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createTelegramBot, type TelegramBot } from '../../../src/bots/telegram/createTelegramBot.ts';
import { createChatEngine } from '../../../src/chat/engine.ts';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { translate } from '../../../src/i18n/catalog.ts';
import { startFakeTelegram, type FakeTelegram, type PushedFile } from '../../fakes/telegramServer.ts';
import { createTestApp, SAMPLE_ORG, testClock, type TestApp } from '../../support/testApp.ts';
import { buttonsOf, say, sentTo, TOKEN } from './harness.ts';

const ZHANGWEI = 1001; // luoshan reporter
const TITLE = '罗山县防汛抢险现场';
const BODY = '罗山县连夜组织抢险队伍加固河堤，转移群众三百余人，目前险情得到控制。';
const zh = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('zh-CN', key, params);

let app: TestApp;
let fake: FakeTelegram;
let tg: TelegramBot;

beforeEach(async () => {
  app = await createTestApp({}, testClock('2026-11-20T02:00:00Z'));
  const imported = await importOrg(app, { text: SAMPLE_ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  const issued = await issueInvite(app, { personCode: 'zhangwei' });
  if (!issued.ok) throw new Error(issued.error.code);
  const bound = await bindAccount(app, {
    code: issued.value.code,
    identity: { platform: 'telegram', platformUserId: String(ZHANGWEI), chatId: String(ZHANGWEI) },
  });
  if (!bound.ok) throw new Error(bound.error.code);
  fake = await startFakeTelegram();
  tg = createTelegramBot({
    engine: createChatEngine(app.chatDeps),
    store: app.store,
    config: { mode: 'polling', token: TOKEN, apiRoot: fake.apiRoot },
    botInfo: fake.botInfo,
  });
  await tg.start();
});

afterEach(async () => {
  await tg?.stop();
  await fake?.close();
  await app?.dispose();
});

const bytes = (text: string) => new TextEncoder().encode(text);
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A photo in two sizes, as Telegram sends them: the small thumbnail first, the large one last. */
function photoOf(text: string, uniqueId?: string, size?: number): PushedFile {
  const small = fake.addFile(bytes(`thumb of ${text}`));
  const large = fake.addFile(bytes(text), { ...(uniqueId ? { uniqueId } : {}), ...(size ? { size } : {}) });
  return {
    photo: [
      { ...small, width: 90, height: 60 },
      { ...large, width: 1280, height: 960 },
    ] as never,
  };
}

async function sendFile(content: PushedFile, caption?: string) {
  const from = fake.calls.length;
  fake.pushFile(ZHANGWEI, content, caption ? { caption } : {});
  return fake.waitFor(sentTo(ZHANGWEI), 5000, from);
}

describe('attachments coming in on Telegram', () => {
  it('a photo with /submit TITLE and BODY as caption: the item with the largest size of the photo', async () => {
    const photo = photoOf('flood scene');
    const answer = await sendFile(photo, `/submit ${TITLE}\n${BODY}`);
    expect(answer.params.text).toContain(zh('submit.done', { id: 1, title: TITLE }));
    const rows = await app.db.attachment.findMany();
    const large = (photo as { photo: { file_id: string; file_unique_id: string }[] }).photo[1]!;
    expect(rows.map((row) => [row.itemId, row.kind, row.hash, row.sourceKey])).toEqual([[1, 'photo', sha('flood scene'), `telegram:${large.file_unique_id}`]]);
    expect(fake.downloads(large.file_id)).toBe(1);
    expect(fake.downloads()).toBe(1);
    expect(await app.store.files.get(sha('flood scene'))).toEqual(bytes('flood scene'));
  });

  it('a photo and a location at the last step of the guided /urgent, then 完成', async () => {
    await say(fake, ZHANGWEI, '/urgent');
    await say(fake, ZHANGWEI, '河堤决口，村庄进水');
    await say(fake, ZHANGWEI, '无');
    await say(fake, ZHANGWEI, '现在');
    let from = fake.calls.length;
    fake.pushCallback(ZHANGWEI, 'f:urgent:severity:major');
    await fake.waitFor(sentTo(ZHANGWEI), 5000, from);
    const last = await say(fake, ZHANGWEI, '无');
    expect(last.params.text).toBe(zh('attach.ask'));
    expect(buttonsOf(last)).toEqual([{ text: '完成', data: 'f:urgent:files:done' }]);
    expect((await sendFile(photoOf('dike'))).params.text).toContain(zh('attach.waiting', { count: 1 }));
    expect((await sendFile({ location: { latitude: 32.21, longitude: 114.52 } })).params.text).toContain(zh('attach.waiting', { count: 2 }));
    from = fake.calls.length;
    fake.pushCallback(ZHANGWEI, 'f:urgent:files:done');
    expect((await fake.waitFor(sentTo(ZHANGWEI), 5000, from)).params.text).toContain(zh('urgent.recorded', { id: 1, severity: '重大' }));
    const rows = await app.store.attachments.listFor({ urgentReportId: 1 });
    expect(rows.map((row) => [row.kind, row.hash, row.latitude])).toEqual([
      ['photo', sha('dike'), null],
      ['location', null, 32.21],
    ]);
  });

  it('a file over the rules’ 20 MB (by the size Telegram reports) is refused in one sentence and never downloaded', async () => {
    const doc = fake.addFile(bytes('huge'), { size: 25 * 1024 * 1024 });
    const answer = await sendFile({ document: { ...doc, file_name: 'report.pdf', mime_type: 'application/pdf' } }, `/submit ${TITLE}\n${BODY}`);
    expect(answer.params.text).toBe(zh('error.ATTACH.TOO_BIG', { size: 25, max: 20 }));
    expect(fake.callsTo('getFile')).toHaveLength(0);
    expect(fake.downloads()).toBe(0);
    expect(await app.db.item.count()).toBe(0);
    expect(await app.db.attachment.count()).toBe(0);
  });

  it('the same file_unique_id sent twice (another file_id, as a forward gets) is downloaded once', async () => {
    await say(fake, ZHANGWEI, `/submit ${TITLE}`);
    await say(fake, ZHANGWEI, BODY);
    const from = fake.calls.length;
    fake.pushCallback(ZHANGWEI, 'f:submit:category:dynamic');
    await fake.waitFor(sentTo(ZHANGWEI), 5000, from);
    await sendFile(photoOf('same scene', 'unique-1'));
    await sendFile(photoOf('same scene', 'unique-1'));
    const done = fake.calls.length;
    fake.pushCallback(ZHANGWEI, 'f:submit:files:done');
    expect((await fake.waitFor(sentTo(ZHANGWEI), 5000, done)).params.text).toContain(zh('submit.done', { id: 1, title: TITLE }));
    expect(fake.downloads()).toBe(1);
    expect(fake.callsTo('getFile')).toHaveLength(1);
    expect((await app.db.attachment.findMany()).map((row) => row.hash)).toEqual([sha('same scene'), sha('same scene')]);
  });
});
