/**
 * Attachments coming in on WeCom (docs/attachments.md, docs/wecom.md), against the fake long
 * connection and its media host: WeCom puts no caption on an image, so the one-shot is a mixed
 * message of the command and an image; an image and a PDF at the last step of the guided
 * /urgent; a file over the rules' size refused in one sentence once its download says how large
 * it is; the same msgid delivered twice handled and downloaded once; a voice message's words
 * answering a form's step; and an image outside any form not kept.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { zh } from '../../support/chat.ts';
import { type Harness, startHarness } from './support.ts';

const TITLE = '罗山县防汛抢险现场';
const BODY = '罗山县连夜组织抢险队伍加固河堤，转移群众三百余人，目前险情得到控制。';
const MB = 1024 * 1024;

let h: Harness;

afterEach(async () => {
  await h?.close();
});

/** A rules file whose `attachments` section takes files up to 1 MB. */
function oneMegabyteRules(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'xinbao-wecom-attach-rules-')), 'rules.yaml');
  writeFileSync(file, `attachments:\n  maxBytes: ${MB}\n  maxPerSubmission: 10\n  kinds: [photo, document, video, location]\n  documentTypes: []\n`);
  return file;
}

async function start(env: Record<string, string> = {}) {
  h = await startHarness({ env });
  await h.bind(['zhangwei']);
}

const bytes = (text: string) => new TextEncoder().encode(text);
const sha = (content: Uint8Array) => createHash('sha256').update(content).digest('hex');

