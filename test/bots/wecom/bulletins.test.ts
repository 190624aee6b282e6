/**
 * The office's bulletin through the WeCom adapter against the fake long connection
 * (docs/bulletins.md, docs/wecom.md): an editor chooses the items on template-card buttons and
 * compiles; /issue sends the issue's .docx to each leader and each reporter and lead of the
 * units in it, once — on WeCom a file is uploaded as temporary media (init, chunks, finish) and
 * then pushed as a file message, after the markdown that says what it is.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { choiceAction } from '../../../src/chat/forms.ts';
import { adoptedItem, BULLETIN, bulletinRulesFile, documentXml } from '../../support/bulletinsFixture.ts';
import { zh } from '../../support/chat.ts';
import { answerTo, type Harness, startHarness } from './support.ts';
import { pushedTo } from './support.ts';

let h: Harness;

beforeEach(async () => {
  h = await startHarness({ env: { XINBAO_RULES: bulletinRulesFile() } });
  await h.bind(['zhangwei', 'liuyang', 'wangfang', 'chenjing', 'huangmin']);
});

afterEach(async () => {
  await h?.close();
});

const FILE_NAME = '信阳政务信息-2026-第1期.docx';

/** The upload and file frames the bots sent from frame `from` on. */
const uploads = (from = 0) => ({
  init: h.wecom.sent('aibot_upload_media_init', from),
  chunk: h.wecom.sent('aibot_upload_media_chunk', from),
  finish: h.wecom.sent('aibot_upload_media_finish', from),
  file: h.wecom.sent('aibot_send_msg', from).filter((frame) => frame.body?.msgtype === 'file'),
});

describe('/compile and /issue on WeCom', () => {
  it('sends the issue as a .docx file to the leader and the unit in it, once', async () => {
    const a = await adoptedItem(h.testApp, '罗山县推进秋冬种');
    const compiled = await h.exchange('chenjing', `/compile ${BULLETIN} #${a}`);
    expect(compiled.text).toContain('第1期（总第101期）');
    await h.dispatch();
    const from = h.wecom.frames.length;
    const issued = await h.exchange('chenjing', `/issue ${BULLETIN} 1`);
    expect(issued.text).toContain('领导 1 人、入选单位 1 个');
    expect(await h.dispatch()).toMatchObject({ failed: 0 });

    const sent = uploads(from);
    expect(sent.file.map((frame) => frame.body?.chatid).sort()).toEqual(['zhangwei', 'liuyang', 'huangmin'].sort());
    expect(sent.init).toHaveLength(3);
    expect(sent.chunk).toHaveLength(3);
    expect(sent.finish).toHaveLength(3);
    for (const init of sent.init) {
      expect(init.body).toMatchObject({ type: 'file', filename: FILE_NAME, total_chunks: 1 });
      expect(Number(init.body?.total_size)).toBeGreaterThan(1000);
    }
    // The bytes uploaded are the issue's .docx, with the item in it.
    const chunk = sent.chunk[0]!.body as { base64_data: string };
    expect(await documentXml(Buffer.from(chunk.base64_data, 'base64'))).toContain('罗山县推进秋冬种');
    // Each file message carries the media id the upload's finish returned, after the markdown that says what it is.
    for (const chatid of ['zhangwei', 'liuyang', 'huangmin']) {
      expect(pushedTo(h.wecom, chatid, from).map((frame) => frame.body?.msgtype)).toEqual(['markdown', 'file']);
    }
    expect(sent.file.every((frame) => /^media-\d+$/.test(String((frame.body?.file as { media_id?: string })?.media_id)))).toBe(true);
    expect(answerTo(h.wecom, 'zhangwei', from).text).toContain(`#${a} 罗山县推进秋冬种`);

    const again = await h.exchange('chenjing', `/issue ${BULLETIN} 1`);
    expect(again.text).toContain('不能重复发送');
    await h.dispatch();
    expect(uploads()).toMatchObject({ init: { length: 3 }, chunk: { length: 3 }, finish: { length: 3 }, file: { length: 3 } });
  });

  it('chooses the items with buttons in the chat, then takes the note and the confirmation, and compiles', async () => {
    const a = await adoptedItem(h.testApp, '固始县优化营商环境', { reporter: 'wangfang' });
    const picking = await h.exchange('chenjing', `/compile ${BULLETIN}`);
    expect(picking.buttons.map((button) => button.key)).toEqual([`bul:t:${a}`, 'bul:o']);
    expect(picking.buttons[0]!.text).toMatch(new RegExp(`^☐ #${a} 固始县`));

    const picked = await h.press('chenjing', `bul:t:${a}`);
    expect(picked.text).toContain(zh('bulletin.pick', { count: 1 }));
    expect(picked.buttons[0]!.text).toMatch(new RegExp(`^☑ #${a} 固始县`));
    const order = await h.press('chenjing', 'bul:o');
    expect(order.text).toContain(`1. #${a} ${zh('bulletin.leadMark')}固始县优化营商环境`);
    expect(order.buttons.map((button) => button.key)).toEqual(['bul:d']);
    const note = await h.press('chenjing', 'bul:d');
    expect(note.text).toContain(zh('bulletin.ask.note'));
    const confirm = await h.exchange('chenjing', '无');
    expect(confirm.buttons.map((button) => button.key)).toEqual([choiceAction('compile', 'confirm', 'yes')]);
    expect(await h.testApp.db.bulletinIssue.count()).toBe(0);

    const done = await h.press('chenjing', choiceAction('compile', 'confirm', 'yes'));
    expect(done.text).toBe(zh('bulletin.compiled', { masthead: '信阳政务信息', year: 2026, number: 1, total: 101, count: 1, lead: a, code: BULLETIN }));
    const issue = await h.testApp.db.bulletinIssue.findFirstOrThrow({ include: { entries: true } });
    expect(issue).toMatchObject({ leadItemId: a, editorNote: null, number: 1, totalNumber: 101 });
    expect(issue.entries.map((entry) => entry.itemId)).toEqual([a]);
  });
});
