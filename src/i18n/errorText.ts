import type { Failure } from '../domain/result.ts';
import { hasMessage, type Translate } from './catalog.ts';

/** The catalog sentence for a rule violation (`error.<code>`), or the generic fault when there is none. */
export function errorText(t: Translate, error: Failure): string {
  const key = `error.${error.code}`;
  return hasMessage(key) ? t(key, error.params) : t('fault.generic');
}
