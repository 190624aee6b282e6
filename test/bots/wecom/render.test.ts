/** Replies drawn as WeCom messages: markdown of at most 20,000 bytes keeping every line, cards of six buttons. */
import { describe, expect, it } from 'vitest';
import { markdownMessages, replyCards } from '../../../src/bots/wecom/render.ts';

const MAX = 20_000;
const bytes = (group: string[]) => Buffer.byteLength(group.join('\n'));

describe('WeCom markdown', () => {
  it('splits a long reply between lines into messages of at most 20,000 bytes, keeping every line', () => {
    const lines = Array.from({ length: 600 }, (_, i) => `${i}：${'信'.repeat(40)}`);
    const groups = markdownMessages({ title: '标题', lines, buttons: [[{ label: '好', action: 'ok' }]] });
    expect(groups.length).toBeGreaterThan(1);
    for (const group of groups) expect(bytes(group)).toBeLessThanOrEqual(MAX);
    expect(groups.flat()).toEqual(['**标题**', ...lines]);
  });

  it('cuts a single over-long line into pieces without breaking a character', () => {
    const line = `${'a'.repeat(15_000)}${'😀'.repeat(3000)}`;
    const groups = markdownMessages({ lines: [line] });
    expect(groups.length).toBeGreaterThan(1);
    for (const group of groups) expect(bytes(group)).toBeLessThanOrEqual(MAX);
    expect(groups.flat().join('')).toBe(line);
    expect(groups.flat().every((piece) => !piece.includes('\uFFFD'))).toBe(true);
  });

  it('sends nothing for an empty reply, and a title over buttons on the card alone', () => {
    expect(markdownMessages({ lines: [] })).toEqual([]);
    const menu = { title: '请选择', lines: [], buttons: [[{ label: '甲', action: 'a' }]] };
    expect(markdownMessages(menu)).toEqual([]);
    expect(replyCards(menu)[0]?.main_title).toEqual({ title: '请选择' });
  });

  it('puts at most six buttons on a card, in order, and leaves out a button whose action is too long for a key', () => {
    const buttons = Array.from({ length: 8 }, (_, i) => ({ label: `第${i}个按钮很长很长很长`, action: `b:${i}` }));
    const cards = replyCards({ lines: ['选'], buttons: [[...buttons, { label: '太长', action: 'x'.repeat(1025) }]] });
    expect(cards.map((card) => card.button_list?.map((button) => button.key))).toEqual([
      ['b:0', 'b:1', 'b:2', 'b:3', 'b:4', 'b:5'],
      ['b:6', 'b:7'],
    ]);
    expect(cards[0]?.button_list?.[0]?.text).toBe('第0个按钮很长很长…');
  });
});
