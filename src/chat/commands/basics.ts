import { addDaysToKey, isoWeekdayOfKey, localDateKey } from '../../domain/time/index.ts';
import type { Params } from '../../i18n/catalog.ts';
import { reply } from '../types.ts';
import { type ChatContext, hasAnyRole } from '../context.ts';
import { type AnyoneCommand, type CommandSpec, defineCommand } from './command.ts';

/** The dates in the help's examples, from today: leave next Monday to Friday, a due date a week ahead. */
export function helpExamples(ctx: ChatContext): Params {
  const today = localDateKey(ctx.deps.clock.now(), ctx.deps.timezone);
  const monday = addDaysToKey(today, 8 - isoWeekdayOfKey(today));
  return { from: monday, to: addDaysToKey(monday, 4), due: addDaysToKey(today, 7) };
}

/** /help — the commands this person may use. */
export function helpCommand(all: () => readonly CommandSpec[]): AnyoneCommand {
  return defineCommand({
    name: 'help',
    readOnly: true,
    who: 'anyone',
    help: 'cmd.help',
    keepsForm: true,
    async run(ctx) {
      if (!ctx.person) return [reply([ctx.t('help.unbound'), ctx.t('cmd.start'), ctx.t('cmd.lang')], { title: ctx.t('help.title') })];
      const usable = all().filter((command) => command.who === 'anyone' || command.who === 'bound' || hasAnyRole(ctx.person, command.who));
      const examples = helpExamples(ctx);
      return [reply([ctx.t('help.intro'), ...usable.map((command) => ctx.t(command.help, examples))], { title: ctx.t('help.title') })];
    },
  });
}

/** /cancel — stops the guided form in progress. */
export const cancel = defineCommand({
  name: 'cancel',
  who: 'anyone',
  help: 'cmd.cancel',
  keepsForm: true,
  async run(ctx) {
    const key = `${ctx.event.chatId}|${ctx.event.userId}`;
    const state = await ctx.deps.store.conversations.get(ctx.event.platform, key);
    if (!state) return [reply(ctx.t('cancel.nothing'))];
    await ctx.deps.store.conversations.clear(ctx.event.platform, key);
    return [reply(ctx.t('cancel.done'))];
  },
});

/** /lang zh|en — the person's language, remembered. */
export const lang = defineCommand({
  name: 'lang',
  changesSender: true,
  who: 'anyone',
  help: 'cmd.lang',
  keepsForm: true,
  async run(ctx, args) {
    const word = args.trim().toLowerCase();
    const locale = word === 'en' || word === 'english' ? 'en' : word === 'zh' || word === 'zh-cn' || word === '中文' ? 'zh-CN' : null;
    if (!locale) return [reply(ctx.t('lang.usage'))];
    if (ctx.person) await ctx.deps.store.people.setLocale(ctx.person.id, locale);
    else await ctx.deps.store.settings.set(`locale:${ctx.event.platform}:${ctx.event.userId}`, locale);
    const { translator } = await import('../../i18n/catalog.ts');
    return [reply(translator(locale)('lang.set'))];
  },
});
