/**
 * Rule violations are values: a use case returns `fail(code, params)` for what a user did wrong
 * and throws only for infrastructure faults. Each code is a stable string that maps to a key in
 * the message catalog (`error.<code>`), and params fill the sentence.
 */
export type Failure = { code: string; params?: Record<string, string | number> };
export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: string, params?: Failure['params']): Result<T> => ({
  ok: false,
  error: params ? { code, params } : { code },
});

/** Whether a value is a failed `Result` (how the store's transaction knows to roll back). */
export const isFailure = (value: unknown): value is { ok: false; error: Failure } =>
  typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false && 'error' in value;
