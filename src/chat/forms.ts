/**
 * Guided forms, declared once and run everywhere: step by step in the console and on
 * Telegram (with buttons for choices), and as one Slack modal. Each field validates its own
 * value, so a modal can show the error beside the field and a chat can ask again. Forms
 * belong to commands for bound people, so they always see the person.
 */
import type { PendingAttachment } from '../domain/attachments/receiveFile.ts';
import type { MessageKey } from '../i18n/catalog.ts';
import type { BoundContext } from './context.ts';
import type { Reply } from './types.ts';

export type FieldSpec = {
  name: string;
  /**
   * `files`: the last step of a form that takes attachments: photos and files sent now are kept
   * with the form, a 完成 / Done button ends it (docs/attachments.md); a Slack modal leaves it out.
   */
  kind: 'text' | 'longtext' | 'choice' | 'files';
  prompt: MessageKey;
  /** For choices: the values and the catalog key of each label. */
  options?: (ctx: BoundContext) => Promise<{ value: string; label: string }[]> | { value: string; label: string }[];
  optional?: boolean;
  /**
   * For choices: a choice with no options is passed over; with `whenEmpty`, the form ends there
   * instead, with this sentence (e.g. "nothing to resolve").
   */
  whenEmpty?: MessageKey;
  /**
   * Lines shown in a chat above the prompt, from the values given so far (e.g. an item's current
   * text to copy before editing it); a Slack modal, filled before anything is chosen, has none.
   */
  shows?: (ctx: BoundContext, values: Record<string, string>) => Promise<string[]>;
  /**
   * Asked only of the people it says (e.g. the duty office's call time on /urgent); passed over for
   * everyone else, and left out of their Slack modal.
   */
  askedOf?: (ctx: BoundContext) => boolean;
  /** An error sentence for a bad value, or null when the value is fine. */
  validate?: (value: string, ctx: BoundContext) => string | null;
};

/** A form's answer once submitted: the replies, or the error (of one field when it names it). */
export type Submission = { ok: true; replies: Reply[] } | { ok: false; field?: string; message: string };

export type FormSpec = {
  id: string;
  title: MessageKey;
  fields: FieldSpec[];
  /** Runs the use case with every field's value; returns field errors or the replies. */
  submit(ctx: BoundContext, values: Record<string, string>, attachments?: PendingAttachment[]): Promise<Submission>;
};

/** Conversation state of a guided form, kept in the database between messages. */
export type FormState = {
  form: string;
  step: number;
  values: Record<string, string>;
  /** Files received for the form so far, their bytes already kept (docs/attachments.md). */
  files?: PendingAttachment[];
};

/** The value of a `files` step once its 完成 / Done button is pressed. */
export const FILES_DONE = 'done';

/** Whether a form ends with a `files` step, so files sent during it are kept with it. */
export const takesFiles = (form: FormSpec | undefined): boolean => !!form && form.fields.some((field) => field.kind === 'files');

/** The `files` step every form that takes attachments ends with. */
export const filesField: FieldSpec = { name: 'files', kind: 'files', prompt: 'attach.ask', optional: true };

/** The action string of a choice button: f:<form>:<field>:<value>. */
export const choiceAction = (form: string, field: string, value: string) => `f:${form}:${field}:${value}`;

const CHOICE = /^f:([a-z-]+):([a-zA-Z]+):([A-Za-z0-9._-]{1,40})$/;

export function parseChoiceAction(data: string): { form: string; field: string; value: string } | null {
  const match = CHOICE.exec(data);
  return match ? { form: match[1]!, field: match[2]!, value: match[3]! } : null;
}
