/** Making a test app's SQLite database busy: another connection holds its write lock. */
import path from 'node:path';
import Database from 'better-sqlite3';

/** Holds the write lock of the SQLite database in the test app's `dir` until the returned release() is called. */
export function lockDatabase(dir: string): () => void {
  const other = new Database(path.join(dir, 'test.db'));
  other.exec('BEGIN IMMEDIATE');
  return () => {
    other.exec('ROLLBACK');
    other.close();
  };
}
