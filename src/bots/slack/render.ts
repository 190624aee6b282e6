/**
 * Replies as Block Kit: the title as a header, the lines as mrkdwn sections (escaped), each
 * row of buttons as an actions block whose buttons carry the action string as their value.
 * Pure functions; posting is in post.ts.
 */
import type { types } from '@slack/bolt';
import type { Reply } from '../../chat/types.ts';

type KnownBlock = types.KnownBlock;
type Button = types.Button;

/** Every button's action_id starts with this; the actions listener matches it. */
export const BUTTON_PREFIX = 'xb:';

// Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks).
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const BUTTON_LABEL_MAX = 75;
const BUTTON_VALUE_MAX = 2000;
const ACTIONS_MAX = 25;
const MESSAGE_BLOCKS_MAX = 50;
const HOME_BLOCKS_MAX = 100;
const FALLBACK_TEXT_MAX = 3000;

/** Escapes the three characters Slack's mrkdwn treats as markup: &, < and >. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Undoes Slack's escaping of &, < and > in text a person typed. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const cut = (text: string, max: number) => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);

/** Splits lines into texts of at most `max` characters, breaking between lines where it can. */
function chunks(lines: string[], max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines) {
    const pieces = line.length <= max ? [line] : (line.match(new RegExp(`[\\s\\S]{1,${max}}`, 'g')) ?? []);
    for (const piece of pieces) {
      if (current === '') current = piece;
      else if (current.length + 1 + piece.length <= max) current += `\n${piece}`;
      else {
        out.push(current);
        current = piece;
      }
    }
  }
  if (current.trim() !== '') out.push(current);
  return out;
}

/**
 * The blocks of one or more replies. Button action_ids are `xb:0`, `xb:1`, … across all of
 * them, so they stay unique within a message or a view.
 */
export function replyBlocks(replies: Reply[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let index = 0;
  replies.forEach((reply, n) => {
    if (n > 0) blocks.push({ type: 'divider' });
    if (reply.title) blocks.push({ type: 'header', text: { type: 'plain_text', text: cut(reply.title, HEADER_MAX), emoji: true } });
    for (const text of chunks(reply.lines.map(escapeMrkdwn), SECTION_MAX)) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    }
    for (const row of reply.buttons ?? []) {
      const elements: Button[] = row.map((button) => ({
        type: 'button',
        text: { type: 'plain_text', text: cut(button.label, BUTTON_LABEL_MAX), emoji: true },
        action_id: `${BUTTON_PREFIX}${index++}`,
        value: button.action.slice(0, BUTTON_VALUE_MAX),
      }));
      for (let i = 0; i < elements.length; i += ACTIONS_MAX) blocks.push({ type: 'actions', elements: elements.slice(i, i + ACTIONS_MAX) });
    }
  });
  return blocks;
}

/** The plain fallback text of a reply (notifications, screen readers). */
export function replyText(reply: Reply): string {
  const parts = [...(reply.title ? [reply.title] : []), ...reply.lines];
  return cut(escapeMrkdwn(parts.join('\n')), FALLBACK_TEXT_MAX);
}

/** A message for chat.postMessage: fallback text and blocks; null when the reply has nothing to show but a file. */
export function replyMessage(reply: Reply): { text: string; blocks: KnownBlock[] } | null {
  const blocks = replyBlocks([reply]).slice(0, MESSAGE_BLOCKS_MAX);
  if (blocks.length === 0) return null;
  return { text: replyText(reply) || ' ', blocks };
}

/** The App Home tab: the replies one under the other, with a closing hint in small print. */
export function homeView(replies: Reply[], hint: string): types.HomeView {
  const blocks = replyBlocks(replies).slice(0, HOME_BLOCKS_MAX - 2);
  blocks.push({ type: 'divider' }, { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(hint) }] });
  return { type: 'home', blocks };
}
