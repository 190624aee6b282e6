/**
 * The Slack Sender for the outbox: posts a reply to a person's DM as Block Kit. Slack's
 * answers become SendErrors the dispatcher understands: a rate limit carries its wait, a chat
 * that is gone for good is permanent, anything else is retried with backoff.
 */
import { webApi } from '@slack/bolt';
import { SendError, type Sender } from '../../domain/notify/sender.ts';
import { createDmDirectory, postReply } from './post.ts';

/** Slack errors after which sending to that chat again cannot succeed. */
const GONE = new Set(['channel_not_found', 'account_inactive', 'user_not_found', 'user_disabled', 'is_archived', 'cannot_dm_bot', 'not_in_channel']);

/** A user id (U…, W…) rather than a channel id. */
const isUserId = (chatId: string) => /^[UW][A-Z0-9]+$/.test(chatId);

/**
 * A Sender over a WebClient. The client should reject rate-limited calls and not retry on its
 * own (`rejectRateLimitedCalls: true, retryConfig: { retries: 0 }`): the outbox retries.
 * `chatId` is a Slack user id or a DM channel id.
 */
export function createSlackSender(client: webApi.WebClient): Sender {
  const dmOf = createDmDirectory();
  return {
    platform: 'slack',
    async send(chatId, reply, progress) {
      try {
        const channel = isUserId(chatId) ? await dmOf(client, chatId) : chatId;
        await postReply(client, channel, reply, progress);
      } catch (error) {
        throw toSendError(error);
      }
    },
  };
}

/** Maps a WebClient error to a SendError whose message names only Slack's error code. */
export function toSendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  const coded = error as { code?: unknown; retryAfter?: unknown; data?: { error?: unknown; response_metadata?: { retryAfter?: unknown } } };
  if (coded?.code === webApi.ErrorCode.RateLimitedError) {
    const seconds = typeof coded.retryAfter === 'number' ? coded.retryAfter : undefined;
    return new SendError('slack: ratelimited', seconds === undefined ? undefined : seconds * 1000);
  }
  if (coded?.code === webApi.ErrorCode.PlatformError) {
    const code = String(coded.data?.error ?? 'unknown_error');
    if (code === 'ratelimited') {
      const seconds = coded.data?.response_metadata?.retryAfter;
      return new SendError('slack: ratelimited', typeof seconds === 'number' ? seconds * 1000 : undefined);
    }
    return new SendError(`slack: ${code}`, undefined, GONE.has(code));
  }
  if (coded?.code === webApi.ErrorCode.HTTPError) return new SendError('slack: http error');
  if (coded?.code === webApi.ErrorCode.RequestError) return new SendError('slack: request failed');
  return new SendError('slack: send failed');
}
