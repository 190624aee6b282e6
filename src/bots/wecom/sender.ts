/**
 * The WeCom Sender for the outbox: pushes a message to a person's chat (their WeCom userid)
 * through the connection this instance holds. WeCom's SDK documents no rate limit, so sends to
 * one chat are paced by a conservative default of 20 a minute (docs/wecom.md, "Limits"); a
 * send over it, or while not connected, is a SendError the dispatcher retries after the wait; a
 * chat WeCom says is gone is a permanent one.
 */
import { SendError, type Sender } from '../../domain/notify/sender.ts';
import { postReply, type WeComClient } from './post.ts';

export const WECOM_PER_CHAT = { messages: 20, perMs: 60_000 };

/**
 * WeCom's global error codes that say the chat is gone for good: 60111 (the userid does not
 * exist: the member left) and 86001 (the chat id is not valid). Every other code is retried.
 */
const GONE_FOR_GOOD = new Set([60111, 86001]);

export function createWeComSender(client: () => WeComClient | undefined, now: () => number = Date.now, pace = WECOM_PER_CHAT): Sender {
  const sentAt = new Map<string, number[]>();
  return {
    platform: 'wecom',
    // Only the instance holding the connection can push (docs/wecom.md, "Two instances").
    ready: () => client() !== undefined,
    async send(chatId, message, progress) {
      const current = client();
      if (!current) throw new SendError('wecom: not connected');
      const recent = (sentAt.get(chatId) ?? []).filter((at) => at > now() - pace.perMs);
      if (recent.length >= pace.messages) {
        sentAt.set(chatId, recent);
        throw new SendError('wecom: paced', (recent[0] as number) + pace.perMs - now());
      }
      recent.push(now());
      sentAt.set(chatId, recent);
      try {
        await postReply(current, chatId, message, progress);
      } catch (error) {
        const code = (error as { errcode?: unknown }).errcode;
        if (typeof code !== 'number') throw new SendError('wecom: send failed');
        throw new SendError(`wecom: errcode ${code}`, undefined, GONE_FOR_GOOD.has(code));
      }
    },
  };
}
