import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createHash } from 'node:crypto';
import { SAMPLE_ORG, type TestApp } from '../support/testApp.ts';
import { actions, pressOn, read, sayTo, startChatApp, zh, type Who } from '../support/chat.ts';
import type { ChatEngine } from '../../src/chat/engine.ts';
import type { InboundFile } from '../../src/chat/types.ts';

const T0 = '2026-11-20T02:00:00Z'; // 10:00 in Shanghai
const TITLE = '罗山县防汛抢险现场';
const BODY = '罗山县连夜组织抢险队伍加固河堤，转移群众三百余人，目前险情得到控制。';

let app: TestApp;
let engine: ChatEngine;
let fetches: Record<string, number>;

const zhangwei: Who = { userId: '100' };
const say = (text: string) => sayTo(engine, zhangwei, text);
const press = (data: string) => pressOn(engine, zhangwei, data);

/** A photo as Telegram would announce it: its bytes fetched only when asked, each fetch counted. */
function photo(id: string, bytes = `bytes of ${id}`, size = bytes.length): InboundFile {
  return {
    kind: 'photo',
    sourceKey: `telegram:${id}`,
    size,
    mime: 'image/jpeg',
    fileName: null,
    fetch: async () => {
      fetches[id] = (fetches[id] ?? 0) + 1;
      return new TextEncoder().encode(bytes);
    },
  };
}
const send = (file: InboundFile, caption?: string) =>
  engine.handle({ kind: 'file', platform: 'telegram', userId: zhangwei.userId, chatId: zhangwei.userId, file, ...(caption ? { caption } : {}) });

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

beforeEach(async () => {
  fetches = {};
  ({ app, engine } = await startChatApp(SAMPLE_ORG, T0, { zhangwei }));
});

afterEach(async () => {
  await app?.dispose();
});

describe('attachments with /submit', () => {
  it('guided: two photos at the last step, then 完成: one item with two attachment rows and both blobs kept', async () => {
    await say('/submit');
    await say(TITLE);
    await say(BODY);
    const last = await press('f:submit:category:dynamic');
    expect(read(last)).toBe(zh('attach.ask'));
    expect(actions(last)).toEqual(['f:submit:files:done']);
    expect(read(await send(photo('p1')))).toBe([zh('attach.waiting', { count: 1 }), zh('attach.ask')].join('\n'));
    expect(read(await send(photo('p2')))).toContain(zh('attach.waiting', { count: 2 }));
    expect(await app.db.item.count()).toBe(0);
    const done = read(await press('f:submit:files:done'));
    expect(done).toContain(zh('submit.done', { id: 1, title: TITLE }));
    const rows = await app.db.attachment.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((row) => [row.itemId, row.kind, row.hash, row.sourceKey])).toEqual([
      [1, 'photo', sha('bytes of p1'), 'telegram:p1'],
      [1, 'photo', sha('bytes of p2'), 'telegram:p2'],
    ]);
    expect(await app.store.files.has(sha('bytes of p1'))).toBe(true);
    expect(await app.store.files.has(sha('bytes of p2'))).toBe(true);
  });

  it('one-shot: a photo with /submit TITLE and BODY as its caption submits the item with it', async () => {
    const done = read(await send(photo('p1'), `/submit ${TITLE}\n${BODY}`));
    expect(done).toContain(zh('submit.done', { id: 1, title: TITLE }));
    const rows = await app.db.attachment.findMany();
    expect(rows.map((row) => [row.itemId, row.hash])).toEqual([[1, sha('bytes of p1')]]);
    const shown = await say('/item #1');
    expect(read(shown)).toContain([zh('attach.title'), zh('attach.line', { n: 1, kind: '照片', name: '', size: '1 KB' })].join('\n'));
    expect(actions(shown)).toContain('ia:1');
    const sent = await press('ia:1');
    expect(sent).toHaveLength(1);
    expect(new TextDecoder().decode(sent[0]!.file!.data)).toBe('bytes of p1');
    expect(sent[0]!.file).toMatchObject({ name: 'photo-1.jpg', mime: 'image/jpeg' });
  });

  it('a file over the rules’ size is refused in one sentence, never fetched, nothing stored', async () => {
    const big = photo('big', 'x', 21 * 1024 * 1024);
    expect(read(await send(big, `/submit ${TITLE}\n${BODY}`))).toBe(zh('error.ATTACH.TOO_BIG', { size: 21, max: 20 }));
    expect(fetches.big).toBeUndefined();
    expect(await app.db.item.count()).toBe(0);
    expect(await app.db.attachment.count()).toBe(0);
    expect(await app.store.files.has(sha('x'))).toBe(false);
  });

  it('the same platform file twice is fetched once and kept once; sent again later, it is not fetched again', async () => {
    await say('/submit');
    await say(TITLE);
    await say(BODY);
    await press('f:submit:category:dynamic');
    await send(photo('same'));
    await send(photo('same'));
    await press('f:submit:files:done');
    expect(fetches.same).toBe(1);
    expect(await app.db.attachment.count()).toBe(2);
    // Another item with the same photo: its content is found by its source, not downloaded.
    await send(photo('same'), `/submit 另一条标题\n${BODY}`);
    expect(fetches.same).toBe(1);
    expect(await app.db.attachment.count()).toBe(3);
  });

  it('a refused submission writes no attachment rows (the title is a duplicate)', async () => {
    await say(`/submit ${TITLE}\n${BODY}`);
    const refused = read(await send(photo('p1'), `/submit ${TITLE}\n${BODY}`));
    expect(refused).toContain(zh('error.ITEM.DUPLICATE', { days: 7, id: 1, title: TITLE }));
    expect(await app.db.item.count()).toBe(1);
    expect(await app.db.attachment.count()).toBe(0);
  });

  it('a file outside any form gets one sentence on how to attach; text at the files step asks again', async () => {
    expect(read(await send(photo('p1')))).toBe(zh('attach.outside'));
    expect(fetches.p1).toBeUndefined();
    expect(read(await send(photo('p1'), '/status'))).toBe(zh('attach.notWithCommand', { command: '/status' }));
    await say('/submit');
    await say(TITLE);
    await say(BODY);
    await press('f:submit:category:dynamic');
    expect(read(await say('随便说点什么'))).toBe([zh('attach.sendOrDone'), zh('attach.ask')].join('\n'));
    // The button's label typed counts as pressing it.
    expect(read(await say('完成'))).toContain(zh('submit.done', { id: 1, title: TITLE }));
  });

  it('a photo sent mid-form is kept and the question asked again', async () => {
    await say('/submit');
    expect(read(await send(photo('early')))).toBe([zh('attach.received', { count: 1 }), zh('submit.askTitle')].join('\n'));
    await say(TITLE);
    await say(BODY);
    expect(read(await press('f:submit:category:dynamic'))).toContain(zh('attach.waiting', { count: 1 }));
    await press('f:submit:files:done');
    expect(await app.db.attachment.count()).toBe(1);
  });
});

