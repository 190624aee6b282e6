/**
 * Events API: the App Home tab and messages in the DM with the app (answers to a guided
 * form's questions). Slack redelivers an event it thinks was lost (X-Slack-Retry-Num); the
 * event_id is the engine's updateId, so a redelivery of an event already handled does nothing,
 * while one whose first delivery never arrived is still handled.
 */
import type { App } from '@slack/bolt';
import { postReplies } from '../post.ts';
import { homeView, unescapeSlack } from '../render.ts';
import { slackText } from '../text.ts';
import type { ListenerDeps } from './deps.ts';

export function register(app: App, deps: ListenerDeps): void {
  const { engine } = deps;

  // The Home tab: the unit's status for those who have one, the help for everyone else.
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== undefined && event.tab !== 'home') return;
    // Its own chatId, so opening the tab never disturbs a form in progress in the DM.
    const base = { platform: 'slack', userId: event.user, chatId: `home:${event.user}` } as const;
    const ctx = await engine.contextFor({ kind: 'text', ...base, text: '' });
    const text = engine.menuFor(ctx).some((entry) => entry.command === 'status') ? '/status' : '/help';
    const replies = await engine.handle({ kind: 'text', ...base, text, updateId: `event:${body.event_id}` });
    if (replies.length === 0) return; // a redelivery
    await client.views.publish({ user_id: event.user, view: homeView(replies, slackText(ctx.locale, 'slack.hint')) });
  });

  // A message in the DM: the answer to the question a guided form asked.
  app.event('message', async ({ event, body, client }) => {
    if (event.subtype !== undefined || event.channel_type !== 'im' || event.bot_id !== undefined || !event.text) return;
    const replies = await engine.handle({
      kind: 'text',
      platform: 'slack',
      userId: event.user,
      chatId: event.channel,
      text: unescapeSlack(event.text),
      updateId: `event:${body.event_id}`,
    });
    await postReplies(client, event.channel, replies);
  });
}
