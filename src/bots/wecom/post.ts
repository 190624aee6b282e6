/**
 * Sending replies to a WeCom chat through the SDK's push channel (`aibot_send_msg`): the
 * markdown text, then one template card per six buttons, then each file uploaded as a temporary
 * media (`uploadMedia`) and sent as a file or image message. With `progress`, parts an earlier
 * attempt sent are not sent again (see `SendProgress`).
 */
import type { WSClient } from '@wecom/aibot-node-sdk';
import type { Reply } from '../../chat/types.ts';
import { sendParts, type SendProgress } from '../../domain/notify/sender.ts';
import { CARD_BUTTONS_MAX, replyCards, markdownMessages, sendableButtons } from './render.ts';

/** The part of the SDK's client that sending uses. */
export type WeComClient = Pick<WSClient, 'sendMessage' | 'uploadMedia' | 'sendMediaMessage'>;

/** A reply's files in the order they are sent: its one file (an export) first, then its attachments. */
const filesOf = (reply: Reply) => [...(reply.file ? [{ ...reply.file, kind: 'document' as const }] : []), ...(reply.files ?? [])];

export async function postReply(client: WeComClient, chatId: string, reply: Reply, progress?: SendProgress): Promise<void> {
  const parts: (() => Promise<unknown>)[] = [];
  for (const group of markdownMessages(reply)) {
    parts.push(() => client.sendMessage(chatId, { msgtype: 'markdown', markdown: { content: group.join('\n') } }));
  }
  for (const card of replyCards(reply)) parts.push(() => client.sendMessage(chatId, { msgtype: 'template_card', template_card: card }));
  for (const file of filesOf(reply)) {
    const type = file.kind === 'photo' ? 'image' : 'file';
    parts.push(async () => {
      const uploaded = await client.uploadMedia(Buffer.from(file.data), { type, filename: file.name });
      await client.sendMediaMessage(chatId, type, uploaded.media_id);
    });
  }
  await sendParts(parts, progress);
}

/**
 * What of `reply` is still to send once its first `partsSent` parts went (the parts as
 * `postReply` sends them: the markdown messages, the cards, the files); null when all went.
 * Nothing sent is sent again: cards left over after all the text take the reply's title.
 */
export function unsentRest(reply: Reply, partsSent: number): Reply | null {
  const text = markdownMessages(reply);
  const buttons = sendableButtons(reply);
  const cards = Math.ceil(buttons.length / CARD_BUTTONS_MAX);
  const files = filesOf(reply);
  if (partsSent >= text.length + cards + files.length) return null;
  if (partsSent === 0) return reply;
  // Markdown messages not yet sent go as plain lines (the title, in the first, went).
  const linesLeft = text.slice(partsSent).flat();
  const cardsSent = Math.min(Math.max(partsSent - text.length, 0), cards);
  const filesSent = Math.max(partsSent - text.length - cards, 0);
  const buttonsLeft = buttons.slice(cardsSent * CARD_BUTTONS_MAX);
  const filesLeft = files.slice(filesSent);
  const single = filesLeft.length > 0 && reply.file && filesSent === 0 ? { file: reply.file } : {};
  const attached = filesLeft.slice(Object.keys(single).length).map(({ name, mime, kind, data }) => ({ name, mime, kind, data }));
  return {
    lines: linesLeft,
    ...(buttonsLeft.length > 0 ? { ...(reply.title && linesLeft.length === 0 ? { title: reply.title } : {}), buttons: [buttonsLeft] } : {}),
    ...single,
    ...(attached.length > 0 ? { files: attached } : {}),
  };
}
