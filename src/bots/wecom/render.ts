/**
 * Replies as WeCom messages (docs/wecom.md): the title in bold and the lines as markdown
 * messages of at most 20,000 bytes, each row of buttons as a `button_interaction` template card whose button keys are
 * the engine's action strings. Pure functions; sending is in post.ts.
 */
import { randomUUID } from 'node:crypto';
import type { TemplateCard } from '@wecom/aibot-node-sdk';
import type { Reply } from '../../chat/types.ts';
import { piecesOf } from '../pieces.ts';

// Limits from the SDK's types (dist/types/api.d.ts, dist/client.d.ts): markdown content up to
// 20480 bytes, a button key up to 1024 bytes; WeCom's card shows at most 6 buttons.
const MARKDOWN_MAX_BYTES = 20_000;
const TITLE_MAX = 26;
const BUTTON_TEXT_MAX = 10;
const BUTTON_KEY_MAX_BYTES = 1024;
export const CARD_BUTTONS_MAX = 6;

const cut = (text: string, max: number) => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);

/** The buttons a reply's cards carry, in order: those whose action fits a card button's key. */
export const sendableButtons = (reply: Reply) => (reply.buttons ?? []).flat().filter((button) => Buffer.byteLength(button.action) <= BUTTON_KEY_MAX_BYTES);

/**
 * The markdown messages of a reply, each a group of its lines (the title in bold first, its
 * places last) of at most 20,000 bytes, split between lines and a longer line in pieces, so every
 * line arrives; none when it has nothing to show but files, or only a title over its buttons
 * (the cards show the title).
 */
export function markdownMessages(reply: Reply): string[][] {
  const places = (reply.locations ?? []).map((place) => place.text);
  const body = [...reply.lines, ...places];
  if (body.join('').trim() === '' && sendableButtons(reply).length > 0) return [];
  const lines = [...(reply.title ? [`**${reply.title}**`] : []), ...body];
  if (lines.join('').trim() === '') return [];
  const groups: string[][] = [];
  let group: string[] = [];
  let bytes = 0;
  for (const piece of lines.flatMap((line) => piecesOf(line, MARKDOWN_MAX_BYTES, (char) => Buffer.byteLength(char)))) {
    // Each line after the first in a group costs its newline too.
    const size = Buffer.byteLength(piece) + (group.length > 0 ? 1 : 0);
    if (group.length > 0 && bytes + size > MARKDOWN_MAX_BYTES) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(piece);
    bytes += Buffer.byteLength(piece) + (group.length > 1 ? 1 : 0);
  }
  groups.push(group);
  return groups;
}

/** The template cards carrying a reply's buttons: at most six buttons a card, in order. */
export function replyCards(reply: Reply): TemplateCard[] {
  const buttons = sendableButtons(reply);
  const title = cut(reply.title ?? reply.lines.find((line) => line.trim() !== '') ?? '…', TITLE_MAX);
  const cards: TemplateCard[] = [];
  for (let i = 0; i < buttons.length; i += CARD_BUTTONS_MAX) {
    cards.push({
      card_type: 'button_interaction',
      main_title: { title },
      button_list: buttons.slice(i, i + CARD_BUTTONS_MAX).map((button) => ({ text: cut(button.label, BUTTON_TEXT_MAX), key: button.action })),
      // Unique per bot, letters, digits and _-@ only (the SDK's TemplateCard.task_id).
      task_id: `xb-${randomUUID()}`,
    });
  }
  return cards;
}
