import type { Platform, Reply } from './types.ts';

/**
 * Sends a message to a chat outside of a conversation (alerts, reminders, circulars). Each
 * adapter provides one; the outbox dispatcher picks the one for the identity's platform.
 * A send that fails throws; `retryAfterMs` on the error asks the dispatcher to wait that long.
 */
export type Sender = {
  platform: Platform;
  send(chatId: string, reply: Reply): Promise<void>;
};

export class SendError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    /** The chat is gone for good (blocked the bot, deleted): do not retry. */
    readonly permanent = false,
  ) {
    super(message);
  }
}
