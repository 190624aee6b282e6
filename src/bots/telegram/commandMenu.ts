/**
 * The command menu (Telegram's "/" list): the default one for people not bound yet, in Chinese
 * and English, and one per chat with the person's own commands in their language, set after
 * they bind or switch language and remembered per chat so it is not set on every message.
 */
import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { ChatContext } from '../../chat/context.ts';
import type { ChatEngine } from '../../chat/engine.ts';
import type { Locale } from '../../domain/vocabulary.ts';
import { translator } from '../../i18n/catalog.ts';
import { errorText, type Logger } from '../../observability/logger.ts';

export type CommandMenus = {
  /** Sets the default menus (scope default): Chinese for everyone, English for English clients. */
  setDefaults(api: Api): Promise<void>;
  /** Sets the chat's menu to what this person may use, in their language, unless it already is. */
  syncChat(api: Api, chatId: number, ctx: ChatContext): Promise<void>;
};

/** Telegram's rule for command names. */
const NAME = /^[a-z0-9_]{1,32}$/;

export function createCommandMenus(engine: ChatEngine, log: Logger): CommandMenus {
  const shown = new Map<number, string>();

  const commandsFor = (ctx: ChatContext): BotCommand[] =>
    engine
      .menuFor(ctx)
      .filter((entry) => NAME.test(entry.command) && entry.description.trim() !== '')
      .map((entry) => ({ command: entry.command, description: entry.description.slice(0, 256) }));

  return {
    async setDefaults(api) {
      const base = await engine.contextFor({ kind: 'text', platform: 'telegram', userId: '', chatId: '', text: '' });
      const unbound = (locale: Locale): ChatContext => ({ ...base, person: null, locale, t: translator(locale) });
      await api.setMyCommands(commandsFor(unbound('zh-CN')), { scope: { type: 'default' } });
      await api.setMyCommands(commandsFor(unbound('en')), { scope: { type: 'default' }, language_code: 'en' });
    },
    async syncChat(api, chatId, ctx) {
      const key = `${ctx.locale}|${ctx.person ? [...ctx.person.roles].sort().join(',') : '-'}`;
      if (shown.get(chatId) === key) return;
      try {
        // No language_code: a chat-scoped menu is this person's, whatever their client's language.
        await api.setMyCommands(commandsFor(ctx), { scope: { type: 'chat', chat_id: chatId } });
        shown.set(chatId, key);
      } catch (error) {
        // The person already has their answer; a stale menu is tried again on their next message.
        log.warn({ chatId: String(chatId), error: errorText(error) }, 'could not set the command menu for a chat');
      }
    },
  };
}
