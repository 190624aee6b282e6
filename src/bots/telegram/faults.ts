/**
 * The bot's one error handler. A fault while handling an update (the database, the Bot API, a
 * bug) is logged once for the operator — with the update and chat it concerns, and the bot token
 * masked — and the person gets the catalog's plain sentence, never the error's text.
 */
import type { BotError } from 'grammy';
import type { Update } from 'grammy/types';
import type { ChatEngine } from '../../chat/engine.ts';
import type { Locale } from '../../domain/vocabulary.ts';
import { translator } from '../../i18n/catalog.ts';
import type { Logger } from '../../observability/logger.ts';
import { lookupEvent, originOf } from './events.ts';
import { escapeHtml } from './render.ts';

export type FaultDeps = {
  engine: ChatEngine;
  defaultLocale: Locale;
  token: string;
  logger: Logger;
  /** Whether the update will be handled again (a busy database): then the person is told nothing yet. */
  keepForRetry?: (update: Update, error: unknown) => boolean;
};

/** An error as a log line's `err` field, with the bot token masked in its message and stack. */
export function maskedError(error: unknown, token: string): { err: { type: string; message: string; stack?: string } } {
  const mask = (text: string) => text.split(token).join('<token>');
  if (!(error instanceof Error)) return { err: { type: typeof error, message: mask(String(error)) } };
  return { err: { type: error.name, message: mask(error.message), ...(error.stack ? { stack: mask(error.stack) } : {}) } };
}

export function createFaultHandler(deps: FaultDeps): (error: BotError) => Promise<void> {
  return async ({ error, ctx }) => {
    // The ids as strings, as every adapter's lines give them (docs/running.md, "Logs").
    const log = deps.logger.child({ platform: 'telegram', updateId: String(ctx.update.update_id), chatId: ctx.chat ? String(ctx.chat.id) : undefined });
    if (deps.keepForRetry?.(ctx.update, error)) {
      log.warn(maskedError(error, deps.token), 'the update waits for the database; handled again shortly');
      return;
    }
    log.error(maskedError(error, deps.token), 'the update failed');
    const origin = originOf(ctx);
    if (!origin || ctx.chat?.type !== 'private') return;
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      const t = await deps.engine
        .contextFor(lookupEvent(origin))
        .then((chat) => chat.t)
        .catch(() => translator(deps.defaultLocale));
      await ctx.api.sendMessage(origin.chatId, escapeHtml(t('fault.generic')), { parse_mode: 'HTML' });
    } catch (second) {
      log.error(maskedError(second, deps.token), 'could not tell the chat about the fault');
    }
  };
}
