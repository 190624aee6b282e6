/**
 * Posting replies to Slack: each reply as one Block Kit message, its file (if any) uploaded
 * after it; and the person's direct-message channel with the app, looked up once.
 */
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../chat/types.ts';
import { replyMessage } from './render.ts';

type WebClient = webApi.WebClient;

/** Posts one reply to a channel (a DM channel id, or a user id which Slack routes to the DM). */
export async function postReply(client: WebClient, channel: string, reply: Reply): Promise<void> {
  const message = replyMessage(reply);
  if (message) await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
  if (reply.file) {
    await client.files.uploadV2({
      channel_id: channel,
      file: Buffer.from(reply.file.data),
      filename: reply.file.name,
      title: reply.file.name,
    });
  }
}

/** Posts replies in order. */
export async function postReplies(client: WebClient, channel: string, replies: Reply[]): Promise<void> {
  for (const reply of replies) await postReply(client, channel, reply);
}

/** A user's DM channel with the app (conversations.open), remembered for the life of the process. */
export type DmDirectory = (client: WebClient, userId: string) => Promise<string>;

export function createDmDirectory(): DmDirectory {
  const channels = new Map<string, string>();
  return async (client, userId) => {
    const known = channels.get(userId);
    if (known) return known;
    const opened = await client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    channels.set(userId, channel);
    return channel;
  };
}
