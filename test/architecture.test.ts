/**
 * The import directions of docs/architecture.md, checked on the source: a layer that reaches
 * the wrong way fails here, with the file and the import named.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'generated') return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** Every import of a layer's files, as `file: specifier`, resolved to a path under src/ when relative. */
function importsOf(layer: string): { file: string; target: string }[] {
  return sourceFiles(path.join(src, layer)).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gms)].map((match) => {
      const specifier = match[1]!;
      const target = specifier.startsWith('.') ? path.relative(src, path.resolve(path.dirname(file), specifier)) : specifier;
      return { file: path.relative(src, file), target };
    }),
  );
}

const reaching = (layer: string, allowed: (target: string) => boolean) =>
  importsOf(layer)
    .filter(({ target }) => !allowed(target))
    .map(({ file, target }) => `${file}: ${target}`);

const isNodeBuiltin = (target: string) => target.startsWith('node:');
const within =
  (...layers: string[]) =>
  (target: string) =>
    layers.some((layer) => target === layer || target.startsWith(`${layer}/`));

describe('import directions', () => {
  it('the domain imports nothing outside itself but node built-ins, zod, yaml, date-fns, cron-parser and the holiday data', () => {
    const pure = ['zod', 'yaml', '@date-fns/tz', 'cron-parser', 'chinese-days/dist/chinese-days.json'];
    // date-fns by its one-function modules too (date-fns/format): its index loads all 300 of them.
    expect(reaching('domain', (target) => within('domain', 'date-fns')(target) || isNodeBuiltin(target) || pure.includes(target))).toEqual([]);
  });

  it('the store imports only the domain, its own files and Prisma', () => {
    expect(
      reaching(
        'store',
        (target) =>
          within('store', 'domain')(target) || isNodeBuiltin(target) || target.startsWith('@prisma/') || target === 'better-sqlite3' || target === 'pg',
      ),
    ).toEqual([]);
  });

  it('reports, jobs and i18n never import the chat layer or an adapter', () => {
    for (const layer of ['reports', 'jobs', 'i18n']) expect(reaching(layer, (target) => !within('chat', 'bots')(target))).toEqual([]);
  });

  it('only src/observability imports the logging and metrics libraries: the rest log and count through its ports', () => {
    const libraries = ['pino', 'pino-pretty', 'prom-client'];
    for (const layer of ['domain', 'store', 'chat', 'bots', 'jobs', 'reports', 'i18n', 'config', 'server', 'cli']) {
      expect(reaching(layer, (target) => !libraries.includes(target))).toEqual([]);
    }
  });

  it('only the wiring imports an adapter', () => {
    for (const layer of ['domain', 'store', 'chat', 'jobs', 'reports', 'i18n', 'config']) {
      expect(reaching(layer, (target) => !within('bots')(target))).toEqual([]);
    }
  });
});