describe('attachments coming in on WeCom', () => {
  it('a mixed message of /submit TITLE, BODY and an image: the item with the photo, as the download named it', async () => {
    await start();
    const photo = bytes('flood scene');
    let msgid = '';
    const answer = await h.send('zhangwei', () => {
      msgid = h.wecom.pushMixed('zhangwei', [`/submit ${TITLE}\n${BODY}`, { bytes: photo, filename: '现场.jpg' }]);
      return msgid;
    });
    expect(answer.text).toContain(zh('submit.done', { id: 1, title: TITLE }));
    const rows = await h.testApp.db.attachment.findMany();
    expect(rows.map((row) => [row.itemId, row.kind, row.hash, row.size, row.mime, row.fileName, row.sourceKey])).toEqual([
      [1, 'photo', sha(photo), photo.length, 'image/jpeg', '现场.jpg', `wecom:${msgid}`],
    ]);
    expect(await h.testApp.store.files.get(sha(photo))).toEqual(photo);
    expect(h.wecom.downloads(msgid)).toBe(1);
  });

  it('an image and a PDF at the last step of the guided /urgent, then 完成: the report with both', async () => {
    await start();
    await h.exchange('zhangwei', '/urgent');
    await h.exchange('zhangwei', '河堤决口，村庄进水');
    await h.exchange('zhangwei', '无');
    await h.exchange('zhangwei', '现在');
    await h.press('zhangwei', 'f:urgent:severity:major');
    const last = await h.exchange('zhangwei', '无');
    expect(last.text).toBe(zh('attach.ask'));
    expect(last.buttons).toEqual([{ text: '完成', key: 'f:urgent:files:done' }]);

    const dike = bytes('dike breach');
    const pdf = bytes('%PDF-1.4 现场报告');
    const image = await h.send('zhangwei', () => h.wecom.pushImage('zhangwei', { bytes: dike }));
    expect(image.text).toContain(zh('attach.waiting', { count: 1 }));
    let fileMsgid = '';
    const file = await h.send('zhangwei', () => {
      fileMsgid = h.wecom.pushFile('zhangwei', { bytes: pdf, filename: '现场报告.pdf' });
      return fileMsgid;
    });
    expect(file.text).toContain(zh('attach.waiting', { count: 2 }));
    expect(file.buttons).toEqual([{ text: '完成', key: 'f:urgent:files:done' }]);

    const done = await h.press('zhangwei', 'f:urgent:files:done');
    expect(done.text).toContain(zh('urgent.recorded', { id: 1, severity: '重大' }));
    const rows = await h.testApp.store.attachments.listFor({ urgentReportId: 1 });
    // An image downloaded without a name is a JPEG photo; the file is typed by the name it came with.
    expect(rows.map((row) => [row.kind, row.hash, row.mime, row.fileName])).toEqual([
      ['photo', sha(dike), 'image/jpeg', null],
      ['document', sha(pdf), 'application/pdf', '现场报告.pdf'],
    ]);
    expect(await h.testApp.store.files.get(sha(pdf))).toEqual(pdf);
    expect((await h.testApp.db.attachment.findFirstOrThrow({ where: { kind: 'document' } })).sourceKey).toBe(`wecom:${fileMsgid}`);
  });

  it('a file over the rules’ 1 MB is refused in one sentence once its download says its size, and nothing is kept', async () => {
    await start({ XINBAO_RULES: oneMegabyteRules() });
    await h.exchange('zhangwei', `/submit ${TITLE}`);
    await h.exchange('zhangwei', BODY);
    await h.press('zhangwei', 'f:submit:category:dynamic');
    const big = new Uint8Array(3 * MB).fill(7);
    let msgid = '';
    const answer = await h.send('zhangwei', () => {
      msgid = h.wecom.pushFile('zhangwei', { bytes: big, filename: '全景.pdf' });
      return msgid;
    });
    // WeCom says the size only with the download (the encrypted length: 3 MB and its padding).
    expect(answer.text).toBe(zh('error.ATTACH.TOO_BIG', { size: 3, max: 1 }));
    expect(answer.buttons).toEqual([]);
    expect(h.wecom.downloads(msgid)).toBe(1);
    expect(await h.testApp.store.files.has(sha(big))).toBe(false);

    const done = await h.exchange('zhangwei', '完成');
    expect(done.text).toContain(zh('submit.done', { id: 1, title: TITLE }));
    expect(await h.testApp.db.attachment.count()).toBe(0);
  });

  it('the same msgid delivered twice is handled once and its image downloaded once', async () => {
    await start();
    await h.exchange('zhangwei', `/submit ${TITLE}`);
    await h.exchange('zhangwei', BODY);
    await h.press('zhangwei', 'f:submit:category:dynamic');
    const scene = bytes('same scene');
    const first = await h.send('zhangwei', () => h.wecom.pushImage('zhangwei', { bytes: scene }, { msgid: 'img-1' }));
    expect(first.text).toContain(zh('attach.waiting', { count: 1 }));
    const again = await h.send('zhangwei', () => h.wecom.pushImage('zhangwei', { bytes: scene }, { msgid: 'img-1' }));
    expect(again.frames).toEqual([]);
    const done = await h.exchange('zhangwei', '完成');
    expect(done.text).toContain(zh('submit.done', { id: 1, title: TITLE }));
    expect(h.wecom.downloads('img-1')).toBe(1);
    expect(h.wecom.downloads()).toBe(1);
    expect((await h.testApp.db.attachment.findMany()).map((row) => [row.hash, row.sourceKey])).toEqual([[sha(scene), 'wecom:img-1']]);
  });

  it('a voice message’s words answer the step of a guided form: the title of /submit', async () => {
    await start();
    expect((await h.exchange('zhangwei', '/submit')).text).toContain(zh('submit.askTitle'));
    const titled = await h.send('zhangwei', () => h.wecom.pushVoice('zhangwei', TITLE));
    expect(titled.text).toContain(zh('submit.askBody'));
    await h.send('zhangwei', () => h.wecom.pushVoice('zhangwei', BODY));
    await h.press('zhangwei', 'f:submit:category:dynamic');
    const done = await h.exchange('zhangwei', '完成');
    expect(done.text).toContain(zh('submit.done', { id: 1, title: TITLE }));
    expect(await h.testApp.db.item.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ title: TITLE, body: BODY });
  });

  it('an image outside any form gets the sentence on how to attach, and is neither downloaded nor kept', async () => {
    await start();
    let msgid = '';
    const answer = await h.send('zhangwei', () => {
      msgid = h.wecom.pushImage('zhangwei', { bytes: bytes('stray') });
      return msgid;
    });
    expect(answer.text).toBe(zh('attach.outside'));
    expect(answer.buttons).toEqual([]);
    expect(h.wecom.downloads(msgid)).toBe(0);
    expect(await h.testApp.db.attachment.count()).toBe(0);
    expect(await h.testApp.store.files.has(sha(bytes('stray')))).toBe(false);
  });
});
