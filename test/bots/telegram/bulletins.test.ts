/**
 * The office's bulletin through Telegram against the fake Bot API (docs/bulletins.md): an editor
 * compiles and issues in the chat, and the issue's .docx reaches each leader and each reporter
 * and lead of the units in it as a document, once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TelegramBot } from '../../../src/bots/telegram/createTelegramBot.ts';
import { createDispatcher } from '../../../src/jobs/dispatcher.ts';
import { adoptedItem, BULLETIN, bulletinRulesFile } from '../../support/bulletinsFixture.ts';
import { createHarness, type Harness, say, startChats } from './harness.ts';

const ZHANGWEI = 1001;
const LIUYANG = 1002;
const WANGFANG = 1003;
const CHENJING = 1004;
const HUANGMIN = 1005;

let h: Harness;
let tg: TelegramBot;

const dispatch = () => createDispatcher({ store: h.app.store, clock: h.app.clock, senders: [tg.sender], defaultLocale: 'zh-CN' }).dispatchOnce();

beforeEach(async () => {
  h = await createHarness({ XINBAO_RULES: bulletinRulesFile() });
  tg = h.newBot('polling');
  await tg.start();
  await startChats(h, [
    ['zhangwei', ZHANGWEI],
    ['liuyang', LIUYANG],
    ['wangfang', WANGFANG],
    ['chenjing', CHENJING],
    ['huangmin', HUANGMIN],
  ]);
});

afterEach(async () => {
  await h?.close();
});

describe('/compile and /issue on Telegram', () => {
  it('sends the issue as a .docx document to the leader and the unit in it, once', async () => {
    const a = await adoptedItem(h.app, '罗山县推进秋冬种');
    const compiled = await say(h.fake, CHENJING, `/compile ${BULLETIN} #${a}`);
    expect(compiled.params.text).toContain('第1期（总第101期）');
    await dispatch();
    const from = h.fake.calls.length;
    const issued = await say(h.fake, CHENJING, `/issue ${BULLETIN} 1`);
    expect(issued.params.text).toContain('领导 1 人、入选单位 1 个');
    await dispatch();
    const documents = h.fake.callsTo('sendDocument').filter((call) => h.fake.calls.indexOf(call) >= from);
    expect(documents.map((call) => call.params.chat_id).sort()).toEqual([ZHANGWEI, LIUYANG, HUANGMIN].sort());
    for (const call of documents) expect(call.files).toMatchObject([{ field: 'document', filename: '信阳政务信息-2026-第1期.docx' }]);
    expect(documents.find((call) => call.params.chat_id === ZHANGWEI)!.params.caption).toContain(`#${a} 罗山县推进秋冬种`);
    expect(documents.every((call) => (call.files[0]?.size ?? 0) > 1000)).toBe(true);

    const again = await say(h.fake, CHENJING, `/issue ${BULLETIN} 1`);
    expect(again.params.text).toContain('不能重复发送');
    await dispatch();
    expect(h.fake.callsTo('sendDocument')).toHaveLength(3);
  });

  it('chooses the items with buttons in the chat', async () => {
    const a = await adoptedItem(h.app, '固始县优化营商环境', { reporter: 'wangfang' });
    const picking = await say(h.fake, CHENJING, `/compile ${BULLETIN}`);
    const keyboard = (picking.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard;
    expect(keyboard.flat().map((button) => button.callback_data)).toEqual([`bul:t:${a}`, 'bul:o']);
  });
});
