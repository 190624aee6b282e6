/**
 * The chat engine: one path from an InboundEvent to replies, shared by every adapter. It finds
 * the person behind the chat account, their language, the command or the guided form in
 * progress, checks the role, runs the use case, and answers from the message catalog.
 */
import { looksLikeInviteCode } from '../domain/accounts/invites.ts';
import { type Locale, LOCALES, type Role } from '../domain/vocabulary.ts';
import { type MessageKey, translator } from '../i18n/catalog.ts';
import type { BoundCommand, CommandSpec, Outcome } from './commands/command.ts';
import { commands, findCommand } from './commands/index.ts';
import { type BoundContext, type ChatContext, type ChatDeps, hasAnyRole, isBound } from './context.ts';
import { createFormRunner } from './formRunner.ts';
import { receiveFile } from '../domain/attachments/receiveFile.ts';
import { errorText } from '../i18n/errorText.ts';
import { type FormSpec, parseChoiceAction, takesFiles } from './forms.ts';
import { type FormOutcome, type InboundEvent, type Reply, reply } from './types.ts';

export type ChatEngine = {
  /** Handles one event; a redelivered update (same updateId) gets no replies and changes nothing. */
  handle(event: InboundEvent): Promise<Reply[]>;
  /**
   * Handles one event like `handle`, with the context to render its replies in: the sender read
   * once per update, and read again only after a command that changes them (/start, /lang).
   */
  serve(event: InboundEvent): Promise<{ replies: Reply[]; ctx: ChatContext }>;
  /** Handles a whole form (a Slack modal): field errors, or the replies once accepted. */
  submitForm(event: Extract<InboundEvent, { kind: 'form' }>): Promise<FormOutcome>;
  /**
   * The form behind a command, with the context narrowed to the person, when this person may use
   * the command: for adapters that show forms whole (Slack modals).
   */
  formFor(command: string, ctx: ChatContext): { form: FormSpec; ctx: BoundContext } | undefined;
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

/** How often, and how far apart, a failed update's processed mark is tried to be forgotten (each try itself waits out the busy timeout). */
const FORGET_ATTEMPTS = 10;
const FORGET_RETRY_MS = 500;

/** How many read-only updates each engine remembers, to answer a redelivered one once. */
const RECENT_UPDATES = 1000;

/** The command a text sends (a reply-keyboard label counts as its command), or undefined for plain text. */
function commandIn(ctx: ChatContext, text: string): { name: string; args: string; command: CommandSpec | undefined } | undefined {
  let trimmed = text.trim();
  const key = KEYBOARD.flat().find((button) => ctx.t(button.label) === trimmed);
  if (key) trimmed = `/${key.command}`;
  // A stranger sending an invite code alone binds with it, as with /start CODE.
  else if (ctx.person === null && looksLikeInviteCode(trimmed)) trimmed = `/start ${trimmed}`;
  const match = COMMAND.exec(trimmed);
  if (!match) return undefined;
  const name = (match[1] ?? match[3] ?? '').toLowerCase();
  return { name, args: (match[2] ?? match[4] ?? '').trim(), command: findCommand(name) };
}

/** What a text asks for, read from the text alone: see `textIntent`. */
export type TextIntent = 'reads' | 'binds' | 'other';

/** Every reply-keyboard label in every language, with the command it sends. */
const KEYBOARD_LABELS = new Map(LOCALES.flatMap((locale) => KEYBOARD.flat().map((button) => [translator(locale)(button.label), button.command] as const)));

/**
 * What a text asks for, without reading the database: `reads` for a command that only reads (or
 * one not known), `binds` for a command anyone may use that writes (/start, /lang), `other` for
 * everything else (a command that writes, or plain text that may answer a form). Adapters use it
 * to decide which updates must be kept before they are confirmed to the platform.
 */
export function textIntent(text: string): TextIntent {
  const trimmed = text.trim();
  const label = KEYBOARD_LABELS.get(trimmed);
  const match = COMMAND.exec(label ? `/${label}` : trimmed);
  // An invite code alone binds a stranger (commandIn).
  if (!match) return looksLikeInviteCode(trimmed) ? 'binds' : 'other';
  const command = findCommand((match[1] ?? match[3] ?? '').toLowerCase());
  if (!command || command.readOnly) return 'reads';
  return command.who === 'anyone' ? 'binds' : 'other';
}

/**
 * What an event asks for, as the metrics name it: the command's name (a reply-keyboard label
 * counts as its command), `unknown` for a command there is none of, `text` for plain text (a
 * form's answer), `button` for a button press, `form` for a form sent whole. Never the text itself.
 */
export function commandOf(event: InboundEvent): string {
  if (event.kind === 'action') return 'button';
  if (event.kind === 'form') return 'form';
  if (event.kind === 'file') return 'file';
  const trimmed = event.text.trim();
  const label = KEYBOARD_LABELS.get(trimmed);
  const match = COMMAND.exec(label ? `/${label}` : trimmed);
  if (!match) return 'text';
  return findCommand((match[1] ?? match[3] ?? '').toLowerCase())?.name ?? 'unknown';
}

/** Whether the person behind `ctx` may use the command. */
const usableBy = (ctx: ChatContext, command: CommandSpec) =>
  command.who === 'anyone' || (isBound(ctx) && (command.who === 'bound' || hasAnyRole(ctx.person, command.who)));

/** The context narrowed to the person for a bound command, or the refusal: not bound, or none of its roles. */
function admit(ctx: ChatContext, command: BoundCommand): { ok: true; ctx: BoundContext } | { ok: false; refusal: Reply } {
  if (!isBound(ctx)) return { ok: false, refusal: reply(ctx.t('error.AUTH.UNBOUND')) };
  if (command.who !== 'bound' && !hasAnyRole(ctx.person, command.who)) return { ok: false, refusal: reply(ctx.t('error.AUTH.FORBIDDEN')) };
  return { ok: true, ctx };
}

const isBoundCommand = (command: CommandSpec): command is BoundCommand => command.who !== 'anyone';

/** The command whose guided form has this id. */
const formById = (id: string) => commands.filter(isBoundCommand).find((command) => command.form?.id === id);

export function createChatEngine(deps: ChatDeps, options: { actAs?: string } = {}): ChatEngine {
  const localeKey = (event: InboundEvent) => `locale:${event.platform}:${event.userId}`;
  const forms = createFormRunner(deps);

  async function contextFor(event: InboundEvent): Promise<ChatContext> {
    const person = options.actAs ? await deps.store.people.byCode(options.actAs) : await deps.store.people.byIdentity(event.platform, event.userId);
    // A bound person's language is on their record (a choice made before binding was moved there
    // by /start); only a stranger's is kept under their chat account.
    const stored = person ? person.locale : ((await deps.store.settings.get(localeKey(event))) as Locale | null);
    const locale: Locale = stored === 'en' || stored === 'zh-CN' ? stored : deps.defaultLocale;
    return { deps, event, person, locale, t: translator(locale) };
  }

  /** A command's or button's outcome: its replies, or its form started with the fields it gave. */
  function settle(ctx: BoundContext, command: BoundCommand, outcome: Outcome): Promise<Reply[]> | Reply[] {
    if (Array.isArray(outcome)) return outcome;
    if (!command.form) throw new Error(`/${command.name} gave fields of a form it does not have`);
    return forms.begin(ctx, command.form, outcome.prefill);
  }

  /** Forgets the form in progress, if there is one (a read, and a write only when there is). */
  async function leaveForm(ctx: ChatContext): Promise<void> {
    if (await forms.load(ctx)) await forms.clear(ctx);
  }

  async function onText(ctx: ChatContext, text: string, sent = commandIn(ctx, text)): Promise<Reply[]> {
    if (sent) {
      const { name, args, command } = sent;
      if (!command) return [reply(ctx.t('unknown.command', { command: `/${name}` }))];
      if (command.who === 'anyone') {
        if (command.keepsForm !== true) await leaveForm(ctx);
        return command.run(ctx, args);
      }
      const admitted = admit(ctx, command);
      if (!admitted.ok) return [admitted.refusal];
      const bound = admitted.ctx;
      if (command.keepsForm !== true) await leaveForm(bound);
      if (command.form && args === '') return forms.begin(bound, command.form);
      return settle(bound, command, await command.run(bound, args));
    }
    const state = await forms.load(ctx);
    if (state) {
      const form = formById(state.form)?.form;
      if (form && isBound(ctx)) return forms.answer(ctx, form, state, text);
      await forms.clear(ctx);
    }
    return [reply(ctx.t(ctx.person ? 'unknown.text' : 'help.unbound'))];
  }

  /**
   * A file sent (docs/attachments.md): with a command as its caption, that command with the file
   * (one-shot, or its form begun with the file kept); during a form that takes files, kept with
   * the form; anywhere else, one sentence saying how to attach. Refused files are never fetched.
   */
  async function onFile(ctx: ChatContext, event: Extract<InboundEvent, { kind: 'file' }>): Promise<Reply[]> {
    if (!isBound(ctx)) return [reply(ctx.t('help.unbound'))];
    const sent = event.caption ? commandIn(ctx, event.caption) : undefined;
    if (sent) {
      const { args, command } = sent;
      if (!command || !isBoundCommand(command) || !takesFiles(command.form)) return [reply(ctx.t('attach.notWithCommand', { command: `/${sent.name}` }))];
      const admitted = admit(ctx, command);
      if (!admitted.ok) return [admitted.refusal];
      await leaveForm(admitted.ctx);
      const received = await receiveFile(ctx.deps, { file: event.file });
      if (!received.ok) return [reply(errorText(ctx.t, received.error))];
      const files = [received.value];
      const bound = { ...admitted.ctx, attachments: files };
      if (args === '') return forms.begin(bound, command.form!, {}, files);
      const outcome = await command.run(bound, args);
      return Array.isArray(outcome) ? outcome : forms.begin(bound, command.form!, outcome.prefill, files);
    }
    const state = await forms.load(ctx);
    const form = state ? formById(state.form)?.form : undefined;
    if (!state || !form || !takesFiles(form)) return [reply(ctx.t('attach.outside'))];
    const received = await receiveFile(ctx.deps, { file: event.file, waiting: state.files });
    if (!received.ok) return [reply(errorText(ctx.t, received.error))];
    return forms.addFile(ctx, form, state, received.value);
  }

  async function onAction(ctx: ChatContext, data: string): Promise<Reply[]> {
    const choice = parseChoiceAction(data);
    if (choice) {
      const state = await forms.load(ctx);
      const form = state && formById(state.form)?.form;
      if (!state || !form || !isBound(ctx) || state.form !== choice.form || form.fields[state.step]?.name !== choice.field) {
        return [reply(ctx.t('button.stale'))];
      }
      return forms.answer(ctx, form, state, choice.value);
    }
    for (const command of commands.filter(isBoundCommand)) {
      const handler = command.actions?.find((action) => action.pattern.test(data));
      if (!handler) continue;
      const admitted = admit(ctx, command);
      if (!admitted.ok) return [admitted.refusal];
      const match = handler.pattern.exec(data);
      if (!match) continue;
      return settle(admitted.ctx, command, await handler.run(admitted.ctx, match));
    }
    return [reply(ctx.t('button.stale'))];
  }

  async function submitWhole(ctx: ChatContext, event: Extract<InboundEvent, { kind: 'form' }>): Promise<FormOutcome> {
    const command = formById(event.formId);
    if (!command?.form) return { ok: true, replies: [reply(ctx.t('button.stale'))] };
    const admitted = admit(ctx, command);
    if (!admitted.ok) return { ok: true, replies: [admitted.refusal] };
    return forms.submitWhole(admitted.ctx, command.form, event.values);
  }

  /** Update ids of read-only commands answered lately, oldest first: redeliveries recognised without a write. */
  const answered = new Set<string>();
  /** Whether this read-only update is new to this process (remembering it if so). */
  function firstTime(event: InboundEvent): boolean {
    if (!event.updateId) return true;
    const key = `${event.platform}:${event.updateId}`;
    if (answered.has(key)) return false;
    answered.add(key);
    if (answered.size > RECENT_UPDATES) answered.delete(answered.values().next().value as string);
    return true;
  }

  async function serve(event: InboundEvent): Promise<{ replies: Reply[]; ctx: ChatContext }> {
    const ctx = await contextFor(event);
    // A person deactivated in the organisation file keeps their history but may no longer act.
    if (ctx.person && !ctx.person.active) return { replies: [reply(ctx.t('account.inactive'))], ctx };
    const sent = event.kind === 'text' ? commandIn(ctx, event.text) : undefined;
    const work = async () => {
      if (event.kind === 'text') return onText(ctx, event.text, sent);
      if (event.kind === 'action') return onAction(ctx, event.data);
      if (event.kind === 'file') return onFile(ctx, event);
      return submitWhole(ctx, event).then((outcome) => (outcome.ok ? outcome.replies : []));
    };
    // A command that only reads (or one not known), and anything from a stranger but /start and
    // /lang, writes nothing, not even the processed update: a redelivery to another process is
    // answered twice, which is harmless, and a stranger's flood costs no write.
    const readsOnly = sent ? !sent.command || sent.command.readOnly === true : false;
    const stranger = ctx.person === null && sent?.command?.who !== 'anyone';
    if (readsOnly || stranger) {
      if (!firstTime(event)) return { replies: [], ctx };
      try {
        return { replies: await work(), ctx };
      } catch (error) {
        // Failed: forget it, so the platform's redelivery is answered rather than met with silence.
        if (event.updateId) answered.delete(`${event.platform}:${event.updateId}`);
        throw error;
      }
    }
    return once(event, { replies: [], ctx }, async () => ({ replies: await work(), ctx: sent?.command?.changesSender ? await contextFor(event) : ctx }));
  }

  /**
   * Forgets a failed update's processed mark, trying again while the database is busy (the work
   * may have failed for that very reason): a mark left behind would make the update's next
   * handling look like a redelivery and drop it.
   */
  async function forgetPersistently(platform: string, updateId: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await deps.store.processed.forget(platform, updateId);
      } catch {
        if (attempt >= FORGET_ATTEMPTS) return;
        await new Promise((resolve) => setTimeout(resolve, FORGET_RETRY_MS));
      }
    }
  }

  /**
   * Runs `work` once per platform update: a redelivered update does nothing. If the work fails,
   * the update is forgotten again so the platform's redelivery is processed, not lost.
   */
  async function once<T>(event: InboundEvent, duplicate: T, work: () => Promise<T>): Promise<T> {
    if (event.updateId && !(await deps.store.processed.markOnce(event.platform, event.updateId))) return duplicate;
    try {
      return await work();
    } catch (error) {
      if (event.updateId) await forgetPersistently(event.platform, event.updateId);
      throw error;
    }
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
    formFor(name, ctx) {
      const command = findCommand(name);
      if (!command || command.who === 'anyone' || !command.form) return undefined;
      const admitted = admit(ctx, command);
      return admitted.ok ? { form: command.form, ctx: admitted.ctx } : undefined;
    },
    serve,
    handle: (event) => serve(event).then((served) => served.replies),
    submitForm(event) {
      return once<FormOutcome>(event, { ok: true, replies: [] }, async () => submitWhole(await contextFor(event), event));
    },
  };
}
