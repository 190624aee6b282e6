/**
 * `npm start`: applies migrations, then starts every chat adapter whose credentials are set.
 * With no chat credentials at all, it creates the demo office once and opens the console as
 * its reporter, so a newcomer sees the product at once.
 */
import { openApp } from './app.ts';
import { consoleSession } from './cli.ts';
import { parseConfig } from './config/config.ts';
import { createDemo, DEMO_REPORTER } from './demo/createDemo.ts';

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`xinbao: ${parsed.message}\n`);
  process.exit(2);
}
const app = await openApp(parsed.config);
if (!parsed.config.telegram && !parsed.config.slack) {
  await createDemo(app);
  const code = await consoleSession(app, { actAs: DEMO_REPORTER });
  await app.close();
  process.exit(code);
}
process.stderr.write('xinbao: chat adapters are not wired yet.\n');
await app.close();
process.exit(1);
