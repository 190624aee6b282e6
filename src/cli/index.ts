/** The subcommands kept in their own files; src/cli.ts runs them by name. One line each. */
import { auditCommand } from './audit.ts';
import { rulesCommand } from './rules.ts';
import { exportCommand } from './export.ts';
import type { Subcommand } from './shared.ts';

export const subcommands: Subcommand[] = [];
subcommands.push(rulesCommand, auditCommand);
subcommands.push(exportCommand);
