/**
 * Prisma's official schema engine, compiled to WebAssembly, loaded in-process. The Prisma CLI
 * needs a native engine it would download; this one ships inside an npm package, so migrations
 * work offline and write the same `_prisma_migrations` table as `prisma migrate deploy`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

const require = createRequire(import.meta.url);

type WasmSchemaEngine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

type SchemaEngineModule = {
  __wbg_set_wasm(exports: unknown): void;
  SchemaEngine: {
    new: (options: unknown, log: (message: string) => void, adapter: unknown) => Promise<WasmSchemaEngine>;
  };
};

let loaded: Promise<SchemaEngineModule> | undefined;

async function loadModule(): Promise<SchemaEngineModule> {
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const packageDir = path.dirname(bgPath);
  const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as SchemaEngineModule & Record<string, unknown>;
  const bytes = readFileSync(path.join(packageDir, 'schema_engine_bg.wasm'));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bg;
}

export type BoundEngine = {
  engine: WasmSchemaEngine;
  /** Frees the engine and closes every connection it opened (free() alone leaves them open). */
  close(): Promise<void>;
  /** Turns "External error id#N" into the driver's own error text. */
  explain(error: unknown): Error;
};

/** Starts a schema engine on the given schema text and driver adapter factory. */
export async function startSchemaEngine(schemaPath: string, schemaText: string, adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<BoundEngine> {
  loaded ??= loadModule();
  const bg = await loaded;
  const opened: { dispose(): Promise<void> }[] = [];
  const tracking = Object.create(adapterFactory) as SqlMigrationAwareDriverAdapterFactory;
  tracking.connect = async () => {
    const adapter = await adapterFactory.connect();
    opened.push(adapter);
    return adapter;
  };
  tracking.connectToShadowDb = async () => {
    const adapter = await adapterFactory.connectToShadowDb();
    opened.push(adapter);
    return adapter;
  };
  const bound = bindMigrationAwareSqlAdapterFactory(tracking);
  const engine = await bg.SchemaEngine.new({ datamodels: [[schemaPath, schemaText]] }, () => {}, bound);
  const explain = (error: unknown): Error => {
    const message = error instanceof Error ? error.message : String(error);
    const match = /External error id#(\d+)/.exec(message);
    if (match) {
      const registry = (bound as unknown as { errorRegistry?: { consumeError(id: number): { error?: unknown } | undefined } }).errorRegistry;
      const original = registry?.consumeError(Number(match[1]));
      if (original) return new Error(`${message}: ${JSON.stringify(original.error ?? original)}`);
    }
    return error instanceof Error ? error : new Error(message);
  };
  const close = async () => {
    engine.free();
    await Promise.all(opened.splice(0).map((adapter) => adapter.dispose()));
  };
  return { engine, explain, close };
}

export const emptyFilters = { externalTables: [], externalEnums: [] };
