/**
 * Photos, documents, videos and locations sent to the bot (docs/attachments.md): each becomes
 * the engine's file event, its caption the command it goes with. The bytes are not downloaded
 * here: the event carries a `fetch` (getFile, then the file path under the API root) that the
 * engine calls only for a file it accepts and does not already keep. Of a photo's sizes, the
 * largest is taken.
 */
import { type Api, Composer, type Context } from 'grammy';
import type { Message } from 'grammy/types';
import type { InboundEvent, InboundFile } from '../../../chat/types.ts';
import { originOf } from '../events.ts';
import { type FeatureDeps, respond } from '../respond.ts';

/** Where files are downloaded from: the Bot API root (TELEGRAM_API_ROOT) and the token. */
export type FileSource = { apiRoot: string; token: string };

type Announced = { file_id: string; file_unique_id: string; file_size?: number };

/** Downloads a file: getFile for its path, then `<root>/file/bot<token>/<path>`. */
function downloader(api: Api, source: FileSource, fileId: string): () => Promise<Uint8Array> {
  return async () => {
    const file = await api.getFile(fileId);
    if (!file.file_path) throw new Error('Telegram gave no file_path for a file to download');
    const response = await fetch(`${source.apiRoot.replace(/\/+$/, '')}/file/bot${source.token}/${file.file_path}`);
    if (!response.ok) throw new Error(`Telegram file download failed: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

/** The file a message carries, as the engine reads it; undefined for a message with none. */
export function inboundFile(message: Message, fetchOf: (fileId: string) => () => Promise<Uint8Array>): InboundFile | undefined {
  const platformFile = (kind: InboundFile['kind'], file: Announced, mime: string | null, fileName: string | null): InboundFile => ({
    kind,
    sourceKey: `telegram:${file.file_unique_id}`,
    size: file.file_size ?? 0,
    mime,
    fileName,
    fetch: fetchOf(file.file_id),
  });
  if (message.photo && message.photo.length > 0) {
    const largest = message.photo.reduce((best, size) => (size.width * size.height >= best.width * best.height ? size : best));
    return platformFile('photo', largest, 'image/jpeg', null);
  }
  if (message.video) return platformFile('video', message.video, message.video.mime_type ?? 'video/mp4', message.video.file_name ?? null);
  if (message.document) return platformFile('document', message.document, message.document.mime_type ?? null, message.document.file_name ?? null);
  if (message.location) {
    return {
      kind: 'location',
      sourceKey: null,
      size: 0,
      mime: null,
      fileName: null,
      latitude: message.location.latitude,
      longitude: message.location.longitude,
    };
  }
  return undefined;
}

/** Whether a message carries something the file feature takes (the intake keeps such updates). */
export const carriesFile = (message: Message): boolean => !!(message.photo?.length || message.video || message.document || message.location);

export function fileMessages(deps: FeatureDeps, source: FileSource): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on(['message:photo', 'message:video', 'message:document', 'message:location'], async (ctx) => {
    const origin = originOf(ctx);
    if (!origin) return;
    const file = inboundFile(ctx.message, (fileId) => downloader(ctx.api, source, fileId));
    if (!file) return;
    const event: Extract<InboundEvent, { kind: 'file' }> = {
      kind: 'file',
      platform: 'telegram',
      userId: String(origin.userId),
      chatId: String(origin.chatId),
      file,
      ...(ctx.message.caption ? { caption: ctx.message.caption } : {}),
      updateId: String(origin.updateId),
    };
    await respond(deps, ctx.api, event);
  });
  return composer;
}
