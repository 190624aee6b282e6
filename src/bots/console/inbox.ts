/**
 * The console's Sender: the outbox dispatcher hands it what the product sends to `console`
 * chats (alerts, notices, chasers, circulars), and the console prints it after the pass. The
 * console is one terminal on the machine that holds the database, so it shows every console
 * chat's messages: the person's own whole, with pressable buttons, and others' (in the demo, every
 * demo person is bound to the console) in brief under the recipient's name.
 */
import type { RenderedMessage, Sender } from '../../domain/notify/sender.ts';

export type Delivered = {
  /** Sent to the chat of the person at this console. */
  own: boolean;
  /** The recipient, for messages to other console chats. */
  to: string;
  message: RenderedMessage;
};

export type ConsoleInbox = {
  sender: Sender;
  /** The messages sent since the last call, in the order they were sent. */
  take(): Delivered[];
};

/**
 * `ownChat` is the chat of the console's own account; `nameOf` names the person bound to another
 * console chat (null when nobody is: the chat id is shown).
 */
export function createConsoleInbox(options: { ownChat: string; nameOf(chatId: string): Promise<string | null> }): ConsoleInbox {
  let waiting: Delivered[] = [];
  const names = new Map<string, string>();
  return {
    sender: {
      platform: 'console',
      async send(chatId, message) {
        const own = chatId === options.ownChat;
        if (!own && !names.has(chatId)) names.set(chatId, (await options.nameOf(chatId)) ?? chatId);
        waiting.push({ own, to: own ? '' : names.get(chatId)!, message });
      },
    },
    take() {
      const taken = waiting;
      waiting = [];
      return taken;
    },
  };
}
