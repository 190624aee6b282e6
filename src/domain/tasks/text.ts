import { charLength } from '../items/validateItem.ts';
import { fail, ok, type Result } from '../result.ts';
import { trimText } from '../text.ts';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/**
 * Checks free text a person typed (an instruction, a feedback, a commission's topic): trimmed,
 * `min`–`max` characters as people count them, no control characters. Fails with `code` and the
 * length when it is too short or too long.
 */
export function validateText(value: string, code: string, min: number, max: number): Result<string> {
  const trimmed = trimText(value);
  if (CONTROL.test(trimmed)) return fail('ITEM.CONTROL_CHARS');
  const length = charLength(trimmed);
  if (length < min || length > max) return fail(code, { length });
  return ok(trimmed);
}

/** The first `max` characters of a text on one line, with … when cut (for lists and buttons). */
export function excerpt(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, max).join('')}…`;
}
