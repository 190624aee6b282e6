#!/usr/bin/env node
// The `xinbao` command: runs the build in dist/ (scripts/build.mjs, made on install and by
// npm start). While dist/ is missing or older than a source, it runs src/ through tsx instead,
// so the command never runs code older than the sources and never writes the build itself
// (several commands may run at once).
import { buildIsStale } from '../scripts/build.mjs';

process.env.XINBAO_CLI = '1';
if (buildIsStale()) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
} else {
  await import('../dist/cli.js');
}
