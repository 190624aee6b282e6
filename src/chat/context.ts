import type { PendingAttachment } from '../domain/attachments/receiveFile.ts';
import type { PersonRecord } from '../domain/org/port.ts';
import type { DomainDeps } from '../domain/ports.ts';
import type { Locale, Role } from '../domain/vocabulary.ts';
import type { Translate } from '../i18n/catalog.ts';
import type { InboundEvent } from './types.ts';

/** What the chat layer is built from: the domain's dependencies and the office's default language. */
export type ChatDeps = DomainDeps & { defaultLocale: Locale };

/** One event's context: who sent it (null for a chat account not bound to a person) and in which language. */
export type ChatContext = {
  deps: ChatDeps;
  event: InboundEvent;
  person: PersonRecord | null;
  locale: Locale;
  t: Translate;
  /** Files sent with this event's command (a caption): a one-shot submission attaches them (docs/attachments.md). */
  attachments?: PendingAttachment[];
};

/** The context of a command for bound people, forms and buttons: the person is known. */
export type BoundContext = ChatContext & { person: PersonRecord };

export const isBound = (ctx: ChatContext): ctx is BoundContext => ctx.person !== null;

export function hasAnyRole(person: PersonRecord | null, roles: readonly Role[]): boolean {
  return !!person && person.roles.some((role) => roles.includes(role));
}

/** A person's roles as words, e.g. 信息员、分管领导. */
export function roleWords(t: Translate, person: PersonRecord): string {
  return person.roles.map((role) => t(`role.${role}`)).join(t('list.separator'));
}
