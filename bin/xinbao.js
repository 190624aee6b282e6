#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (the Prisma client is generated as .ts on install).
import { register } from 'tsx/esm/api';

register();
process.env.XINBAO_CLI = '1';
await import('../src/cli.ts');
