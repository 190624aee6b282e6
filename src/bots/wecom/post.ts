/**
 * Sending replies to a WeCom chat through the SDK's push channel (`aibot_send_msg`): the
 * markdown text, then one template card per six buttons, then each file uploaded as a temporary
 * media (`uploadMedia`) and sent as a file or image message. With `progress`, parts an earlier
 * attempt sent are not sent again (see `SendProgress`).
 */
import type { WSClient } from '@wecom/aibot-node-sdk';
import type { Reply } from '../../chat/types.ts';
import { sendParts, type SendProgress } from '../../domain/notify/sender.ts';
import { replyCards, replyMarkdown } from './render.ts';

/** The part of the SDK's client that sending uses. */
export type WeComClient = Pick<WSClient, 'sendMessage' | 'uploadMedia' | 'sendMediaMessage'>;

export async function postReply(client: WeComClient, chatId: string, reply: Reply, progress?: SendProgress): Promise<void> {
  const parts: (() => Promise<unknown>)[] = [];
  const markdown = replyMarkdown(reply);
  if (markdown !== null) parts.push(() => client.sendMessage(chatId, { msgtype: 'markdown', markdown: { content: markdown } }));
  for (const card of replyCards(reply)) parts.push(() => client.sendMessage(chatId, { msgtype: 'template_card', template_card: card }));
  const files = [...(reply.file ? [{ ...reply.file, kind: 'document' as const }] : []), ...(reply.files ?? [])];
  for (const file of files) {
    const type = file.kind === 'photo' ? 'image' : 'file';
    parts.push(async () => {
      const uploaded = await client.uploadMedia(Buffer.from(file.data), { type, filename: file.name });
      await client.sendMediaMessage(chatId, type, uploaded.media_id);
    });
  }
  await sendParts(parts, progress);
}

export async function postReplies(client: WeComClient, chatId: string, replies: Reply[]): Promise<void> {
  for (const reply of replies) await postReply(client, chatId, reply);
}
