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
  /** Attached photos, videos and documents, in order (an urgent report's). */
  files?: RenderedFile[];
  /** Places: coordinates for a platform's location message, and `text` (a line with a map link) for one without. */
  locations?: { latitude: number; longitude: number; text: string }[];
};

export type RenderedFile = { name: string; mime: string; kind: 'photo' | 'video' | 'document'; data: Uint8Array };

/**
 * How far earlier attempts at one outbox message got, when a platform sends it in several calls
 * (the text, then a group of photos, then a location): the sender skips the first `partsSent`
 * calls and counts each one it completes, so a retry after a partial failure sends only the rest
 * (docs/urgent.md, "Photos and files with the alert").
 */
export type SendProgress = { partsSent: number };

/** Sends `parts` in order, skipping those `progress` says were sent already and counting each one sent. */
export async function sendParts(parts: (() => Promise<unknown>)[], progress: SendProgress = { partsSent: 0 }): Promise<void> {
  for (const [index, part] of parts.entries()) {
    if (index < progress.partsSent) continue;
    await part();
    progress.partsSent = index + 1;
  }
}

/**
 * Sends a message to a chat outside of a conversation (alerts, reminders, circulars). A send
 * that fails throws; `retryAfterMs` on a SendError asks the dispatcher to wait that long.
 */
export type Sender = {
  platform: string;
  /**
   * Whether this process can send now; false where the platform's one connection is held by
   * another instance or is being re-made (WeCom). The dispatcher then leaves the message for
   * shortly after, as if no adapter for the platform ran here, and counts no failed attempt.
   */
  ready?(): boolean;
  /** `progress`: what earlier attempts at the same message sent (see `SendProgress`); counted on as parts are sent. */
  send(chatId: string, message: RenderedMessage, progress?: SendProgress): Promise<void>;
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