describe('attachments shown', () => {
  it('the review card says how many an item carries; the export counts them by adopted item', async () => {
    const chenjing: Who = { userId: '400' };
    const { bindThroughChat } = await import('../support/chat.ts');
    await bindThroughChat(app, engine, 'chenjing', chenjing);
    await send(photo('a'), `/submit ${TITLE}\n${BODY}`);
    const card = read(await sayTo(engine, chenjing, '/review'));
    expect(card).toContain(zh('attach.reviewLine', { count: 1, id: 1 }));
    const { gatherExport } = await import('../../src/domain/export/gatherExport.ts');
    await pressOn(engine, chenjing, 'rv:a:1:lvliang-putong');
    const { periodContaining } = await import('../../src/domain/time/index.ts');
    const period = periodContaining('month', app.clock.now(), app.chatDeps.timezone);
    const gathered = await gatherExport(app.chatDeps, period);
    expect(gathered.attachmentCounts.get(1)).toBe(1);
  });
});

describe('attachments with urgent reports', () => {
  it('/urgent with a location and a photo, then /followup #1 with its caption: rows on the report and on its update', async () => {
    await say('/urgent');
    await say('河堤决口，村庄进水');
    await say('无');
    await say('现在');
    await press('f:urgent:severity:major');
    expect(read(await say('无'))).toBe(zh('attach.ask'));
    await send({ kind: 'location', sourceKey: null, size: 0, mime: null, fileName: null, latitude: 32.2, longitude: 114.5 });
    await send(photo('flood'));
    expect(read(await press('f:urgent:files:done'))).toContain(zh('urgent.recorded', { id: 1, severity: '重大' }));
    const onReport = await app.store.attachments.listFor({ urgentReportId: 1 });
    expect(onReport.map((row) => [row.kind, row.latitude, row.longitude, row.hash])).toEqual([
      ['location', 32.2, 114.5, null],
      ['photo', null, null, sha('bytes of flood')],
    ]);
    expect(read(await send(photo('later'), '/followup #1 水位开始回落'))).toContain('#1');
    expect((await app.store.attachments.listForReport(1)).map((row) => row.urgentUpdateId !== null)).toEqual([false, false, true]);
  });

  it('the rules’ kinds are obeyed: a video refused when only photos are allowed', async () => {
    const rules = { ...app.chatDeps.rules, attachments: { ...app.chatDeps.rules.attachments, kinds: ['photo' as const] } };
    const strict = (await import('../../src/chat/engine.ts')).createChatEngine({ ...app.chatDeps, rules });
    const replies = await strict.handle({
      kind: 'file',
      platform: 'telegram',
      userId: '100',
      chatId: '100',
      file: { ...photo('v'), kind: 'video', mime: 'video/mp4' },
      caption: '/urgent 河堤决口',
    });
    expect(read(replies)).toBe(zh('error.ATTACH.KIND', { kind: 'video' }));
    expect(fetches.v).toBeUndefined();
    expect(await app.db.urgentReport.count()).toBe(0);
  });
});
