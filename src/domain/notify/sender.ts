/**
 * The port through which queued messages leave: each chat adapter provides a Sender for its
 * platform, and the outbox dispatcher picks the one for the recipient's identity.
 */

/** A message rendered in one language, ready for a chat; each adapter draws it in its own markup. */
export type RenderedMessage = {
  /** Shown emphasised (bold) above the lines. */
  title?: string;
  lines: string[];
  /** Rows of buttons; `action` is the string the press sends back. */
  buttons?: { label: string; action: string }[][];
  /** A file to send with the message (a spreadsheet, a chart). */
  file?: { name: string; mime: string; data: Uint8Array };
};

/**
 * Sends a message to a chat outside of a conversation (alerts, reminders, circulars). A send
 * that fails throws; `retryAfterMs` on a SendError asks the dispatcher to wait that long.
 */
export type Sender = {
  platform: string;
  send(chatId: string, message: RenderedMessage): Promise<void>;
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
