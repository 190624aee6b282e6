/** Rendering a Reply for Telegram: HTML, splitting under the limit, keyboards, files. */
import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlChunks, renderReply, TEXT_LIMIT } from '../../../src/bots/telegram/render.ts';

describe('renderReply', () => {
  it('escapes &, < and >, puts the title in bold and joins the lines with newlines', () => {
    const [message] = renderReply({ title: '罗山 <县> & 政府办', lines: ['已报送 #1《a<b>》', 'x && y'] });
    expect(message).toEqual({ kind: 'text', html: '<b>罗山 &lt;县&gt; &amp; 政府办</b>\n已报送 #1《a&lt;b&gt;》\nx &amp;&amp; y' });
    expect(escapeHtml('"quotes" stay')).toBe('"quotes" stay');
  });

  it('splits a long reply between lines into messages of at most 4096 characters, keeping every line', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${i}：${'信'.repeat(40)} & <更多>`);
    const messages = renderReply({ title: '标题', lines, buttons: [[{ label: '好', action: 'ok' }]] });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.kind === 'text' && message.html.length).toBeLessThanOrEqual(TEXT_LIMIT);
    const html = messages.map((message) => (message.kind === 'text' ? message.html : '')).join('\n');
    expect(html).toBe(['<b>标题</b>', ...lines.map(escapeHtml)].join('\n'));
    // Buttons go on the last message only.
    expect(messages.slice(0, -1).every((message) => message.markup === undefined)).toBe(true);
    expect(messages.at(-1)?.markup).toEqual({ inline_keyboard: [[{ text: '好', callback_data: 'ok' }]] });
  });

  it('cuts a single over-long line without breaking an escape or a character', () => {
    const line = `${'&'.repeat(5000)}${'😀'.repeat(3000)}`;
    const chunks = htmlChunks({ lines: [line] });
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(TEXT_LIMIT);
      expect(chunk).toMatch(/^(&amp;|😀)+$/u);
    }
    expect(chunks.join('')).toBe(escapeHtml(line));
  });

  it('attaches the reply keyboard only when the reply has no buttons', () => {
    const keyboard = [['📝 报送信息', '📄 我的信息'], ['❓ 帮助']];
    expect(renderReply({ lines: ['好'] }, { keyboard })[0]?.markup).toEqual({
      keyboard: [[{ text: '📝 报送信息' }, { text: '📄 我的信息' }], [{ text: '❓ 帮助' }]],
      resize_keyboard: true,
      is_persistent: true,
    });
    expect(renderReply({ lines: ['选'], buttons: [[{ label: 'A', action: 'f:submit:category:dynamic' }]] }, { keyboard })[0]?.markup).toEqual({
      inline_keyboard: [[{ text: 'A', callback_data: 'f:submit:category:dynamic' }]],
    });
    expect(renderReply({ lines: ['好'] }, { keyboard: [] })[0]?.markup).toBeUndefined();
  });

  it('refuses a button whose action is longer than 64 bytes', () => {
    expect(() => renderReply({ lines: ['x'], buttons: [[{ label: 'x', action: `f:submit:category:${'a'.repeat(47)}` }]] })).toThrow(/64-byte/);
    expect(() => renderReply({ lines: ['x'], buttons: [[{ label: 'x', action: `f:submit:category:${'a'.repeat(46)}` }]] })).not.toThrow();
  });

  it('sends a file as a document, with the text as its caption when it fits', () => {
    const file = { name: '2026-11.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: new Uint8Array([1, 2, 3]) };
    expect(renderReply({ title: '导出', lines: ['2026年11月'], file })).toEqual([
      { kind: 'document', file: { name: file.name, data: file.data }, captionHtml: '<b>导出</b>\n2026年11月' },
    ]);
    // Telegram counts the caption after parsing: the bold title's tags and the escapes do not count.
    const exactly = renderReply({ title: '题', lines: [`${'&'.repeat(10)}${'长'.repeat(1024 - 12)}`], file });
    expect(exactly.map((message) => message.kind)).toEqual(['document']);
    const over = renderReply({ title: '题', lines: [`${'&'.repeat(10)}${'长'.repeat(1024 - 11)}`], file });
    expect(over.map((message) => message.kind)).toEqual(['text', 'document']);
    const long = renderReply({ lines: ['长'.repeat(2000)], file });
    expect(long.map((message) => message.kind)).toEqual(['text', 'document']);
    expect(renderReply({ lines: [], file }).map((message) => message.kind)).toEqual(['document']);
  });

  it('sends nothing for an empty text reply', () => {
    expect(renderReply({ lines: [] })).toEqual([]);
  });

  it('groups attached photos by ten, sends photos it cannot show as photos as documents, and places last', () => {
    const photo = (n: number, mime = 'image/jpeg', size = 10) => ({ name: `p${n}.jpg`, mime, kind: 'photo' as const, data: new Uint8Array(size) });
    const twelve = Array.from({ length: 12 }, (_, n) => photo(n));
    const messages = renderReply({ lines: ['内涝'], files: twelve, locations: [{ latitude: 32.2, longitude: 114.5, text: '📍' }] });
    expect(messages.map((message) => (message.kind === 'group' ? `group:${message.items.length}` : message.kind))).toEqual(['group:10', 'group:2', 'location']);
    expect(messages[0]).toMatchObject({ captionHtml: '内涝' });
    const odd = renderReply({ lines: ['内涝'], files: [photo(1, 'image/heic'), photo(2, 'image/jpeg', 10 * 1024 * 1024 + 1)] });
    expect(odd).toMatchObject([{ kind: 'group', items: [{ kind: 'document' }, { kind: 'document' }], captionHtml: '内涝' }]);
  });
});
