import type { Role } from '../../domain/vocabulary.ts';
import type { MessageKey } from '../../i18n/catalog.ts';
import type { BoundContext, ChatContext } from '../context.ts';
import type { FormSpec } from '../forms.ts';
import type { Reply } from '../types.ts';

/** What a bound command or button answers: the replies, or its form with some fields already given. */
export type Outcome = Reply[] | { prefill: Record<string, string> };

type Described = {
  name: string;
  aliases?: string[];
  /** The /help line, also the command menu's description after its ` — `. */
  help: MessageKey;
  /** Leave a form in progress alone (e.g. /help mid-form). */
  keepsForm?: boolean;
  /**
   * Only reads: the engine records no processed update for it (a redelivery is recognised in
   * memory, or answered twice, which is harmless) and the command must write nothing.
   */
  readOnly?: boolean;
  /** Changes who the sender is or which language they read (/start, /lang): the context is read again after it. */
  changesSender?: boolean;
};

/** A command anyone may send, bound or not (/start, /help, /cancel, /lang): `person` may be null. */
export type AnyoneCommand = Described & {
  who: 'anyone';
  run(ctx: ChatContext, args: string): Promise<Reply[]>;
};

/** A button of a bound command: pressed by someone the command admits. */
export type CommandAction = { pattern: RegExp; run(ctx: BoundContext, match: RegExpExecArray): Promise<Outcome> };

/**
 * A command for bound people (`'bound'`) or for some roles only: its handler, the guided form it
 * starts when sent without arguments, and the buttons it answers all see the person.
 */
export type BoundCommand = Described & {
  who: 'bound' | readonly Role[];
  form?: FormSpec;
  run(ctx: BoundContext, args: string): Promise<Outcome>;
  actions?: CommandAction[];
};

/** A chat command: who may use it, and what it does. */
export type CommandSpec = AnyoneCommand | BoundCommand;

/** Declares a command; its handlers' context follows from `who`. */
export function defineCommand(spec: AnyoneCommand): AnyoneCommand;
export function defineCommand(spec: BoundCommand): BoundCommand;
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}
