/**
 * Replies as WeCom messages (docs/wecom.md): the title in bold and the lines as one markdown
 * message, each row of buttons as a `button_interaction` template card whose button keys are
 * the engine's action strings. Pure functions; sending is in post.ts.
 */
import { randomUUID } from 'node:crypto';
import type { TemplateCard } from '@wecom/aibot-node-sdk';
import type { Reply } from '../../chat/types.ts';

// Limits from the SDK's types (dist/types/api.d.ts, dist/client.d.ts): markdown content up to
// 20480 bytes, a button key up to 1024 bytes; WeCom's card shows at most 6 buttons.
const MARKDOWN_MAX_BYTES = 20_000;
const TITLE_MAX = 26;
const BUTTON_TEXT_MAX = 10;
const BUTTON_KEY_MAX_BYTES = 1024;
export const CARD_BUTTONS_MAX = 6;

const cut = (text: string, max: number) => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);

function cutBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  for (const char of text) {
    if (Buffer.byteLength(out + char) > max - 3) break;
    out += char;
  }
  return `${out}…`;
}

/** The buttons a reply's cards carry, in order: those whose action fits a card button's key. */
export const sendableButtons = (reply: Reply) => (reply.buttons ?? []).flat().filter((button) => Buffer.byteLength(button.action) <= BUTTON_KEY_MAX_BYTES);

/**
 * The markdown text of a reply (its places as lines), or null when it has nothing to show but
 * files, or only a title over its buttons (the cards show the title).
 */
export function replyMarkdown(reply: Reply): string | null {
  const places = (reply.locations ?? []).map((place) => place.text);
  const body = [...reply.lines, ...places];
  if (body.join('').trim() === '' && sendableButtons(reply).length > 0) return null;
  const lines = [...(reply.title ? [`**${reply.title}**`] : []), ...body];
  if (lines.join('').trim() === '') return null;
  return cutBytes(lines.join('\n'), MARKDOWN_MAX_BYTES);
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
