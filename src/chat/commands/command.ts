import type { Role } from '../../domain/vocabulary.ts';
import type { MessageKey } from '../../i18n/catalog.ts';
import type { ChatContext } from '../context.ts';
import type { FormSpec } from '../forms.ts';
import type { Reply } from '../types.ts';

/**
 * A chat command: who may use it, its one-shot handler, and optionally the guided form it
 * starts when sent without arguments, and the buttons (actions) it answers.
 */
export type CommandSpec = {
  name: string;
  aliases?: string[];
  who: 'anyone' | 'bound' | readonly Role[];
  help: MessageKey;
  form?: FormSpec;
  /** Leave a form in progress alone (e.g. /help mid-form). */
  keepsForm?: boolean;
  /** One-shot: the replies, or the form's fields already given so the form asks for the rest. */
  run(ctx: ChatContext, args: string): Promise<Reply[] | { prefill: Record<string, string> }>;
  /** Buttons: the replies, or (like `run`) the command's form with some fields already given. */
  actions?: { pattern: RegExp; run(ctx: ChatContext, match: RegExpExecArray): Promise<Reply[] | { prefill: Record<string, string> }> }[];
};
