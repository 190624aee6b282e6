/**
 * `npm start`: applies migrations, then starts every chat adapter whose credentials are set,
 * the outbox dispatcher and the scheduler. With no chat credentials at all, it creates the demo
 * office once and opens the console as its reporter, so a newcomer sees the product at once.
 * SIGTERM and SIGINT stop it cleanly: updates in flight finish, nothing accepted is lost.
 */
import { type App, openApp } from './app.ts';
import { consoleSession } from './cli/console.ts';
import { parseConfig } from './config/config.ts';
import { createDemo, DEMO_REPORTER } from './demo/createDemo.ts';
import { startServices } from './services.ts';

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`xinbao: ${parsed.message}\n`);
  process.exit(2);
}
let app: App;
try {
  app = await openApp(parsed.config);
} catch (error) {
  process.stderr.write(`xinbao: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
if (!parsed.config.telegram && !parsed.config.slack) {
  await createDemo(app);
  const code = await consoleSession(app, { actAs: DEMO_REPORTER });
  await app.close();
  process.exit(code);
}
// Signals are taken from the start: one that comes while the services start stops them once started.
const starting = startServices(app);
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`xinbao: ${signal}: stopping\n`);
  const services = await starting;
  await services.stop();
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
await starting;
