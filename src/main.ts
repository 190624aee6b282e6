/**
 * `npm start`: applies migrations, then starts every chat adapter whose credentials are set,
 * the outbox dispatcher and the scheduler. With no chat credentials at all, it creates the demo
 * office once and opens the console as its reporter, so a newcomer sees the product at once.
 * SIGTERM and SIGINT stop it cleanly: updates in flight finish, nothing accepted is lost, the
 * database is closed and it exits 0 (docs/running.md, "Stopping").
 *
 * The service logs JSON lines on stderr from LOG_LEVEL (info); the console, whose stdout is the
 * chat, logs only warnings and errors there unless LOG_LEVEL says otherwise (docs/running.md, "Logs").
 */
import { type App, openApp } from './app.ts';
import { consoleSession } from './cli/console.ts';
import { parseConfig, secretsOf } from './config/config.ts';
import { createDemo, DEMO_REPORTER } from './demo/createDemo.ts';
import { createLogger } from './observability/logger.ts';
import { startServices } from './services.ts';
import { stopped, stopSignal } from './stopSignal.ts';

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`xinbao: ${parsed.message}\n`);
  process.exit(2);
}
const inConsole = !parsed.config.telegram && !parsed.config.slack && !parsed.config.wecom;
const logger = createLogger({ level: parsed.config.logLevel ?? (inConsole ? 'warn' : 'info'), secrets: secretsOf(parsed.config) });
// Signals are taken from the start: one that comes while the database opens or the services
// start stops them once started, through the same shutdown.
const stop = inConsole ? stopSignal() : stopSignal((signal) => logger.info({ signal }, `${signal}: stopping`));
let app: App;
try {
  app = await openApp(parsed.config);
} catch (error) {
  process.stderr.write(`xinbao: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
const closeAndExit = async (code: number): Promise<never> => {
  await app.close();
  if (stop.aborted && inConsole) process.stderr.write('xinbao: stopped\n');
  else if (stop.aborted) logger.info('stopped');
  process.exit(code);
};
if (inConsole) {
  let code = 0;
  if (!stop.aborted) {
    await createDemo(app);
    code = await consoleSession(app, { actAs: DEMO_REPORTER, stop, logger });
  }
  await closeAndExit(code);
}
const services = await startServices(app, { logger });
await stopped(stop);
await services.stop();
await closeAndExit(0);
