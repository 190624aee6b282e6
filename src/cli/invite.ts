/** `xinbao invite PERSON`: a new invite code for one person, to bind a chat account with /start. */
import { issueInvite } from '../domain/accounts/issueInvite.ts';
import { formatLocal } from '../domain/time/index.ts';
import { translator } from '../i18n/catalog.ts';
import { type Subcommand, UsageError, usageLine, withApp } from './shared.ts';

export const inviteCommand: Subcommand = {
  name: 'invite',
  usage: [usageLine('invite PERSON', 'a new invite code for one person')],
  async run(args) {
    const personCode = args[0];
    if (!personCode) throw new UsageError('xinbao invite PERSON');
    return withApp(async (app) => {
      const result = await issueInvite(app, { personCode });
      if (!result.ok) {
        process.stderr.write(`xinbao: ${translator(app.config.locale)('error.PERSON.UNKNOWN', { code: personCode })}\n`);
        return 1;
      }
      console.log(`${result.value.code}\t(valid until ${formatLocal(result.value.expiresAt, app.config.timezone)})`);
      return 0;
    });
  },
};
