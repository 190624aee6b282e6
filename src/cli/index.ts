/** The subcommands kept in their own files; src/cli.ts runs them by name. One line each. */
import type { Subcommand } from './shared.ts';

export const subcommands: Subcommand[] = [];
