/**
 * The one error boundary of the Slack app (Bolt's app.error): the fault is logged for the
 * operator, and the person whose action failed gets the catalog's plain sentence in their DM,
 * never the error's text.
 */
import type { App, CodedError, Logger } from '@slack/bolt';
import { translate } from '../../../i18n/catalog.ts';
import type { ListenerDeps } from './deps.ts';

export function register(app: App, deps: ListenerDeps): void {
  // Bolt passes these (extendedErrorHandler: true); its own args type is not exported.
  app.error(async ({ error, logger, body }: { error: CodedError; logger: Logger; body?: unknown }) => {
    logger.error(`the request failed (${error.code})`, error);
    const userId = userOf(body);
    if (!userId) return;
    try {
      const chatId = await deps.dmOf(app.client, userId);
      let sentence = translate(deps.defaultLocale, 'fault.generic');
      try {
        sentence = (await deps.engine.contextFor({ kind: 'text', platform: 'slack', userId, chatId, text: '' })).t('fault.generic');
      } catch {
        // The person's language is unknown (the database may be what failed): the office's will do.
      }
      await app.client.chat.postMessage({ channel: chatId, text: sentence });
    } catch (again) {
      logger.error(`could not tell ${userId} about the fault`, again);
    }
  });
}

/** The Slack user behind a request: a slash command, an interaction or an event. */
function userOf(body: unknown): string | undefined {
  const b = body as { user_id?: unknown; user?: { id?: unknown }; event?: { user?: unknown } } | undefined;
  const id = b?.user_id ?? b?.user?.id ?? b?.event?.user;
  return typeof id === 'string' && /^[UW][A-Z0-9]+$/.test(id) ? id : undefined;
}
