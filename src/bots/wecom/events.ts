/**
 * WeCom's frames as the engine's events (docs/wecom.md, "How it works"): a text message (in a
 * group, what follows the leading @-mention) and a voice message (WeCom sends its words already
 * transcribed) become text events; an image, a file or a video becomes a file event fetched only
 * if accepted (download.ts); a mixed message (text and images) becomes one file event per image,
 * the text as the first one's caption; a template card button press becomes an action event. The
 * frame's msgid is the update id, so a frame delivered twice is answered once.
 */
import type { InboundEvent, InboundFile } from '../../chat/types.ts';
import { textIntent } from '../../chat/engine.ts';
import { typeOfName } from '../fileTypes.ts';
import type { FetchedFile } from '../../domain/attachments/receiveFile.ts';
import type { UpdateSort } from '../intake/intake.ts';
import { downloadWeComFile } from './download.ts';

type Media = { url?: string; aeskey?: string };

/** A message or event frame's body, as the SDK's types give it (dist/types/message.d.ts, event.d.ts). */
export type WeComBody = {
  msgid: string;
  msgtype?: string;
  chatid?: string;
  chattype?: 'single' | 'group';
  from: { userid: string };
  text?: { content?: string };
  voice?: { content?: string };
  image?: Media;
  file?: Media;
  video?: Media;
  mixed?: { msg_item?: { msgtype: string; text?: { content?: string }; image?: Media }[] };
  event?: { eventtype?: string; event_key?: string };
};

/** The words of a text message: in a group the bot is @-mentioned first, and the text is what follows. */
const wordsOf = (content: string) => content.replace(/^@\S+\s*/, '').trim();

/** The chat replies go to: a group's chatid, else (a single chat) the person's userid (the SDK's sendMessage). */
const whoOf = (body: WeComBody) => ({ platform: 'wecom' as const, userId: body.from.userid, chatId: body.chatid ?? body.from.userid });

/** The text a frame carries as a message: a text message's words or a voice message's transcript; undefined for others. */
function spokenText(body: WeComBody): string | undefined {
  if (body.msgtype === 'text' && typeof body.text?.content === 'string') return wordsOf(body.text.content);
  if (body.msgtype === 'voice' && typeof body.voice?.content === 'string') return body.voice.content.trim();
  return undefined;
}

/** The images, file or video a frame carries, with the kind each is kept as. */
function mediaOf(body: WeComBody): { kind: 'photo' | 'document' | 'video'; media: Media }[] {
  if (body.msgtype === 'image' && body.image?.url) return [{ kind: 'photo', media: body.image }];
  if (body.msgtype === 'file' && body.file?.url) return [{ kind: 'document', media: body.file }];
  if (body.msgtype === 'video' && body.video?.url) return [{ kind: 'video', media: body.video }];
  if (body.msgtype === 'mixed') {
    return (body.mixed?.msg_item ?? []).flatMap((item) => (item.msgtype === 'image' && item.image?.url ? [{ kind: 'photo' as const, media: item.image }] : []));
  }
  return [];
}

/** A mixed message's text parts, joined: the caption of its first image. */
const mixedText = (body: WeComBody) =>
  wordsOf(
    (body.mixed?.msg_item ?? [])
      .map((item) => (item.msgtype === 'text' ? (item.text?.content ?? '') : ''))
      .filter((text) => text.trim() !== '')
      .join('\n'),
  );

/** The type a downloaded file is, by the name the download gave: WeCom says it nowhere else. */
function fetcher(kind: 'photo' | 'document' | 'video', media: Media): InboundFile['fetch'] {
  return async (maxBytes: number): Promise<FetchedFile> => {
    const fetched = await downloadWeComFile(media.url as string, media.aeskey, maxBytes);
    const named = fetched.fileName ? typeOfName(fetched.fileName).mime : null;
    const fallback = kind === 'photo' ? 'image/jpeg' : kind === 'video' ? 'video/mp4' : null;
    return { ...fetched, mime: named && named !== 'application/octet-stream' ? named : fallback };
  };
}

/** Who sent a frame, in which chat, and whether it may write: what the intake keeps. */
export function sortOf(body: WeComBody): UpdateSort | undefined {
  if (!body?.from?.userid || !body.msgid) return undefined;
  const { userId, chatId } = whoOf(body);
  const text = spokenText(body);
  if (text !== undefined) return { userId, chatId, intent: textIntent(text) };
  if (mediaOf(body).length > 0 || body.msgtype === 'mixed') return { userId, chatId, intent: 'other' };
  if (body.event?.eventtype === 'template_card_event') return { userId, chatId, intent: 'other' };
  return undefined;
}

/** The engine's events for a frame, in order; none for a frame the engine has nothing to do with. */
export function eventsOf(body: WeComBody): InboundEvent[] {
  if (!body?.from?.userid || !body.msgid) return [];
  const who = whoOf(body);
  if (body.msgtype === 'event' || body.event) {
    if (body.event?.eventtype !== 'template_card_event') return [];
    return [{ kind: 'action', ...who, data: String(body.event.event_key ?? ''), updateId: `event:${body.msgid}` }];
  }
  const text = spokenText(body);
  if (text !== undefined) return [{ kind: 'text', ...who, text, updateId: `msg:${body.msgid}` }];
  const media = mediaOf(body);
  const caption = body.msgtype === 'mixed' ? mixedText(body) : '';
  if (media.length === 0) return caption ? [{ kind: 'text', ...who, text: caption, updateId: `msg:${body.msgid}` }] : [];
  return media.map(({ kind, media: one }, index) => {
    const part = media.length > 1 ? `:${index}` : '';
    const file: InboundFile = {
      kind,
      sourceKey: `wecom:${body.msgid}${part}`,
      size: 0,
      // WeCom names the file only with the download: its type comes from there (fetcher).
      mime: null,
      fileName: null,
      fetch: fetcher(kind, one),
    };
    return { kind: 'file', ...who, file, ...(index === 0 && caption ? { caption } : {}), updateId: `msg:${body.msgid}${part}` };
  });
}
