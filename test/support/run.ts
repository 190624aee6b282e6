/** Runs the real `xinbao` CLI or `npm start` entry as a child process, feeding stdin. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');

export type RunResult = { code: number | null; stdout: string; stderr: string };

function run(args: string[], options: { env?: Record<string, string>; input?: string; cwd?: string }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    for (const name of ['TELEGRAM_BOT_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'XINBAO_LOCALE']) {
      if (!(options.env && name in options.env)) delete env[name];
    }
    const child = spawn(process.execPath, args, { cwd: options.cwd ?? root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** `xinbao ARGS…` */
export const xinbao = (args: string[], options: { env?: Record<string, string>; input?: string; cwd?: string } = {}) =>
  run([path.join(root, 'bin/xinbao.js'), ...args], options);

/** `npm start` (src/main.ts through tsx), in `cwd`. */
export const npmStart = (options: { env?: Record<string, string>; input?: string; cwd?: string } = {}) =>
  run([tsxCli, path.join(root, 'src/main.ts')], options);
