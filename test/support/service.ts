/**
 * The service (`src/main.ts`) as child processes on a test app's database, as a supervisor runs
 * them: started until they listen, asked what they are doing, killed at the end of each test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './run.ts';
import type { TestApp } from './testApp.ts';

/** What `/healthz/details` says an instance is doing. */
export type Details = { instance: string; adapters: string[]; telegramPolling?: 'holder' | 'standby'; wecomConnection?: 'holder' | 'standby' };

export type Service = {
  child: ChildProcess;
  port: number;
  stderr(): string;
  exited: Promise<unknown>;
  details(): Promise<Details>;
};

const started: ChildProcess[] = [];

/**
 * Rules in which next year's holidays are loaded. A service runs its jobs on the real clock, and
 * from 1 December, while next year's holidays are not known, the calendar job tells the editors
 * once a week how to load them (docs/rules.md, "The working calendar"): a message the tests of
 * the outbox would count as one too many. 1 January is 元旦 every year.
 */
function rulesWithNextYear(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'xinbao-service-rules-')), 'rules.yaml');
  writeFileSync(file, `calendar:\n  holidays: ['${new Date().getUTCFullYear() + 1}-01-01']\n`);
  return file;
}

/** The environment without any chat platform of the test process's own: a service gets only those `env` gives it. */
function serviceEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const own = Object.entries(process.env).filter(([key]) => !/^(TELEGRAM|SLACK|WECOM)_/.test(key));
  return { ...Object.fromEntries(own), PORT: '0', HOST: '127.0.0.1', XINBAO_RULES: rulesWithNextYear(), ...env };
}

/**
 * `node --import tsx src/main.ts` on the app's database with `env` (the chat platforms), resolving
 * once it listens. No tsx CLI in between: SIGKILL must reach the service itself.
 */
export async function startService(app: TestApp, env: Record<string, string>): Promise<Service> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts')], {
    cwd: root,
    env: serviceEnv({ DATABASE_URL: app.config.databaseUrl, ...env }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  started.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start: ${stderr}`)), 60_000);
    const listening = () => {
      const found = /"msg":"listening on 127\.0\.0\.1:(\d+)/.exec(stderr);
      if (!found) return;
      clearTimeout(timer);
      child.stderr!.off('data', listening);
      resolve(Number(found[1]));
    };
    child.stderr!.on('data', listening);
    child.once('exit', () => reject(new Error(`exited before listening: ${stderr}`)));
  });
  return {
    child,
    port,
    stderr: () => stderr,
    exited,
    async details() {
      const response = await fetch(`http://127.0.0.1:${port}/healthz/details`);
      return (await response.json()) as Details;
    },
  };
}

/** Kills (SIGKILL) every service started so far and resolves once each has exited. */
export async function killServices(): Promise<void> {
  const children = started.splice(0);
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(
    children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)),
  );
}
