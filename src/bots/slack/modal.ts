/**
 * Guided forms as Slack modals: a FormSpec becomes one input block per field (block_id and
 * action_id = the field's name), and a view_submission's state becomes the form's values.
 */
import type { types, ViewStateValue } from '@slack/bolt';
import type { BoundContext } from '../../chat/context.ts';
import type { FormSpec } from '../../chat/forms.ts';
import { slackText, slackTextIf } from './text.ts';

/** The callback_id prefix of every form modal; the views listener matches it. */
export const FORM_CALLBACK_PREFIX = 'form:';

// Block Kit limits.
const MODAL_TITLE_MAX = 24;
const OPTION_TEXT_MAX = 75;
const OPTION_VALUE_MAX = 150;
const OPTIONS_MAX = 100;

const cut = (text: string, max: number) => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);

/** What the modal carries back on submission. */
export type ModalMetadata = { channel?: string };

/** The modal for a form, in the person's language; choices list their options as a select. */
export async function formModal(form: FormSpec, ctx: BoundContext, metadata: ModalMetadata): Promise<types.ModalView> {
  const blocks: types.InputBlock[] = [];
  for (const field of form.fields) {
    if (field.askedOf && !field.askedOf(ctx)) continue;
    // Files are not sent in a modal: shared in the DM instead (docs/attachments.md#slack).
    if (field.kind === 'files') continue;
    const label = slackTextIf(ctx.locale, `slack.field.${field.name}`) ?? ctx.t(field.prompt);
    let element: types.InputBlockElement;
    if (field.kind === 'choice' && field.options) {
      const options = (await field.options(ctx)).slice(0, OPTIONS_MAX).map((option) => ({
        text: { type: 'plain_text' as const, text: cut(option.label, OPTION_TEXT_MAX), emoji: true },
        value: option.value.slice(0, OPTION_VALUE_MAX),
      }));
      // A choice with nothing to choose from is left out, as the chat passes it over.
      if (options.length === 0) continue;
      element = {
        type: 'static_select',
        action_id: field.name,
        placeholder: { type: 'plain_text', text: slackText(ctx.locale, 'slack.select.placeholder') },
        options,
        ...(field.optional ? {} : { initial_option: options[0] }),
      };
    } else {
      element = { type: 'plain_text_input', action_id: field.name, multiline: field.kind === 'longtext' };
    }
    blocks.push({ type: 'input', block_id: field.name, label: { type: 'plain_text', text: cut(label, 2000) }, element, optional: field.optional === true });
  }
  return {
    type: 'modal',
    callback_id: `${FORM_CALLBACK_PREFIX}${form.id}`,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: cut(modalTitle(form, ctx), MODAL_TITLE_MAX) },
    submit: { type: 'plain_text', text: slackText(ctx.locale, 'slack.modal.submit') },
    close: { type: 'plain_text', text: slackText(ctx.locale, 'slack.modal.close') },
    blocks,
  };
}

/** A short title: the adapter's own (`slack.form.<id>`), else the command's help without its usage part. */
function modalTitle(form: FormSpec, ctx: BoundContext): string {
  const own = slackTextIf(ctx.locale, `slack.form.${form.id}`);
  if (own) return own;
  return ctx
    .t(form.title)
    .replace(/^\/\S+\s*(\S*\s*)?—\s*/, '')
    .replace(/\s*[（(].*$/, '');
}

/** The values of a submitted modal by field name: typed text, or the chosen option's value. */
export function formValues(state: Record<string, Record<string, ViewStateValue>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(state)) {
    for (const value of Object.values(actions)) {
      values[blockId] = value.selected_option?.value ?? value.value ?? '';
    }
  }
  return values;
}

/** The metadata a modal was opened with; {} when it is missing or not ours. */
export function readMetadata(text: string | undefined): ModalMetadata {
  try {
    const parsed: unknown = JSON.parse(text ?? '');
    const channel = (parsed as { channel?: unknown } | null)?.channel;
    return typeof channel === 'string' && /^[A-Z0-9]{1,40}$/.test(channel) ? { channel } : {};
  } catch {
    return {};
  }
}
