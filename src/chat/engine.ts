/**
 * The chat engine: one path from an InboundEvent to replies, shared by every adapter. It finds
 * the person behind the chat account, their language, the command or the guided form in
 * progress, checks the role, runs the use case, and answers from the message catalog.
 */
import type { Locale } from '../domain/vocabulary.ts';
import { translator, type MessageKey } from '../i18n/catalog.ts';
import type { Role } from '../domain/vocabulary.ts';
import { commands, findCommand } from './commands/index.ts';
import type { CommandSpec } from './commands/command.ts';
import { errorText, hasAnyRole, type ChatContext, type ChatDeps } from './context.ts';
import { choiceAction, parseChoiceAction, type FormSpec, type FormState } from './forms.ts';
import { reply, type FormOutcome, type InboundEvent, type Reply } from './types.ts';

export type ChatEngine = {
  /** Handles one event; a redelivered update (same updateId) gets no replies and changes nothing. */
  handle(event: InboundEvent): Promise<Reply[]>;
  /** Handles a whole form (a Slack modal): field errors, or the replies once accepted. */
  submitForm(event: Extract<InboundEvent, { kind: 'form' }>): Promise<FormOutcome>;
  /** The form behind a command, for adapters that show forms whole (Slack modals). */
  formFor(command: string): FormSpec | undefined;
  /** The context for an event (who, which language), for adapters that render forms. */
  contextFor(event: InboundEvent): Promise<ChatContext>;
  commands: readonly CommandSpec[];
  /** The command menu for a person (or an unbound account): name and one-line description. */
  menuFor(ctx: ChatContext): { command: string; description: string }[];
  /** The reply keyboard of main actions for a person (reporters), rows of labels; [] for none. */
  keyboardFor(ctx: ChatContext): string[][];
};

/** Main actions on the reporter's reply keyboard: label key → the command it sends. */
const KEYBOARD: { label: MessageKey; command: string; roles: readonly Role[] }[][] = [
  [
    { label: 'keyboard.submit', command: 'submit', roles: ['reporter'] },
    { label: 'keyboard.mine', command: 'mine', roles: ['reporter'] },
  ],
  [
    { label: 'keyboard.status', command: 'status', roles: ['reporter', 'lead'] },
    { label: 'keyboard.help', command: 'help', roles: ['reporter', 'lead'] },
  ],
];

const COMMAND = /^\/([A-Za-z]+)(?:@\w+)?(?:[ \t]+([\s\S]*))?$|^\/([A-Za-z]+)(?:@\w+)?(\n[\s\S]*)$/;

/** A help line without its usage part: "/adopt #N PUB — records an adoption" → "records an adoption". */
export function menuDescription(help: string): string {
  const at = help.indexOf(' — ');
  return (at >= 0 ? help.slice(at + 3) : help).slice(0, 256);
}

