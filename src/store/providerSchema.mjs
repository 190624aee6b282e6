// The one schema (prisma/schema.prisma, written for SQLite) as a given provider sees it: the
// datasource's provider substituted, the client's output folder set, and for PostgreSQL every
// DateTime column a timestamptz, so times are stored as instants whatever the session's zone.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const PROVIDERS = ['sqlite', 'postgresql'];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The schema text for `provider`; `output` (absolute) replaces the generator's output folder when given. */
export function providerSchema(provider, output, text = readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8')) {
  if (!PROVIDERS.includes(provider)) throw new Error(`Unknown provider ${provider}`);
  let schema = text.replace(/provider\s*=\s*"sqlite"/, `provider = "${provider}"`);
  if (output) schema = schema.replace(/output\s*=\s*"[^"]*"/, `output = ${JSON.stringify(output)}`);
  if (provider === 'postgresql') {
    // A DateTime field line: name, DateTime or DateTime?, then attributes or a comment.
    schema = schema.replace(/^(\s+\w+\s+DateTime\??)([^\n]*)$/gm, (line, field, rest) => (rest.includes('@db.') ? line : `${field} @db.Timestamptz(3)${rest}`));
  }
  return schema;
}
