/**
 * Sending replies to a Telegram chat: `deliverReply` (used by the bot inside a conversation)
 * and `createTelegramSender` (the outbox's Sender for messages outside one), which turns
 * Telegram's refusals into SendError: wait and retry (429), or give up for good (blocked, gone).
 */
import { GrammyError, HttpError, InputFile, type Api } from 'grammy';
import { SendError, type Sender } from '../../domain/notify/sender.ts';
import type { Reply } from '../../chat/types.ts';
import { renderReply, type RenderOptions } from './render.ts';

/** Sends one reply as one or more Telegram messages, in order. */
export async function deliverReply(api: Api, chatId: number | string, reply: Reply, options: RenderOptions = {}): Promise<void> {
  // Stored chat ids are strings; Telegram's are integers (up to 52 bits, safe as numbers).
  if (typeof chatId === 'string' && /^-?\d+$/.test(chatId)) chatId = Number(chatId);
  for (const message of renderReply(reply, options)) {
    const markup = message.markup ? { reply_markup: message.markup } : {};
    if (message.kind === 'text') {
      await api.sendMessage(chatId, message.html, { parse_mode: 'HTML', ...markup });
    } else {
      const caption = message.captionHtml !== undefined ? { caption: message.captionHtml, parse_mode: 'HTML' as const } : {};
      await api.sendDocument(chatId, new InputFile(message.file.data, message.file.name), { ...caption, ...markup });
    }
  }
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
    async send(chatId, reply) {
      try {
        await deliverReply(api, chatId, reply);
      } catch (error) {
        // Anything else (a reply that cannot be rendered) is a fault, not a refusal: thrown as is.
        throw error instanceof GrammyError || error instanceof HttpError ? toSendError(error) : error;
      }
    },
  };
}
