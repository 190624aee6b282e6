import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, homeView, replyBlocks, replyMessage, unescapeSlack } from '../../../src/bots/slack/render.ts';

describe('Block Kit rendering', () => {
  it('escapes &, < and > in lines and undoes Slack’s escaping of typed text', () => {
    expect(escapeMrkdwn('a < b & c > d <@U1>')).toBe('a &lt; b &amp; c &gt; d &lt;@U1&gt;');
    expect(unescapeSlack('a &lt; b &amp;lt; c &gt;')).toBe('a < b &lt; c >');
  });

  it('keeps every section within 3000 characters and every header within 150', () => {
    const blocks = replyBlocks([{ title: '题'.repeat(200), lines: ['一'.repeat(2500), '二'.repeat(2500), '三'.repeat(7000)] }]);
    expect(blocks[0]).toMatchObject({ type: 'header' });
    expect([...(blocks[0] as { text: { text: string } }).text.text]).toHaveLength(150);
    const sections = blocks.filter((block) => block.type === 'section') as { text: { text: string } }[];
    expect(sections.every((section) => section.text.text.length <= 3000)).toBe(true);
    expect(
      sections
        .map((section) => section.text.text)
        .join('')
        .replace(/\n/g, ''),
    ).toHaveLength(12000);
  });

  it('gives buttons unique action_ids across replies, valued with the action string', () => {
    const blocks = replyBlocks([
      {
        lines: ['a'],
        buttons: [
          [
            { label: 'A', action: 'f:submit:category:dynamic' },
            { label: 'B', action: 'b' },
          ],
        ],
      },
      { lines: ['b'], buttons: [[{ label: 'C', action: 'c' }]] },
    ]);
    const elements = blocks.flatMap((block) => (block.type === 'actions' ? block.elements : [])) as { action_id: string; value: string }[];
    expect(elements.map((e) => [e.action_id, e.value])).toEqual([
      ['xb:0', 'f:submit:category:dynamic'],
      ['xb:1', 'b'],
      ['xb:2', 'c'],
    ]);
  });

  it('has nothing to post for a file-only reply, and a home view ends with the hint', () => {
    expect(replyMessage({ lines: [], file: { name: 'a.xlsx', mime: 'x', data: new Uint8Array() } })).toBeNull();
    const view = homeView([{ lines: ['x'] }], 'use /xinbao');
    expect(view.type).toBe('home');
    expect(view.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'use /xinbao' }] });
  });
});
