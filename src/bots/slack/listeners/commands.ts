/**
 * `/xinbao <command> …`: the text becomes `/<command> …` for the engine. A command with a
 * guided form, sent without arguments, opens the form as a modal instead (for people who may
 * use it); replies go to the person's DM with the app.
 */
import type { App } from '@slack/bolt';
import type { InboundEvent, Reply } from '../../../chat/types.ts';
import { formModal } from '../modal.ts';
import { postReplies } from '../post.ts';
import { unescapeSlack } from '../render.ts';
import { slackText } from '../text.ts';
import { SLASH_COMMAND, type ListenerDeps } from './deps.ts';

export function register(app: App, deps: ListenerDeps): void {
  const { engine } = deps;

  app.command(SLASH_COMMAND, async ({ command, ack, client }) => {
    await ack();
    const text = unescapeSlack(command.text ?? '').trim();
    const name = (text.split(/\s+/, 1)[0] ?? '').toLowerCase() || 'help';
    const userId = command.user_id;
    const chatId = await deps.dmOf(client, userId);
    const event: InboundEvent = {
      kind: 'text',
      platform: 'slack',
      userId,
      chatId,
      text: `/${text || 'help'}`,
      updateId: `command:${command.trigger_id}`,
    };

    const opened = /^\S+$/.test(text) ? engine.formFor(name, await engine.contextFor(event)) : undefined;
    if (opened) {
      await client.views.open({ trigger_id: command.trigger_id, view: await formModal(opened.form, opened.ctx, { channel: chatId }) });
      return;
    }

    const served = await engine.serve(event);
    const replies = name === 'help' && served.replies.length > 0 ? withHint(served.replies, slackText(served.ctx.locale, 'slack.hint')) : served.replies;
    await postReplies(client, chatId, replies);
  });
}

/** The help, with the reminder that Slack commands start with /xinbao. */
function withHint(replies: Reply[], hint: string): Reply[] {
  const last = replies.at(-1)!;
  return [...replies.slice(0, -1), { ...last, lines: [...last.lines, hint] }];
}
