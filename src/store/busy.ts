/**
 * Whether an error is the database being busy rather than broken: SQLite's write lock held by
 * another connection past the busy timeout (Prisma reports it as "Operation has timed out"), or
 * the adapter's own wait for its connection. Such work can simply be tried again later.
 */
export function isDatabaseBusy(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth += 1) {
    const text = cause instanceof Error ? `${(cause as { code?: string }).code ?? ''} ${cause.message}` : String(cause);
    if (/SQLITE_BUSY|SQLITE_LOCKED|database is locked|Operation has timed out|waiting for mutex|P1008|P2034/i.test(text)) return true;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return false;
}
