/**
 * Button presses: every button we render has an action_id `xb:<n>` and carries the engine's
 * action string as its value. The engine validates the value, so a forged or stale one gets
 * the plain "no longer valid" answer and changes nothing.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { postReplies } from '../post.ts';
import { BUTTON_PREFIX } from '../render.ts';
import type { ListenerDeps } from './deps.ts';

export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${BUTTON_PREFIX}`), async ({ ack, body, action, client }) => {
    await ack();
    const userId = body.user.id;
    const chatId = await deps.dmOf(client, userId);
    const replies = await deps.engine.handle({
      kind: 'action',
      platform: 'slack',
      userId,
      chatId,
      data: action.value ?? '',
      updateId: `action:${body.trigger_id}:${action.action_ts}`,
    });
    await postReplies(client, chatId, replies);
  });
}
