import { App, LogLevel } from '@slack/bolt';
import { startFakeSlack } from '/work/main/test/fakes/slackServer.ts';
const slack = await startFakeSlack();
const app = new App({ token: 'xoxb-test', socketMode: true, appToken: 'xapp-test',
  installerOptions: { clientOptions: { slackApiUrl: slack.apiUrl } }, clientOptions: { slackApiUrl: slack.apiUrl },
  botId: 'B1', botUserId: 'U0BOT', logLevel: LogLevel.DEBUG });
await app.start();
console.log('--- started');
await new Promise(r => setTimeout(r, 2500));
console.log('--- stopping');
await app.stop();
console.log('--- stopped');
await slack.close();
