/**
 * The service's log, as IT staff read it: one JSON object per line, with the update, job or
 * message it concerns, and never a token, a secret or what a person wrote.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.ts';
import { signSlackRequest, slashCommandBody } from '../fakes/slackServer.ts';
import { captureLogs } from '../support/logs.ts';
import { startOffice, TOKEN, type Office } from './support.ts';

const TITLE = '罗山县冬季农田水利建设全面铺开';
const BODY = '全县组织劳力两万余人次，新修和整修渠道一百二十公里，完成计划的六成以上。';
const ZHANGWEI = 501;

let office: Office | undefined;
afterEach(async () => {
  await office?.close();
  office = undefined;
});

describe('the log of a Telegram update', () => {
  it('is JSON lines naming the platform, update, chat and command, never the token or the message', async () => {
    office = await startOffice({ telegram: 'polling' });
    const { telegram, logs, invites } = office;
    telegram.pushText(ZHANGWEI, `/start ${invites.zhangwei}`);
    await telegram.waitFor((call) => call.method === 'sendMessage' && call.params.chat_id === ZHANGWEI);
    const from = telegram.calls.length;
    const submit = telegram.pushText(ZHANGWEI, `/submit ${TITLE}\n${BODY}`);
    await telegram.waitFor((call) => call.method === 'sendMessage' && String(call.params.text).includes(TITLE), 10_000, from);
    // A fault: Telegram refuses the reply. The person's message is in hand, the error is logged.
    telegram.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    const help = telegram.pushText(ZHANGWEI, '/help');
    await expect.poll(() => logs.messages()).toContain('the update failed');

    const entries = logs.entries();
    for (const entry of entries)
      expect(entry).toMatchObject({ level: expect.any(String), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), msg: expect.any(String) });
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'info',
        msg: 'update handled',
        platform: 'telegram',
        updateId: String(submit.update_id),
        chatId: String(ZHANGWEI),
        command: 'submit',
        outcome: 'ok',
        ms: expect.any(Number),
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'the update failed',
        component: 'telegram',
        platform: 'telegram',
        updateId: String(help.update_id),
        chatId: String(ZHANGWEI),
        err: expect.objectContaining({ message: "Call to 'sendMessage' failed! (400: Bad Request: chat not found)" }),
      }),
    );
    // Whatever the level: no token, no invite code, nothing the person wrote.
    const everything = logs.lines.join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(TOKEN.split(':')[1]);
    expect(everything).not.toContain(invites.zhangwei);
    expect(everything).not.toContain(TITLE);
    expect(everything).not.toContain(BODY.slice(0, 8));
  }, 30_000);

  it('routes Bolt’s own lines into it: a forged Slack request is a warning of the slack component', async () => {
    office = await startOffice({ slack: 'http' });
    const body = slashCommandBody({ user_id: 'U501', channel_id: 'D501', text: `submit ${TITLE}` });
    const response = await fetch(office.url('/slack/events'), { method: 'POST', headers: signSlackRequest('not-the-secret', body), body });
    expect(response.status).toBe(401);
    expect(office.logs.entries()).toContainEqual(
      expect.objectContaining({ level: 'warn', component: 'slack', msg: expect.stringContaining('Request verification failed') }),
    );
    expect(office.logs.lines.join('\n')).not.toContain(TITLE);
  });
});

describe('a logger', () => {
  it('masks the configured secrets wherever they appear, and redacts token-like and message fields', () => {
    const logs = captureLogs({ secrets: [TOKEN, 'p@ss"word'] });
    const error = new Error(`request to https://api.telegram.org/bot${TOKEN}/getMe failed`);
    logs.logger.error({ err: error, password: 'hunter22', headers: { authorization: 'Bearer xoxb-1' }, text: BODY }, `cannot reach bot${TOKEN}`);
    logs.logger.warn({ url: 'postgresql://xinbao:p@ss"word@db/xinbao' }, 'the database moved');
    const written = logs.lines.join('\n');
    expect(written).not.toContain(TOKEN);
    expect(written).not.toContain('p@ss');
    expect(written).not.toContain('hunter22');
    expect(written).not.toContain('xoxb-1');
    expect(written).not.toContain(BODY);
    const [first, second] = logs.entries();
    expect(first).toMatchObject({
      level: 'error',
      msg: 'cannot reach bot[secret]',
      password: '[redacted]',
      headers: { authorization: '[redacted]' },
      text: '[redacted]',
      err: { message: 'request to https://api.telegram.org/bot[secret]/getMe failed', stack: expect.stringContaining('bot[secret]/getMe') },
    });
    expect(second).toMatchObject({ level: 'warn', url: 'postgresql://xinbao:[secret]@db/xinbao' });
  });

  it('writes from its level up', () => {
    const logs = captureLogs({ level: 'warn' });
    logs.logger.info('not written');
    logs.logger.child({ job: 'urgent.chase' }).warn('written');
    expect(logs.entries()).toEqual([expect.objectContaining({ level: 'warn', job: 'urgent.chase', msg: 'written' })]);
  });

  it('writes readable lines when asked to (a terminal), not JSON', () => {
    const lines: string[] = [];
    const logger = createLogger({ pretty: true, destination: { write: (line) => void lines.push(line) } });
    logger.info({ job: 'urgent.chase' }, 'job ran');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('job ran');
    expect(lines[0]!.trimStart().startsWith('{')).toBe(false);
  });
});
