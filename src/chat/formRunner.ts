/**
 * Guided forms in a conversation: asks field by field (choices as buttons), passes over what is
 * already given, keeps the state between messages, and submits once every field is filled; or
 * takes a whole form at once (a Slack modal) and answers with the errors beside their fields.
 */
import type { BoundContext, ChatContext, ChatDeps } from './context.ts';
import type { PendingAttachment } from '../domain/attachments/receiveFile.ts';
import { choiceAction, FILES_DONE, type FormSpec, type FormState } from './forms.ts';
import { reply, type FormOutcome, type InboundEvent, type Reply } from './types.ts';

export type FormRunner = {
  /** The form in progress for this person in this chat, if any. */
  load(ctx: ChatContext): Promise<FormState | null>;
  /** Forgets the form in progress. */
  clear(ctx: ChatContext): Promise<void>;
  /** Starts `form` with the fields in `values` already given: asks for the next one, or submits. */
  begin(ctx: BoundContext, form: FormSpec, values?: Record<string, string>, files?: PendingAttachment[]): Promise<Reply[]>;
  /** Keeps a received file with the form in progress and says so, asking the current step again. */
  addFile(ctx: BoundContext, form: FormSpec, state: FormState, file: PendingAttachment): Promise<Reply[]>;
  /** Takes `value` as the answer to the field being asked. */
  answer(ctx: BoundContext, form: FormSpec, state: FormState, value: string): Promise<Reply[]>;
  /** A form sent whole: field errors, or the replies once accepted. */
  submitWhole(ctx: BoundContext, form: FormSpec, given: Record<string, string>): Promise<FormOutcome>;
};

/** A form in progress belongs to one person in one chat (a group chat holds several). */
const conversationKey = (event: InboundEvent) => `${event.chatId}|${event.userId}`;

export function createFormRunner(deps: ChatDeps): FormRunner {
  const load = async (ctx: ChatContext): Promise<FormState | null> => {
    const row = await deps.store.conversations.get(ctx.event.platform, conversationKey(ctx.event));
    if (!row) return null;
    try {
      return JSON.parse(row.data) as FormState;
    } catch {
      return null;
    }
  };
  const save = (ctx: BoundContext, state: FormState) =>
    deps.store.conversations.save(ctx.event.platform, conversationKey(ctx.event), {
      personId: ctx.person.id,
      flow: state.form,
      data: JSON.stringify(state),
    });
  const clear = (ctx: ChatContext) => deps.store.conversations.clear(ctx.event.platform, conversationKey(ctx.event));

  /** Asks for the field at `state.step`, or submits when every field is filled. */
  async function advance(ctx: BoundContext, form: FormSpec, state: FormState): Promise<Reply[]> {
    // Fields already given are passed over, and so are choices with nothing to choose from
    // (or, for a field that says `whenEmpty`, the form ends there with that sentence).
    for (; state.step < form.fields.length; state.step += 1) {
      const field = form.fields[state.step]!;
      if (state.values[field.name] !== undefined || (field.askedOf && !field.askedOf(ctx))) continue;
      if (!(await hasNoChoice(ctx, field))) break;
      if (field.whenEmpty) {
        await clear(ctx);
        return [reply(ctx.t(field.whenEmpty))];
      }
    }
    if (state.step >= form.fields.length) {
      const outcome = await form.submit(ctx, state.values, state.files ?? []);
      if (outcome.ok) {
        await clear(ctx);
        return outcome.replies;
      }
      const index = outcome.field ? form.fields.findIndex((field) => field.name === outcome.field) : -1;
      // A field that was passed over (no choice) cannot be asked again: the form ends.
      if (!outcome.field || index < 0 || state.values[outcome.field] === undefined) {
        await clear(ctx);
        return [reply(outcome.message)];
      }
      delete state.values[outcome.field];
      state.step = index;
      return [reply(outcome.message), ...(await advance(ctx, form, state))];
    }
    await save(ctx, state);
    return [await ask(ctx, form, state)];
  }

  /** A choice field whose options are empty right now (e.g. no open commission to answer). */
  const hasNoChoice = async (ctx: BoundContext, field: FormSpec['fields'][number]) =>
    field.kind === 'choice' && !!field.options && (await field.options(ctx)).length === 0;

  async function ask(ctx: BoundContext, form: FormSpec, state: FormState): Promise<Reply> {
    const field = form.fields[state.step]!;
    const shown = field.shows ? await field.shows(ctx, state.values) : [];
    if (field.kind === 'files') {
      const count = state.files?.length ?? 0;
      const lines = [...shown, ...(count > 0 ? [ctx.t('attach.waiting', { count })] : []), ctx.t(field.prompt)];
      return reply(lines, { buttons: [[{ label: ctx.t('attach.done'), action: choiceAction(form.id, field.name, FILES_DONE) }]] });
    }
    if (field.kind !== 'choice' || !field.options) return reply([...shown, ctx.t(field.prompt)]);
    const options = await field.options(ctx);
    const buttons = options.map((option) => ({ label: option.label, action: choiceAction(form.id, field.name, option.value) }));
    const rows = [];
    for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
    return reply([...shown, ctx.t(field.prompt)], { buttons: rows });
  }

  async function answer(ctx: BoundContext, form: FormSpec, state: FormState, value: string): Promise<Reply[]> {
    const field = form.fields[state.step]!;
    if (field.kind === 'files') {
      // Only the 完成 / Done button (or its label typed) ends the step; other text asks again.
      const done = value === FILES_DONE || value.trim().toLowerCase() === ctx.t('attach.done').toLowerCase();
      if (!done) return [reply(ctx.t('attach.sendOrDone')), await ask(ctx, form, state)];
      value = FILES_DONE;
    }
    if (field.kind === 'choice' && field.options) {
      const options = await field.options(ctx);
      const match = options.find((option) => option.value === value || option.label === value.trim());
      if (!match) return [reply(ctx.t('button.stale')), await ask(ctx, form, state)];
      value = match.value;
    }
    const problem = field.validate?.(value, ctx) ?? null;
    if (problem) return [reply(problem), await ask(ctx, form, state)];
    state.values[field.name] = value;
    state.step += 1;
    return advance(ctx, form, state);
  }

  async function submitWhole(ctx: BoundContext, form: FormSpec, given: Record<string, string>): Promise<FormOutcome> {
    const fieldErrors: Record<string, string> = {};
    const values: Record<string, string> = {};
    for (const field of form.fields) {
      if ((field.askedOf && !field.askedOf(ctx)) || field.kind === 'files') continue;
      const value = given[field.name] ?? '';
      if (value === '' && field.optional) continue;
      const problem = field.validate?.(value, ctx) ?? null;
      if (problem) fieldErrors[field.name] = problem;
      else values[field.name] = value;
    }
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
    const outcome = await form.submit(ctx, values);
    if (outcome.ok) return outcome;
    if (outcome.field) return { ok: false, fieldErrors: { [outcome.field]: outcome.message } };
    return { ok: true, replies: [reply(outcome.message)] };
  }

  return {
    load,
    clear,
    begin: (ctx, form, values = {}, files = []) => advance(ctx, form, { form: form.id, step: 0, values, ...(files.length > 0 ? { files } : {}) }),
    async addFile(ctx, form, state, file) {
      state.files = [...(state.files ?? []), file];
      await save(ctx, state);
      const received = reply(ctx.t('attach.received', { count: state.files.length }));
      // At the files step the question itself counts them; at another step it is asked again.
      return form.fields[state.step]?.kind === 'files' ? [await ask(ctx, form, state)] : [received, await ask(ctx, form, state)];
    },
    answer,
    submitWhole,
  };
}
