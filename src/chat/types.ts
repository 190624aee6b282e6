import type { IncomingFile } from '../domain/attachments/receiveFile.ts';
import type { RenderedMessage } from '../domain/notify/sender.ts';

/**
 * The one internal event and reply model under the console, Telegram, Slack and WeCom. Adapters turn
 * platform updates into an InboundEvent and render each Reply in their own format; nothing
 * here knows about a platform's markup.
 */
export type Platform = 'console' | 'telegram' | 'slack' | 'wecom';

export type InboundEvent =
  | { kind: 'text'; platform: Platform; userId: string; chatId: string; text: string; updateId?: string }
  /** A button press; `data` is the button's action string, validated before use. */
  | { kind: 'action'; platform: Platform; userId: string; chatId: string; data: string; updateId?: string }
  /** A whole form sent at once (a Slack modal); values by field name. */
  | { kind: 'form'; platform: Platform; userId: string; chatId: string; formId: string; values: Record<string, string>; updateId?: string }
  /**
   * A photo, document, video or location sent to the bot (docs/attachments.md): what the platform
   * says about it, with a lazy `fetch` the engine calls only once the file is accepted and not
   * already kept; `caption` is the text sent with it (a command, for a one-shot submission).
   */
  | { kind: 'file'; platform: Platform; userId: string; chatId: string; file: InboundFile; caption?: string; updateId?: string };

/** A file as an adapter announces it. */
export type InboundFile = IncomingFile;

/** A reply in the person's language: the same shape a Sender delivers outside a conversation. */
export type Reply = RenderedMessage;

export type Button = NonNullable<Reply['buttons']>[number][number];

/** The reply to a form sent whole: either accepted (with replies) or field errors to show in the form. */
export type FormOutcome = { ok: true; replies: Reply[] } | { ok: false; fieldErrors: Record<string, string> };

export const reply = (lines: string | string[], extra: Omit<Reply, 'lines'> = {}): Reply => ({
  lines: Array.isArray(lines) ? lines : [lines],
  ...extra,
});
