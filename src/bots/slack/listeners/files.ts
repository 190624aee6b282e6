/**
 * Files shared in the DM with the app (a `file_share` message; docs/attachments.md): each file
 * becomes the engine's file event, the message's text the caption of the first (a command, for a
 * one-shot submission). The bytes are downloaded (url_private_download, with the bot token) only
 * when the engine accepts the file and does not keep it already. Slack has no location messages.
 */
import type { App } from '@slack/bolt';
import type { InboundEvent, InboundFile } from '../../../chat/types.ts';
import { postReplies } from '../post.ts';
import { unescapeSlack } from '../render.ts';
import type { ListenerDeps } from './deps.ts';

/** A file as a `file_share` message carries it (the fields read here). */
export type SharedFile = { id: string; name?: string; mimetype?: string; size?: number; url_private_download?: string; url_private?: string };

/** Downloads a shared file with the bot token (a private Slack URL needs it). */
function downloader(url: string, botToken: string): () => Promise<Uint8Array> {
  return async () => {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${botToken}` } });
    if (!response.ok) throw new Error(`Slack file download failed: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

/** The file as the engine reads it: a photo or video by its type, anything else a document. */
export function inboundFile(file: SharedFile, botToken: string): InboundFile | undefined {
  const url = file.url_private_download ?? file.url_private;
  if (!url) return undefined;
  const mime = file.mimetype ?? null;
  const kind = mime?.startsWith('image/') ? 'photo' : mime?.startsWith('video/') ? 'video' : 'document';
  return { kind, sourceKey: `slack:${file.id}`, size: file.size ?? 0, mime, fileName: file.name ?? null, fetch: downloader(url, botToken) };
}

export function register(app: App, deps: ListenerDeps & { botToken: string }): void {
  app.event('message', async ({ event, body, client }) => {
    if (event.subtype !== 'file_share' || event.channel_type !== 'im' || !('files' in event) || !event.files) return;
    const files = (event.files as SharedFile[]).map((file) => inboundFile(file, deps.botToken));
    for (const [i, file] of files.entries()) {
      if (!file) continue;
      const caption = i === 0 && event.text ? unescapeSlack(event.text) : undefined;
      const inbound: InboundEvent = {
        kind: 'file',
        platform: 'slack',
        userId: event.user!,
        chatId: event.channel,
        file,
        ...(caption ? { caption } : {}),
        updateId: `event:${body.event_id}:${i}`,
      };
      await postReplies(client, event.channel, await deps.engine.handle(inbound));
    }
  });
}
