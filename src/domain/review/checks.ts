import type { ReviewEntry } from './port.ts';
import { fail, ok, type Failure, type Result } from '../result.ts';
import { charLength } from '../items/validateItem.ts';
import { trimText } from '../text.ts';

const REASON_MAX = 500;

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** A reason for returning, declining or sending back: 1–500 characters, no control characters. */
export function validateReason(value: string): Result<string> {
  const reason = trimText(value);
  if (CONTROL.test(reason)) return fail('ITEM.CONTROL_CHARS');
  if (reason.length === 0 || charLength(reason) > REASON_MAX) return fail('REVIEW.REASON', { length: charLength(reason) });
  return ok(reason);
}

/** Why an item in this state cannot be decided on by the office (null when it waits for review). */
export function reviewRefusal(entry: ReviewEntry): Failure | null {
  const id = entry.item.id;
  switch (entry.item.status) {
    case 'submitted':
      return null;
    case 'signoff':
      return { code: 'REVIEW.AWAITING_SIGNOFF', params: { id } };
    case 'adopted':
      return { code: 'REVIEW.ADOPTED', params: { id } };
    case 'returned':
      return { code: 'REVIEW.RETURNED', params: { id } };
    case 'declined':
      return { code: 'REVIEW.DECLINED', params: { id } };
    case 'withdrawn':
      return { code: 'REVIEW.WITHDRAWN', params: { id } };
  }
}
