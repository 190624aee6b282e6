/**
 * Splitting long lists for multi-row statements: SQLite binds at most 32,766 values per
 * statement, so a read by many ids or an insert of many rows goes in parts well under it.
 */

/** The most values SQLite binds in one statement (PostgreSQL takes 65,535). */
export const MAX_BOUND_VALUES = 32_766;
/** Ids per `IN (…)` list. */
export const IDS_PER_STATEMENT = 900;
/** Rows per multi-row INSERT (each binds several values). */
export const ROWS_PER_STATEMENT = 400;

/** `list` in consecutive parts of at most `size` entries (none for an empty list). */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
