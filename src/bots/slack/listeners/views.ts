/**
 * A submitted form modal (callback_id `form:<formId>`). Field errors are answered in the
 * modal itself (`response_action: errors`, keyed by block_id = field name), so the person
 * fixes them where they typed; an accepted form closes the modal and the replies go to the DM.
 */
import type { App, ViewSubmitAction } from '@slack/bolt';
import { FORM_CALLBACK_PREFIX, formValues, readMetadata } from '../modal.ts';
import { postReplies } from '../post.ts';
import type { ListenerDeps } from './deps.ts';

export function register(app: App, deps: ListenerDeps): void {
  app.view<ViewSubmitAction>(new RegExp(`^${FORM_CALLBACK_PREFIX}`), async ({ ack, body, view, client }) => {
    const userId = body.user.id;
    const chatId = readMetadata(view.private_metadata).channel ?? (await deps.dmOf(client, userId));
    // No ack before the outcome is known: if this throws, Slack keeps the modal open (with
    // what was typed) and says it could not connect; app.error tells the person in the DM.
    const outcome = await deps.engine.submitForm({
      kind: 'form',
      platform: 'slack',
      userId,
      chatId,
      formId: view.callback_id.slice(FORM_CALLBACK_PREFIX.length),
      values: formValues(view.state.values),
      updateId: `view:${body.trigger_id}`,
    });
    if (!outcome.ok) {
      await ack({
        response_action: 'errors',
        errors: onBlocks(
          outcome.fieldErrors,
          view.blocks.map((block) => block.block_id ?? ''),
        ),
      });
      return;
    }
    await ack();
    await postReplies(client, chatId, outcome.replies);
  });
}

/** Field errors keyed by block_id; an error for a field the modal does not show goes on the first block. */
function onBlocks(fieldErrors: Record<string, string>, blockIds: string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors)) {
    const block = blockIds.includes(field) ? field : (blockIds[0] ?? field);
    errors[block] = errors[block] ? `${errors[block]} ${message}` : message;
  }
  return errors;
}
