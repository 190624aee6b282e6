/**
 * `npm start`: applies migrations, then starts every chat adapter whose credentials are set,
 * the outbox dispatcher and the scheduler. With no chat credentials at all, it creates the demo
 * office once and opens the console as its reporter, so a newcomer sees the product at once.
 * SIGTERM and SIGINT stop it cleanly: updates in flight finish, nothing accepted is lost, the
 * database is closed and it exits 0 (docs/running.md, "Stopping").
 */
import { type App, openApp } from './app.ts';
import { consoleSession } from './cli/console.ts';
import { parseConfig } from './config/config.ts';
import { createDemo, DEMO_REPORTER } from './demo/createDemo.ts';
import { startServices } from './services.ts';
import { stopped, stopSignal } from './stopSignal.ts';

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`xinbao: ${parsed.message}\n`);
  process.exit(2);
}
// Signals are taken from the start: one that comes while the database opens or the services
// start stops them once started, through the same shutdown.
const stop = stopSignal();
let app: App;
try {
  app = await openApp(parsed.config);
} catch (error) {
  process.stderr.write(`xinbao: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
const closeAndExit = async (code: number): Promise<never> => {
  await app.close();
  if (stop.aborted) process.stderr.write('xinbao: stopped\n');
  process.exit(code);
};
if (!parsed.config.telegram && !parsed.config.slack) {
  let code = 0;
  if (!stop.aborted) {
    await createDemo(app);
    code = await consoleSession(app, { actAs: DEMO_REPORTER, stop });
  }
  await closeAndExit(code);
}
const services = await startServices(app);
await stopped(stop);
await services.stop();
await closeAndExit(0);
