/**
 * A database that cannot be used as configured: unreachable, refusing the password, missing, or
 * holding the other database's migrations. The message is one sentence saying what to do; the
 * process exits non-zero having written nothing.
 */
export class DatabaseSetupError extends Error {
  override name = 'DatabaseSetupError';
}

/** The URL with any password replaced by ***, for messages. */
export function withoutPassword(databaseUrl: string): string {
  return databaseUrl.replace(/^(\w+:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

/** A PostgreSQL connection failure as one sentence (the driver's codes: pg's and the server's SQLSTATE). */
export function explainConnectionError(error: unknown, databaseUrl: string): DatabaseSetupError {
  const code = (error as { code?: string }).code ?? '';
  const where = withoutPassword(databaseUrl);
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1)) || url.username || 'postgres';
  const sentences: Record<string, string> = {
    ECONNREFUSED: `No PostgreSQL server answers at ${url.host}: start it, or correct the host and port in DATABASE_URL.`,
    ENOTFOUND: `The host ${url.hostname} in DATABASE_URL is not known: correct it.`,
    ETIMEDOUT: `The PostgreSQL server at ${url.host} did not answer in time: check that it is running and reachable.`,
    '28P01': `PostgreSQL refused the password for user ${url.username || 'postgres'}: correct the password in DATABASE_URL.`,
    '28000': `PostgreSQL refused user ${url.username || 'postgres'} (${where}): allow it in pg_hba.conf or use another user.`,
    '3D000': `The database "${database}" does not exist on ${url.host}: create it (createdb ${database}) and start again.`,
  };
  const sentence = sentences[code] ?? `Could not connect to PostgreSQL at ${where}: ${error instanceof Error ? error.message : String(error)}.`;
  return new DatabaseSetupError(sentence, { cause: error });
}
