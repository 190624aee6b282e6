/**
 * What every `xinbao` subcommand shares: the config from the environment, an opened app, the
 * usage error that prints the usage and exits 2, and the value error that prints only its sentence.
 */
import { openApp, type App } from '../app.ts';
import { parseConfig, type Config } from '../config/config.ts';

/** A command written wrong (unknown, an argument missing): its sentence, then the usage; exit 2. */
export class UsageError extends Error {}

/** A value that cannot be read (a time, a number): its one sentence alone, saying how to write it; exit 2. */
export class ValueError extends Error {}

export function loadConfig(): Config {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    process.stderr.write(`xinbao: ${parsed.message}\n`);
    process.exit(2);
  }
  return parsed.config;
}

export async function withApp<T>(work: (app: App) => Promise<T>): Promise<T> {
  const app = await openApp(loadConfig());
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/**
 * A `xinbao` subcommand: its lines in the usage, and `run(args)` (the arguments after its name),
 * which returns the exit code. Declared once in the registry, src/cli/index.ts.
 */
export type Subcommand = { name: string; usage: readonly string[]; run(args: string[]): Promise<number> };

/** One usage line: the syntax, then what it does, in a column. */
export const usageLine = (syntax: string, does: string) => `${syntax.padEnd(32)} ${does}`;
