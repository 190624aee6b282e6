/**
 * The bot's one error handler. A fault while handling an update (the database, the Bot API, a
 * bug) is logged once for the operator — with the bot token masked — and the person gets the
 * catalog's plain sentence, never the error's text.
 */
import type { BotError } from 'grammy';
import type { Update } from 'grammy/types';
import type { ChatEngine } from '../../chat/engine.ts';
import type { Locale } from '../../domain/vocabulary.ts';
import { translator } from '../../i18n/catalog.ts';
import { lookupEvent, originOf } from './events.ts';
import { escapeHtml } from './render.ts';

export type FaultDeps = {
  engine: ChatEngine;
  defaultLocale: Locale;
  token: string;
  log: (line: string) => void;
  /** Whether the update will be handled again (a busy database): then the person is told nothing yet. */
  keepForRetry?: (update: Update, error: unknown) => boolean;
};

export function createFaultHandler(deps: FaultDeps): (error: BotError) => Promise<void> {
  const mask = (text: string) => text.split(deps.token).join('<token>');
  const describe = (error: unknown) => mask(error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error));

  return async ({ error, ctx }) => {
    if (deps.keepForRetry?.(ctx.update, error)) {
      deps.log(`telegram: update ${ctx.update.update_id} waits for the database, handled again shortly: ${mask(String(error))}`);
      return;
    }
    deps.log(`telegram: update ${ctx.update.update_id} failed: ${describe(error)}`);
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
      deps.log(`telegram: could not tell chat ${origin.chatId} about the fault: ${describe(second)}`);
    }
  };
}
