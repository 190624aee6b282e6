/**
 * What the review and sign-off commands share: reading an item reference and a reason from a
 * form field, and saying a refusal.
 */
import { validateReason } from '../../domain/review/checks.ts';
import type { Failure } from '../../domain/result.ts';
import { hasMessage } from '../../i18n/catalog.ts';
import { errorText } from '../../i18n/errorText.ts';
import type { ChatContext } from '../context.ts';
import { parseRef } from './reference.ts';

/** One catalog sentence for a refusal; an item's status in the params is said as a word. */
export function refusal(ctx: ChatContext, error: Failure): string {
  const status = error.params?.status;
  const key = `status.${status}`;
  if (typeof status === 'string' && hasMessage(key)) return errorText(ctx.t, { ...error, params: { ...error.params, status: ctx.t(key) } });
  return errorText(ctx.t, error);
}

/** The error sentence for a field that is not a bare item reference (`#N`), or null. */
export const refIn = (ctx: ChatContext, value: string) => (parseRef(value)?.rest === '' ? null : errorText(ctx.t, { code: 'REVIEW.REF' }));

/** The error sentence for a reason that does not do (too short, too long, control characters), or null. */
export const reasonIn = (ctx: ChatContext, value: string) => {
  const result = validateReason(value);
  return result.ok ? null : errorText(ctx.t, result.error);
};
