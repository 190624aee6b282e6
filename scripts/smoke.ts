/**
 * The build's smoke check (`npm run smoke`, run by CI): starts the production entry,
 * `node dist/main.js`, as an operator does — its own process, no tsx, a fresh SQLite database it
 * migrates itself, Telegram in polling mode against the fake Bot API — and checks that /healthz
 * answers, that a message sent to the bot is answered, that the `xinbao` command runs the build,
 * and that SIGTERM stops it cleanly (exit 0). Exits non-zero, saying what failed, otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsStale } from './build.mjs';
import { startFakeTelegram } from '../test/fakes/telegramServer.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = 60_000;

function fail(message: string): never {
  process.stderr.write(`smoke: ${message}\n`);
  process.exit(1);
}

async function until(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await done())) {
    if (Date.now() > deadline) fail(`no ${what} within ${TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

if (buildIsStale()) fail('dist/ is missing or older than src/: run npm run build first');
const fake = await startFakeTelegram();
const dir = mkdtempSync(path.join(tmpdir(), 'xinbao-smoke-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: `file:${path.join(dir, 'xinbao.db')}`,
  TELEGRAM_BOT_TOKEN: '123456:smoke',
  TELEGRAM_API_ROOT: fake.apiRoot,
};
for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'TELEGRAM_WEBHOOK_URL']) delete env[name];
let stderr = '';
try {
  const cli = spawnSync(process.execPath, [path.join(root, 'bin/xinbao.js'), 'migrate'], { env, encoding: 'utf8' });
  if (cli.status !== 0) fail(`xinbao migrate exited ${cli.status}:\n${cli.stderr}`);

  const started = performance.now();
  const app = spawn(process.execPath, [path.join(root, 'dist/main.js')], { cwd: dir, env: { ...env, PORT: '0', HOST: '127.0.0.1' } });
  app.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => app.once('exit', (code) => resolve(code)));
  let port: number | undefined;
  await until('"listening" line', () => {
    if (app.exitCode !== null) fail(`node dist/main.js exited ${app.exitCode}:\n${stderr}`);
    port = Number(/listening on [^\s]+:(\d+)/.exec(stderr)?.[1]) || undefined;
    return port !== undefined;
  });
  await until('answer from /healthz', async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok === true);
  const startMs = performance.now() - started;

  fake.pushText(900_001, '/help');
  await until('answer to /help', () => fake.sentMessages(900_001).length > 0);

  app.kill('SIGTERM');
  const code = await exited;
  if (code !== 0 || !stderr.includes('"msg":"stopped"')) fail(`node dist/main.js did not stop cleanly on SIGTERM (exit ${code}):\n${stderr}`);
  console.log(`smoke: node dist/main.js answered /healthz ${startMs.toFixed(0)} ms after it was started, answered a message and stopped cleanly`);
} finally {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
