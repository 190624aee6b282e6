/**
 * Sending replies to a Telegram chat: `deliverReply` (used by the bot inside a conversation)
 * and `createTelegramSender` (the outbox's Sender for messages outside one), which turns
 * Telegram's refusals into SendError: wait and retry (429), or give up for good (blocked, gone).
 */
import { GrammyError, HttpError, InputFile, type Api } from 'grammy';
import { SendError, sendParts, type Sender, type SendProgress } from '../../domain/notify/sender.ts';
import type { Reply } from '../../chat/types.ts';
import { renderReply, type RenderOptions, type TelegramMessage } from './render.ts';

/** One Telegram call for one rendered message. */
function sendOne(api: Api, chatId: number | string, message: TelegramMessage): Promise<unknown> {
  const markup = message.markup ? { reply_markup: message.markup } : {};
  const caption = 'captionHtml' in message && message.captionHtml !== undefined ? { caption: message.captionHtml, parse_mode: 'HTML' as const } : {};
  switch (message.kind) {
    case 'text':
      return api.sendMessage(chatId, message.html, { parse_mode: 'HTML', ...markup });
    case 'document':
      return api.sendDocument(chatId, new InputFile(message.file.data, message.file.name), { ...caption, ...markup });
    case 'photo':
      return api.sendPhoto(chatId, new InputFile(message.file.data, message.file.name), { ...caption, ...markup });
    case 'video':
      return api.sendVideo(chatId, new InputFile(message.file.data, message.file.name), { ...caption, ...markup });
    case 'location':
      return api.sendLocation(chatId, message.latitude, message.longitude, markup);
    case 'group':
      // The caption of a media group is its first item's.
      return api.sendMediaGroup(
        chatId,
        message.items.map((item, index) => ({
          type: item.kind,
          media: new InputFile(item.file.data, item.file.name),
          ...(index === 0 ? caption : {}),
        })) as Parameters<Api['sendMediaGroup']>[1],
      );
  }
}

/**
 * Sends one reply as one or more Telegram messages, in order. With `progress`, the messages an
 * earlier attempt sent are skipped and each one sent is counted (see `SendProgress`).
 */
export async function deliverReply(api: Api, chatId: number | string, reply: Reply, options: RenderOptions = {}, progress?: SendProgress): Promise<void> {
  // Stored chat ids are strings; Telegram's are integers (up to 52 bits, safe as numbers).
  if (typeof chatId === 'string' && /^-?\d+$/.test(chatId)) chatId = Number(chatId);
  const chat = chatId;
  await sendParts(
    renderReply(reply, options).map((message) => () => sendOne(api, chat, message)),
    progress,
  );
}

/** Telegram's answers that mean the chat will never take a message again. */
const GONE = /chat not found|user is deactivated|bot was blocked|bot was kicked|PEER_ID_INVALID/i;

/** A SendError for a failed call: retryAfterMs for 429, permanent for a blocked or missing chat. */
export function toSendError(error: GrammyError | HttpError): SendError {
  if (error instanceof HttpError) return new SendError('telegram: the Bot API could not be reached');
  const what = `telegram ${error.method}: ${error.error_code} ${error.description}`;
  if (error.error_code === 429) return new SendError(what, (error.parameters.retry_after ?? 1) * 1000);
  if (error.error_code === 403 || (error.error_code === 400 && GONE.test(error.description))) return new SendError(what, undefined, true);
  return new SendError(what);
}

/** The Sender for Telegram chats, on an Api that already has the bot's pacing and retries. */
export function createTelegramSender(api: Api): Sender {
  return {
    platform: 'telegram',
    async send(chatId, reply, progress) {
      try {
        await deliverReply(api, chatId, reply, {}, progress);
      } catch (error) {
        // Anything else (a reply that cannot be rendered) is a fault, not a refusal: thrown as is.
        throw error instanceof GrammyError || error instanceof HttpError ? toSendError(error) : error;
      }
    },
  };
}
