import type { Locale } from '../domain/vocabulary.ts';
import type { PersonRecord } from '../domain/org/port.ts';
import type { Clock, Store } from '../domain/ports.ts';
import type { Failure } from '../domain/result.ts';
import type { Role } from '../domain/vocabulary.ts';
import type { Rules } from '../domain/rules/schema.ts';
import { hasMessage, type Translate } from '../i18n/catalog.ts';
import type { InboundEvent } from './types.ts';

/** What the chat layer is built from: the domain's ports and the office's settings. */
export type ChatDeps = {
  store: Store;
  clock: Clock;
  timezone: string;
  defaultLocale: Locale;
  rules: Rules;
  /** The version of `rules` (0 for the built-in defaults), recorded with what is priced or timed by them. */
  rulesVersion: number;
};

export type ChatContext = {
  deps: ChatDeps;
  event: InboundEvent;
  person: PersonRecord | null;
  locale: Locale;
  t: Translate;
};

/** The catalog sentence for a rule violation (`error.<code>`). */
export function errorText(t: Translate, error: Failure): string {
  const key = `error.${error.code}`;
  return hasMessage(key) ? t(key, error.params) : t('fault.generic');
}

export function hasAnyRole(person: PersonRecord | null, roles: readonly Role[]): boolean {
  return !!person && person.roles.some((role) => roles.includes(role));
}

/** A person's roles as words, e.g. 信息员、分管领导. */
export function roleWords(t: Translate, person: PersonRecord): string {
  return person.roles.map((role) => t(`role.${role}`)).join(t('list.separator'));
}