export function createChatEngine(deps: ChatDeps, options: { actAs?: string } = {}): ChatEngine {
  const localeKey = (event: InboundEvent) => `locale:${event.platform}:${event.userId}`;

  async function contextFor(event: InboundEvent): Promise<ChatContext> {
    const person = options.actAs ? await deps.store.people.byCode(options.actAs) : await deps.store.people.byIdentity(event.platform, event.userId);
    const stored = person?.locale ?? ((await deps.store.settings.get(localeKey(event))) as Locale | null);
    const locale: Locale = stored === 'en' || stored === 'zh-CN' ? stored : deps.defaultLocale;
    return { deps, event, person, locale, t: translator(locale) };
  }

  /** A form in progress belongs to one person in one chat (a group chat holds several). */
  const conversationKey = (event: InboundEvent) => `${event.chatId}|${event.userId}`;
  const loadState = async (ctx: ChatContext): Promise<FormState | null> => {
    const row = await deps.store.conversations.get(ctx.event.platform, conversationKey(ctx.event));
    if (!row) return null;
    try {
      return JSON.parse(row.data) as FormState;
    } catch {
      return null;
    }
  };
  const saveState = (ctx: ChatContext, state: FormState) =>
    deps.store.conversations.save(ctx.event.platform, conversationKey(ctx.event), {
      personId: ctx.person?.id ?? null,
      flow: state.form,
      data: JSON.stringify(state),
    });
  const clearState = (ctx: ChatContext) => deps.store.conversations.clear(ctx.event.platform, conversationKey(ctx.event));

  const allowed = (ctx: ChatContext, command: CommandSpec): Reply | null => {
    if (command.who === 'anyone') return null;
    if (!ctx.person) return reply(ctx.t('error.AUTH.UNBOUND'));
    if (command.who === 'bound') return null;
    return hasAnyRole(ctx.person, command.who) ? null : reply(ctx.t('error.AUTH.FORBIDDEN'));
  };

  /** Asks for the field at `state.step`, or submits when every field is filled. */
  async function advance(ctx: ChatContext, form: FormSpec, state: FormState): Promise<Reply[]> {
    // Fields already given are passed over, and so are choices with nothing to choose from
    // (or, for a field that says `whenEmpty`, the form ends there with that sentence).
    for (; state.step < form.fields.length; state.step += 1) {
      const field = form.fields[state.step]!;
      if (state.values[field.name] !== undefined) continue;
      if (!(await hasNoChoice(ctx, field))) break;
      if (field.whenEmpty) {
        await clearState(ctx);
        return [reply(ctx.t(field.whenEmpty))];
      }
    }
    if (state.step >= form.fields.length) {
      const outcome = await form.submit(ctx, state.values);
      if (outcome.ok) {
        await clearState(ctx);
        return outcome.replies;
      }
      const index = outcome.field ? form.fields.findIndex((field) => field.name === outcome.field) : -1;
      // A field that was passed over (no choice) cannot be asked again: the form ends.
      if (index < 0 || state.values[outcome.field!] === undefined) {
        await clearState(ctx);
        return [reply(outcome.message)];
      }
      delete state.values[outcome.field!];
      state.step = index;
      return [reply(outcome.message), ...(await advance(ctx, form, state))];
    }
    await saveState(ctx, state);
    return [await ask(ctx, form, state)];
  }

  /** A choice field whose options are empty right now (e.g. no open commission to answer). */
  const hasNoChoice = async (ctx: ChatContext, field: FormSpec['fields'][number]) =>
    field.kind === 'choice' && !!field.options && (await field.options(ctx)).length === 0;

  async function ask(ctx: ChatContext, form: FormSpec, state: FormState): Promise<Reply> {
    const field = form.fields[state.step]!;
    if (field.kind !== 'choice' || !field.options) return reply(ctx.t(field.prompt));
    const options = await field.options(ctx);
    const buttons = options.map((option) => ({ label: option.label, action: choiceAction(form.id, field.name, option.value) }));
    const rows = [];
    for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
    return reply(ctx.t(field.prompt), { buttons: rows });
  }

  async function answerField(ctx: ChatContext, form: FormSpec, state: FormState, value: string): Promise<Reply[]> {
    const field = form.fields[state.step]!;
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

  const usableBy = (ctx: ChatContext, command: CommandSpec) =>
    command.who === 'anyone' || (!!ctx.person && (command.who === 'bound' || hasAnyRole(ctx.person, command.who)));

  async function onText(ctx: ChatContext, text: string): Promise<Reply[]> {
    let trimmed = text.trim();
    const key = KEYBOARD.flat().find((button) => ctx.t(button.label) === trimmed);
    if (key) trimmed = `/${key.command}`;
    const match = COMMAND.exec(trimmed);
    if (match) {
      const name = (match[1] ?? match[3]!).toLowerCase();
      const args = (match[2] ?? match[4] ?? '').trim();
      const command = findCommand(name);
      if (!command) return [reply(ctx.t('unknown.command', { command: `/${name}` }))];
      const refused = allowed(ctx, command);
      if (refused) return [refused];
      if (command.keepsForm !== true) await clearState(ctx);
      if (command.form && args === '') {
        return advance(ctx, command.form, { form: command.form.id, step: 0, values: {} });
      }
      const result = await command.run(ctx, args);
      if (Array.isArray(result)) return result;
      // A command may hand over to its form with some fields already filled.
      return advance(ctx, command.form!, { form: command.form!.id, step: 0, values: result.prefill });
    }
    const state = await loadState(ctx);
    if (state) {
      const form = formById(state.form);
      if (form && ctx.person) return answerField(ctx, form, state, text);
      await clearState(ctx);
    }
    return [reply(ctx.t(ctx.person ? 'unknown.text' : 'help.unbound'))];
  }

  async function onAction(ctx: ChatContext, data: string): Promise<Reply[]> {
    const choice = parseChoiceAction(data);
    if (choice) {
      const state = await loadState(ctx);
      const form = state && formById(state.form);
      const field = form?.fields[state!.step];
      if (!state || !form || !ctx.person || state.form !== choice.form || field?.name !== choice.field) {
        return [reply(ctx.t('button.stale'))];
      }
      return answerField(ctx, form, state, choice.value);
    }
    for (const command of commands) {
      const handler = command.actions?.find((action) => action.pattern.test(data));
      if (!handler) continue;
      const refused = allowed(ctx, command);
      if (refused) return [refused];
      const result = await handler.run(ctx, handler.pattern.exec(data)!);
      if (Array.isArray(result)) return result;
      return advance(ctx, command.form!, { form: command.form!.id, step: 0, values: result.prefill });
    }
    return [reply(ctx.t('button.stale'))];
  }

  const formById = (id: string) => commands.find((command) => command.form?.id === id)?.form;

  /**
   * Runs `work` once per platform update: a redelivered update does nothing. If the work fails,
   * the update is forgotten again so the platform's redelivery is processed, not lost.
   */
  async function once<T>(event: InboundEvent, duplicate: T, work: () => Promise<T>): Promise<T> {
    if (event.updateId && !(await deps.store.processed.markOnce(event.platform, event.updateId))) return duplicate;
    try {
      return await work();
    } catch (error) {
      if (event.updateId) await deps.store.processed.forget(event.platform, event.updateId).catch(() => {});
      throw error;
    }
  }

  function guarded(event: InboundEvent, work: (ctx: ChatContext) => Promise<Reply[]>): Promise<Reply[]> {
    return once(event, [], async () => work(await contextFor(event)));
  }

  return {
    commands,
    contextFor,
    menuFor: (ctx) =>
      commands.filter((command) => usableBy(ctx, command)).map((command) => ({ command: command.name, description: menuDescription(ctx.t(command.help)) })),
    keyboardFor: (ctx) =>
      ctx.person
        ? KEYBOARD.map((row) => row.filter((button) => hasAnyRole(ctx.person, button.roles)).map((button) => ctx.t(button.label))).filter(
            (row) => row.length > 0,
          )
        : [],
    formFor: (name) => findCommand(name)?.form,
    handle(event) {
      return guarded(event, (ctx) => {
        if (event.kind === 'text') return onText(ctx, event.text);
        if (event.kind === 'action') return onAction(ctx, event.data);
        return submitWhole(ctx, event).then((outcome) => (outcome.ok ? outcome.replies : []));
      });
    },
    submitForm(event) {
      return once<FormOutcome>(event, { ok: true, replies: [] }, async () => submitWhole(await contextFor(event), event));
    },
  };

  async function submitWhole(ctx: ChatContext, event: Extract<InboundEvent, { kind: 'form' }>): Promise<FormOutcome> {
    const command = commands.find((candidate) => candidate.form?.id === event.formId);
    if (!command?.form) return { ok: true, replies: [reply(ctx.t('button.stale'))] };
    const refused = allowed(ctx, command);
    if (refused) return { ok: true, replies: [refused] };
    const fieldErrors: Record<string, string> = {};
    const values: Record<string, string> = {};
    for (const field of command.form.fields) {
      const value = event.values[field.name] ?? '';
      if (value === '' && field.optional) continue;
      const problem = field.validate?.(value, ctx) ?? null;
      if (problem) fieldErrors[field.name] = problem;
      else values[field.name] = value;
    }
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
    const outcome = await command.form.submit(ctx, values);
    if (outcome.ok) return outcome;
    if (outcome.field) return { ok: false, fieldErrors: { [outcome.field]: outcome.message } };
    return { ok: true, replies: [reply(outcome.message)] };
  }
}

export { errorText };
