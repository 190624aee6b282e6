/**
 * Posting replies to Slack: each reply as one Block Kit message, its files (if any) uploaded
 * after it in one upload; and the person's direct-message channel with the app, looked up once.
 */
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../chat/types.ts';
import { sendParts, type SendProgress } from '../../domain/notify/sender.ts';
import { replyMessage } from './render.ts';

type WebClient = webApi.WebClient;

/**
 * Posts one reply to a channel (a DM channel id, or a user id which Slack routes to the DM): the
 * message (its places as lines with a map link: Slack has no location message, and its buttons),
 * then its file and attached files together in one `files.uploadV2`, shared to the same channel.
 * With `progress`, a part an earlier attempt sent is not sent again (see `SendProgress`).
 */
export async function postReply(client: WebClient, channel: string, reply: Reply, progress?: SendProgress): Promise<void> {
  const places = (reply.locations ?? []).map((place) => place.text);
  const message = replyMessage(places.length > 0 ? { ...reply, lines: [...reply.lines, ...places] } : reply);
  const files = [...(reply.file ? [reply.file] : []), ...(reply.files ?? [])];
  const parts: (() => Promise<unknown>)[] = [];
  if (message) {
    parts.push(() => client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false }));
  }
  if (files.length > 0) {
    parts.push(() =>
      client.files.uploadV2({
        channel_id: channel,
        file_uploads: files.map((file) => ({ file: Buffer.from(file.data), filename: file.name, title: file.name })),
      }),
    );
  }
  await sendParts(parts, progress);
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
