/**
 * The `xinbao` command (docs/cli.md): finds the subcommand named by the first argument in the
 * registry (src/cli/index.ts) and runs it. A usage error prints the usage and exits 2; a value it
 * cannot read, or a database it cannot use, is one sentence and exit 2.
 */
import { findSubcommand, usage } from './cli/index.ts';
import { UsageError, ValueError } from './cli/shared.ts';
import { DatabaseSetupError } from './store/setupError.ts';

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const subcommand = findSubcommand(name);
  if (!subcommand) throw new UsageError(`unknown command ${name}`);
  return subcommand.run(rest);
}

if (import.meta.url === `file://${process.argv[1]}` || process.env.XINBAO_CLI === '1') {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`xinbao: ${error.message}\n${usage()}\n`);
        process.exit(2);
      }
      if (error instanceof ValueError || error instanceof DatabaseSetupError) {
        process.stderr.write(`xinbao: ${error.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`xinbao: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
