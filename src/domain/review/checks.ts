/** What the review, adoption and sign-off use cases share: their deps, the reason check, refusals by state. */
import type { Clock, ReviewEntry, Store } from '../ports.ts';
import { fail, ok, type Failure, type Result } from '../result.ts';
import type { Rules } from '../rules/schema.ts';
import { charLength } from '../items/validateItem.ts';

export type ReviewDeps = { store: Store; clock: Clock; rules: Rules; rulesVersion?: number };

export const REASON_MAX = 500;

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** A reason for returning, declining or sending back: 1–500 characters, no control characters. */
export function validateReason(value: string): Result<string> {
  const reason = value.replace(/\r\n?/g, '\n').trim();
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
  }
}

class Refused extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}

/**
 * Runs `work` in one transaction and commits only when it succeeds: a refusal found half-way
 * (after a write) rolls everything back, so a refused action stores nothing.
 */
export async function atomically<T>(store: Store, work: (tx: Store) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await store.transaction(async (tx) => {
      const result = await work(tx);
      if (!result.ok) throw new Refused(result.error);
      return result;
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, error: error.failure };
    throw error;
  }
}
