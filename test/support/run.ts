/** Runs the real `xinbao` CLI or `npm start` entry as a child process, feeding stdin. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// `npm start` runs the build of src/ (dist/main.js); tests run src/ itself, as vitest does: node
// with tsx's loader in the same process (no tsx CLI wrapper).
const tsxLoader = import.meta.resolve('tsx');

export type RunResult = { code: number | null; stdout: string; stderr: string };

/** The environment of a child: this one's, without chat credentials or a locale the test did not give. */
function childEnv(given: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...given };
  for (const name of ['TELEGRAM_BOT_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'XINBAO_LOCALE']) {
    if (!(name in given)) delete env[name];
  }
  return env;
}

function run(args: string[], options: { env?: Record<string, string>; input?: string; cwd?: string }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env = childEnv(options.env);
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

/** `npm start`'s app from the sources (`node --import tsx src/main.ts`), in `cwd`. */
export const npmStart = (options: { env?: Record<string, string>; input?: string; cwd?: string } = {}) =>
  run(['--import', tsxLoader, path.join(root, 'src/main.ts')], options);

export type NpmProcess = {
  /** npm's own pid, which is also the id of the process group it leads. */
  pid: number;
  /** Resolves once stdout or stderr has shown `text`, with what stderr has shown so far. */
  shown(text: string, timeoutMs?: number): Promise<void>;
  stderr(): string;
  /** npm's exit: its code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether any process of npm's group (npm, the shell, node, their children) is still alive. */
  groupAlive(): boolean;
  /** Kills whatever is left of the group (SIGKILL), for a test's clean-up. */
  killGroup(): void;
};

/**
 * `npm ARGS…` from the project root as a supervisor starts it, in its own process group, so a
 * test can signal npm alone or the whole group. Stdin is closed, or given `input` and left open.
 */
export function npmDetached(args: string[], options: { env?: Record<string, string>; input?: string } = {}): NpmProcess {
  const env = { ...childEnv(options.env), npm_config_update_notifier: 'false' };
  const child = spawn('npm', args, { cwd: root, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('npm did not start');
  let output = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => {
    output += chunk;
    stderr += chunk;
  });
  if (options.input === undefined) child.stdin.end();
  else child.stdin.write(options.input);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const groupAlive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw error;
    }
  };
  return {
    pid,
    shown: (text, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!output.includes(text)) return;
          clearTimeout(timer);
          child.stdout.off('data', check);
          child.stderr.off('data', check);
          resolve();
        };
        const timer = setTimeout(() => reject(new Error(`npm ${args.join(' ')} did not show "${text}":\n${output}`)), timeoutMs);
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        check();
      }),
    stderr: () => stderr,
    exited,
    groupAlive,
    killGroup: () => {
      if (groupAlive()) process.kill(-pid, 'SIGKILL');
    },
  };
}
