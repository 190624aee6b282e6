import { bindAccount } from '../../domain/accounts/bindAccount.ts';
import { errorText } from '../../i18n/errorText.ts';
import { roleWords } from '../context.ts';
import { reply } from '../types.ts';
import { defineCommand } from './command.ts';

/** /start INVITE — binds this chat account to the invite's person. The whole argument is the code: people type it in groups (`ABCDE FGHJK`). */
export const start = defineCommand({
  name: 'start',
  changesSender: true,
  who: 'anyone',
  help: 'cmd.start',
  async run(ctx, args) {
    const code = args.trim();
    if (!code) {
      return [reply(ctx.person ? ctx.t('start.already', { name: ctx.person.name }) : ctx.t('start.needCode'))];
    }
    const { event } = ctx;
    const result = await bindAccount(ctx.deps, {
      code,
      identity: { platform: event.platform, platformUserId: event.userId, chatId: event.chatId },
    });
    if (!result.ok) return [reply(errorText(ctx.t, result.error))];
    const { person, alreadyBound } = result.value;
    if (alreadyBound) return [reply(ctx.t('start.already', { name: person.name }))];
    // A language chosen with /lang before binding becomes the person's own: from now on only
    // the person's record is read for it.
    if (person.locale === null && ctx.locale !== ctx.deps.defaultLocale) await ctx.deps.store.people.setLocale(person.id, ctx.locale);
    return [
      reply(
        ctx.t('start.welcome', {
          name: person.name,
          unit: person.unit?.name ?? ctx.t('unit.office'),
          roles: roleWords(ctx.t, person),
        }),
      ),
    ];
  },
});
