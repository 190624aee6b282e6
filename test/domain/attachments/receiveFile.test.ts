/** receiveFile, attachFiles and itemAttachmentFiles against a real store and file store (docs/attachments.md). */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemAttachmentFiles } from '../../../src/domain/attachments/itemAttachmentFiles.ts';
import { type IncomingFile, type PendingAttachment, receiveFile } from '../../../src/domain/attachments/receiveFile.ts';
import { submitItem } from '../../../src/domain/items/submitItem.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';
import { declareUrgent } from '../../../src/domain/urgent/declareUrgent.ts';
import { recordFollowUp } from '../../../src/domain/urgent/recordFollowUp.ts';
import { rulesSchema } from '../../../src/domain/rules/schema.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';

const BODY = '罗山县连夜组织抢险队伍加固河堤，转移群众三百余人，目前险情得到控制。';
const MB = 1024 * 1024;
/** An attachment already waiting with the form (its content is not looked at). */
const PENDING: PendingAttachment = { kind: 'location', hash: null, size: 0, mime: null, fileName: null, latitude: 1, longitude: 1, sourceKey: null };

let app: TestApp;
let fetched: number;
const people: Record<string, PersonRecord> = {};

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const file = (over: Partial<IncomingFile> & { text?: string } = {}): IncomingFile => {
  const text = over.text ?? 'photo bytes';
  return {
    kind: 'photo',
    sourceKey: 'telegram:u1',
    size: text.length,
    mime: 'image/jpeg',
    fileName: null,
    fetch: async () => {
      fetched += 1;
      return new TextEncoder().encode(text);
    },
    ...over,
  };
};
const received = async (incoming: IncomingFile, waiting: PendingAttachment[] = []) => {
  const result = await receiveFile(app, { file: incoming, waiting });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
};

