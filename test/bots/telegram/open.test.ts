/**
 * /open on Telegram against the local fake Bot API (docs/open-work.md): the overview with its
 * detail and page buttons as an inline keyboard, a press on each, and a reporter refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { elevenCommissions } from '../../support/openWork.ts';
import { buttonsOf, createHarness, say, type Harness, press as pressButton } from './harness.ts';

const ZHANGWEI = 1001;
const CHENJING = 1004;
const T0 = '2026-11-20T02:00:00Z'; // Friday 10:00 in Shanghai

let h: Harness;

const press = (userId: number, data: string) => pressButton(h.fake, userId, data);

beforeEach(async () => {
  h = await createHarness();
  h.app.clock.set(T0);
  await h.newBot('polling').start();
  await say(h.fake, ZHANGWEI, `/start ${h.invites.zhangwei}`);
  await say(h.fake, CHENJING, `/start ${h.invites.chenjing}`);
});

afterEach(async () => {
  await h?.close();
});

describe('/open on Telegram', () => {
  it('shows a page with a detail button per line and “next”; pressing them shows page 2 and a commission’s detail', async () => {
    const ids = await elevenCommissions(h.app, T0);
    const page1 = await say(h.fake, CHENJING, '/open');
    expect(page1.params.text).toContain('待办总览（第 1/2 页）');
    expect(page1.params.text).toContain(`约稿 #${ids[0]}“第1项约稿题目” · 2026-11-22 10:00 截止 · 已回复 0/2`);
    const buttons = buttonsOf(page1);
    expect(buttons.map((b) => b.data)).toEqual([...ids.slice(0, 10).map((id) => `open:d:commission:${id}`), 'open:p:all:2']);
    expect(buttons.at(-1)!.text).toBe('下一页 ➡️');

    const page2 = await press(CHENJING, 'open:p:all:2');
    expect(page2.params.text).toContain('待办总览（第 2/2 页）');
    expect(buttonsOf(page2).map((b) => b.data)).toEqual([`open:d:commission:${ids[10]}`, 'open:p:all:1']);

    const detail = await press(CHENJING, buttons[0]!.data);
    expect(detail.params.text).toContain(`约稿 #${ids[0]}：第1项约稿题目`);
    expect(detail.params.text).toContain('要求：800字以内');
    expect(detail.params.text).toContain('已回复 0 / 2');
    expect(detail.params.text).toContain('⏳ 罗山县政府办（致 张伟），2026-11-21 10:00 前报送：尚未回复');
    expect(detail.params.text).toContain('⏳ 固始县政府办：尚未回复');
  });

  it('refuses a reporter, for the command and a forged detail button', async () => {
    expect((await say(h.fake, ZHANGWEI, '/open')).params.text).toBe('您的角色不能使用这个命令。发送 /help 查看您可用的命令。');
    expect((await press(ZHANGWEI, 'open:d:commission:1')).params.text).toBe('您的角色不能使用这个命令。发送 /help 查看您可用的命令。');
  });
});
