/**
 * Renders the engine's Reply in Telegram's terms: HTML text (title in bold, lines joined with
 * newlines) split under Telegram's 4096-character limit, buttons as an inline keyboard, the
 * person's main actions as a reply keyboard, a file as a document, and attached photos, videos,
 * documents and places as Telegram sends them (docs/urgent.md, "Photos and files with the alert").
 * Pure: no API calls.
 */
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'grammy/types';
import type { Button, Reply } from '../../chat/types.ts';
import { piecesOf } from '../pieces.ts';

/** Telegram's limit on a message's text. */
export const TEXT_LIMIT = 4096;
/** Telegram's limit on a document's caption. */
export const CAPTION_LIMIT = 1024;
/** How many photos and videos (or documents) one media group may hold. */
export const GROUP_LIMIT = 10;
/** The largest photo Telegram takes as a photo; a larger one goes as a document. */
export const PHOTO_BYTES = 10 * 1024 * 1024;
/** Telegram's limit on callback_data, in bytes. */
export const CALLBACK_DATA_LIMIT = 64;

export type Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup;

/** One Telegram message to send, in order. */
export type TelegramMessage =
  | { kind: 'text'; html: string; markup?: Markup }
  | { kind: 'document' | 'photo' | 'video'; file: { name: string; data: Uint8Array }; captionHtml?: string; markup?: Markup }
  /** sendMediaGroup: 2–10 photos and videos together, or 2–10 documents; it takes no buttons. */
  | { kind: 'group'; items: { kind: 'document' | 'photo' | 'video'; file: { name: string; data: Uint8Array } }[]; captionHtml?: string; markup?: undefined }
  | { kind: 'location'; latitude: number; longitude: number; markup?: Markup };

type FileMessage = Extract<TelegramMessage, { kind: 'document' | 'photo' | 'video' | 'group' }>;

type Attached = { kind: 'document' | 'photo' | 'video'; file: { name: string; data: Uint8Array } };

/** How Telegram is to show a file: a photo it cannot show as one (too big, another format) goes as a document, as does a video not in MP4. */
function telegramKind(file: { kind: string; mime: string; data: Uint8Array }): Attached['kind'] {
  if (file.kind === 'photo' && /^image\/(jpeg|png|webp)$/.test(file.mime) && file.data.byteLength <= PHOTO_BYTES) return 'photo';
  if (file.kind === 'video' && file.mime === 'video/mp4') return 'video';
  return 'document';
}

/** The calls that send the files: photos and videos grouped by ten, then documents by ten; a group of one is a single send. */
function fileMessages(files: Attached[]): FileMessage[] {
  const out: FileMessage[] = [];
  for (const kinds of [['photo', 'video'], ['document']]) {
    const these = files.filter((file) => kinds.includes(file.kind));
    for (let i = 0; i < these.length; i += GROUP_LIMIT) {
      const items = these.slice(i, i + GROUP_LIMIT);
      out.push(items.length === 1 ? { kind: items[0]!.kind, file: items[0]!.file } : { kind: 'group', items });
    }
  }
  return out;
}

export type RenderOptions = {
  /** The person's reply keyboard (rows of labels), attached when the reply has no buttons. */
  keyboard?: string[][];
  /** For tests: a smaller text limit. */
  limit?: number;
};

/** Escapes the three characters Telegram's HTML parse mode reserves. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The length Telegram counts against its limits: the text after its HTML is parsed (tags gone,
 * the three escapes one character each), in UTF-16 code units.
 */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(?:amp|lt|gt);/g, '&').length;
}

/** Buttons as an inline keyboard; an action longer than callback_data allows is a programming error. */
export function inlineKeyboard(rows: Button[][]): InlineKeyboardMarkup {
  return {
    inline_keyboard: rows.map((row) =>
      row.map((button) => {
        if (Buffer.byteLength(button.action, 'utf8') > CALLBACK_DATA_LIMIT) {
          throw new Error(`button action "${button.action}" is longer than Telegram's ${CALLBACK_DATA_LIMIT}-byte callback_data`);
        }
        return { text: button.label, callback_data: button.action };
      }),
    ),
  };
}

/** The main actions as a persistent, compact reply keyboard; undefined when there are none. */
export function replyKeyboard(rows: string[][]): ReplyKeyboardMarkup | undefined {
  const kept = rows.filter((row) => row.length > 0);
  if (kept.length === 0) return undefined;
  return { keyboard: kept.map((row) => row.map((text) => ({ text }))), resize_keyboard: true, is_persistent: true };
}

/** Cuts one over-long line into pieces whose escaped length fits `limit`, never inside a character. */
const cutLine = (line: string, limit: number): string[] => piecesOf(line, limit, (char) => escapeHtml(char).length).map(escapeHtml);

/** The reply's text as HTML chunks, each at most `limit` characters, split between lines where possible. */
export function htmlChunks(reply: Reply, limit = TEXT_LIMIT): string[] {
  const blocks = [...(reply.title ? [{ text: reply.title, bold: true }] : []), ...reply.lines.map((text) => ({ text, bold: false }))];
  const chunks: string[] = [];
  let current: string | null = null;
  for (const block of blocks) {
    const wrap = (html: string) => (block.bold ? `<b>${html}</b>` : html);
    const whole = wrap(escapeHtml(block.text));
    const pieces = whole.length <= limit ? [whole] : cutLine(block.text, block.bold ? limit - '<b></b>'.length : limit).map(wrap);
    for (const piece of pieces) {
      if (current !== null && current.length + 1 + piece.length <= limit) {
        current += `\n${piece}`;
        continue;
      }
      if (current !== null) chunks.push(current);
      current = piece;
    }
  }
  if (current !== null) chunks.push(current);
  return chunks.filter((chunk) => chunk.trim() !== '' && chunk !== '<b></b>');
}

/**
 * The messages for one reply, in order. Its file and attached files go as photos, videos and
 * documents (2–10 at once as a media group); the text is the caption of the first when it fits
 * Telegram's 1024 characters and the buttons can go with it (a media group takes none), else it
 * is sent first as text. Then its places, one location each. Inline buttons go on the text (or
 * the captioned file), else on the last message that can carry them; without buttons, the reply
 * keyboard does.
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): TelegramMessage[] {
  const chunks = htmlChunks(reply, options.limit ?? TEXT_LIMIT);
  const markup: Markup | undefined = reply.buttons?.some((row) => row.length > 0) ? inlineKeyboard(reply.buttons) : replyKeyboard(options.keyboard ?? []);
  const attached: Attached[] = [
    ...(reply.file ? [{ kind: 'document' as const, file: { name: reply.file.name, data: reply.file.data } }] : []),
    ...(reply.files ?? []).map((file) => ({ kind: telegramKind(file), file: { name: file.name, data: file.data } })),
  ];
  const files = fileMessages(attached);
  const first = files[0];
  const captioned = first && chunks.length === 1 && visibleLength(chunks[0]!) <= CAPTION_LIMIT && (!markup || first.kind !== 'group');
  const messages: TelegramMessage[] = [];
  if (captioned) {
    first.captionHtml = chunks[0]!;
    if (markup && first.kind !== 'group') first.markup = markup;
  } else {
    for (const html of chunks) messages.push({ kind: 'text', html });
  }
  const text = messages[messages.length - 1];
  messages.push(...files);
  for (const place of reply.locations ?? []) messages.push({ kind: 'location', latitude: place.latitude, longitude: place.longitude });
  if (!captioned && markup) {
    const carrier = text ?? messages.findLast((message) => message.kind !== 'group');
    if (carrier) carrier.markup = markup;
  }
  return messages;
}