beforeEach(async () => {
  fetched = 0;
  app = await createTestApp();
  const imported = await importOrg(app, { text: SAMPLE_ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  for (const code of ['zhangwei', 'wangfang', 'chenjing']) people[code] = (await app.store.people.byCode(code))!;
});

afterEach(async () => {
  await app?.dispose();
});

describe('receiveFile', () => {
  it('keeps the bytes by content hash and gives the attachment to write', async () => {
    const kept = await received(file());
    expect(kept).toMatchObject({ kind: 'photo', hash: sha('photo bytes'), size: 11, sourceKey: 'telegram:u1', mime: 'image/jpeg' });
    expect(await app.store.files.get(sha('photo bytes'))).toEqual(new TextEncoder().encode('photo bytes'));
    expect(fetched).toBe(1);
  });

  it('refuses by the reported size, kind, document type and count, before fetching', async () => {
    const refuse = async (incoming: IncomingFile, rules = app.rules, waiting = 0) =>
      receiveFile({ store: app.store, rules }, { file: incoming, waiting: Array.from({ length: waiting }, (): PendingAttachment => ({ ...PENDING })) });
    expect(await refuse(file({ size: 20 * MB + 1 }))).toEqual({ ok: false, error: { code: 'ATTACH.TOO_BIG', params: { size: 20, max: 20 } } });
    const strict = rulesSchema.parse({ attachments: { kinds: ['photo', 'document'], documentTypes: ['application/pdf', 'image/*'], maxPerSubmission: 2 } });
    expect(await refuse(file({ kind: 'video' }), strict)).toMatchObject({ ok: false, error: { code: 'ATTACH.KIND' } });
    expect(await refuse(file({ kind: 'document', mime: 'application/zip' }), strict)).toMatchObject({ ok: false, error: { code: 'ATTACH.TYPE' } });
    expect(await refuse(file({ kind: 'photo' }), strict, 2)).toMatchObject({ ok: false, error: { code: 'ATTACH.TOO_MANY', params: { max: 2 } } });
    expect(fetched).toBe(0);
    expect((await refuse(file({ kind: 'document', mime: 'image/png' }), strict)).ok).toBe(true);
    expect((await refuse(file({ kind: 'document', mime: 'application/pdf', sourceKey: 'telegram:pdf' }), strict)).ok).toBe(true);
  });

  it('refuses bytes larger than the limit even when the platform said less, keeping nothing', async () => {
    const rules = rulesSchema.parse({ attachments: { maxBytes: 5 } });
    const result = await receiveFile({ store: app.store, rules }, { file: file({ size: 3, text: 'more than five' }) });
    expect(result).toMatchObject({ ok: false, error: { code: 'ATTACH.TOO_BIG' } });
    expect(await app.store.files.has(sha('more than five'))).toBe(false);
  });

  it('never fetches a platform file twice: waiting in the form, or on an attachment already written', async () => {
    const first = await received(file());
    expect(await received(file(), [first])).toEqual(first);
    expect(fetched).toBe(1);
    const item = await submitItem(app, { author: people.zhangwei!, title: '罗山县防汛抢险', body: BODY, category: 'dynamic', attachments: [first] });
    expect(item.ok).toBe(true);
    expect(await received(file())).toMatchObject({ hash: first.hash });
    expect(fetched).toBe(1);
  });

  it('a location keeps its coordinates and no bytes', async () => {
    expect(await received({ kind: 'location', sourceKey: null, size: 0, mime: null, fileName: null, latitude: 32.2, longitude: 114.5 })).toMatchObject({
      kind: 'location',
      hash: null,
      latitude: 32.2,
      longitude: 114.5,
    });
  });
});

describe('attachments written with what they belong to', () => {
  it('an item, an urgent report and a follow-up each get their rows in their own transaction', async () => {
    const photo = await received(file());
    const item = await submitItem(app, { author: people.zhangwei!, title: '罗山县防汛抢险', body: BODY, category: 'dynamic', attachments: [photo] });
    if (!item.ok) throw new Error(item.error.code);
    const report = await declareUrgent(app, { reporter: people.zhangwei!, what: '河堤决口，村庄进水', attachments: [photo] });
    if (!report.ok) throw new Error(report.error.code);
    const update = await recordFollowUp(app, { author: people.zhangwei!, reportId: report.value.id, text: '水位回落', final: false, attachments: [photo] });
    expect(update.ok).toBe(true);
    expect((await app.store.attachments.listFor({ itemId: item.value.id })).map((row) => row.addedById)).toEqual([people.zhangwei!.id]);
    expect((await app.store.attachments.listForReport(report.value.id)).map((row) => [row.urgentReportId, row.urgentUpdateId !== null])).toEqual([
      [report.value.id, false],
      [null, true],
    ]);
  });

  it('a refused submission writes no rows (a duplicate title; a follow-up of another unit’s report)', async () => {
    const photo = await received(file());
    await submitItem(app, { author: people.zhangwei!, title: '罗山县防汛抢险', body: BODY, category: 'dynamic' });
    const again = await submitItem(app, { author: people.zhangwei!, title: '罗山县防汛抢险', body: BODY, category: 'dynamic', attachments: [photo] });
    expect(again).toMatchObject({ ok: false, error: { code: 'ITEM.DUPLICATE' } });
    const report = await declareUrgent(app, { reporter: people.zhangwei!, what: '河堤决口，村庄进水' });
    if (!report.ok) throw new Error(report.error.code);
    const foreign = await recordFollowUp(app, { author: people.wangfang!, reportId: report.value.id, text: '水位回落', final: false, attachments: [photo] });
    expect(foreign.ok).toBe(false);
    expect(await app.db.attachment.count()).toBe(0);
  });
});

describe('itemAttachmentFiles', () => {
  it('gives the kept bytes to someone who may read the item, and refuses anyone else', async () => {
    const photo = await received(file());
    const item = await submitItem(app, { author: people.zhangwei!, title: '罗山县防汛抢险', body: BODY, category: 'dynamic', attachments: [photo] });
    if (!item.ok) throw new Error(item.error.code);
    const read = await itemAttachmentFiles(app, { viewer: people.chenjing!, itemId: item.value.id });
    if (!read.ok) throw new Error(read.error.code);
    expect(read.value.map((entry) => new TextDecoder().decode(entry.data!))).toEqual(['photo bytes']);
    expect(await itemAttachmentFiles(app, { viewer: people.wangfang!, itemId: item.value.id })).toMatchObject({
      ok: false,
      error: { code: 'ITEM.NOT_ENTITLED' },
    });
  });
});
