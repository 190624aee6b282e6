// Generates both Prisma clients offline on install, from the one schema (prisma/schema.prisma):
// SQLite's as written, PostgreSQL's with the provider substituted and every DateTime stored as
// timestamptz (docs/database.md). Prisma 7 bakes the provider into the client, hence two.
// `prisma generate` needs no schema engine, but Prisma tries to download one first unless told
// where one is: any existing file stops that.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { providerSchema } from '../src/store/providerSchema.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const prisma = path.join(root, 'node_modules/prisma/build/index.js');
const outDir = path.join(root, 'src/store/generated');

for (const provider of ['sqlite', 'postgresql']) {
  // The substituted schema sits in the client's own folder (generated, not committed).
  const schemaFile = path.join(outDir, `schema.${provider}.prisma`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(schemaFile, providerSchema(provider, path.join(outDir, provider)));
  const result = spawnSync(process.execPath, [prisma, 'generate', '--schema', schemaFile], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
