/** The WeCom adapter: WeCom's own SDK over the fake long connection, the real engine and database. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/catalog.ts';
import { FAKE_WECOM_BOT_ID } from '../../fakes/wecomServer.ts';
import { pushedTo, shownText, startHarness, type Harness } from './support.ts';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h?.close();
});

const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the WeCom adapter', () => {
  it('subscribes with the bot id and secret', () => {
    const subscribe = h.wecom.sent('aibot_subscribe')[0];
    expect(subscribe?.body).toMatchObject({ bot_id: FAKE_WECOM_BOT_ID });
    expect(h.bot.connected()).toBe(true);
  });

  it('binds with /start CODE and answers /status in the person single chat', async () => {
    const welcome = await h.say('liuyang', `/start ${h.invites.liuyang}`);
    expect(shownText(welcome)).toContain('刘洋，您好');
    const account = await h.testApp.db.chatIdentity.findUnique({ where: { platform_platformUserId: { platform: 'wecom', platformUserId: 'liuyang' } } });
    expect(account).not.toBeNull();

    const status = await h.say('liuyang', '/status');
    expect(shownText(status)).toContain('罗山县政府办');
  });

  it('binds a person whose first message is the invite code alone, as a deep link would', async () => {
    const answer = await h.say('liuyang', h.invites.liuyang!);
    expect(shownText(answer)).toContain('刘洋，您好');
    expect(await h.testApp.store.people.byIdentity('wecom', 'liuyang')).toMatchObject({ code: 'liuyang' });
  });

  it('greets a stranger opening the chat with how to bind, and leaves a bound person in peace', async () => {
    const from = h.wecom.frames.length;
    h.wecom.pushEnterChat('stranger-7');
    const greeting = await h.wecom.waitFor((frame) => frame.cmd === 'aibot_respond_welcome_msg', from);
    expect(greeting.body).toEqual({ msgtype: 'text', text: { content: translate('zh-CN', 'help.unbound') } });

    await h.say('liuyang', `/start ${h.invites.liuyang}`);
    const after = h.wecom.frames.length;
    h.wecom.pushEnterChat('liuyang');
    await h.say('liuyang', '/status');
    expect(h.wecom.sent('aibot_respond_welcome_msg', after)).toEqual([]);
  });

  it('in a group, drops the leading @-mention and answers in the group chat', async () => {
    await h.say('liuyang', `/start ${h.invites.liuyang}`);
    const from = h.wecom.frames.length;
    h.wecom.pushText('liuyang', '@信报 /status', { chatid: 'group-1' });
    const status = await h.wecom.waitFor((frame) => frame.cmd === 'aibot_send_msg', from);
    expect(status.body?.chatid).toBe('group-1');
    expect(shownText(status)).toContain('罗山县政府办');
  });

  it('answers a frame delivered twice once', async () => {
    await h.say('liuyang', `/start ${h.invites.liuyang}`);
    const from = h.wecom.frames.length;
    h.wecom.pushText('liuyang', '/status', { msgid: 'dup-1' });
    await h.wecom.waitFor((frame) => frame.cmd === 'aibot_send_msg', from);
    await settle();
    const once = pushedTo(h.wecom, 'liuyang', from).length;
    h.wecom.pushText('liuyang', '/status', { msgid: 'dup-1' });
    await settle(500);
    expect(once).toBeGreaterThan(0);
    expect(pushedTo(h.wecom, 'liuyang', from)).toHaveLength(once);
  });

  it('refuses a forged card button with one sentence and changes nothing', async () => {
    await h.say('liuyang', `/start ${h.invites.liuyang}`);
    const before = await h.testApp.db.auditLog.count();
    const from = h.wecom.frames.length;
    h.wecom.pushCardEvent('liuyang', 'adopt:999999:forged');
    const answer = await h.wecom.waitFor((frame) => frame.cmd === 'aibot_send_msg', from);
    await settle();
    expect(pushedTo(h.wecom, 'liuyang', from)).toHaveLength(1);
    expect(shownText(answer).split('\n')).toHaveLength(1);
    expect(await h.testApp.db.auditLog.count()).toBe(before);
  });

  it('reconnects after the server drops the socket and goes on answering', async () => {
    await h.say('liuyang', `/start ${h.invites.liuyang}`);
    expect(h.wecom.connectionsOpened()).toBe(1);
    h.wecom.dropAll();
    await h.wecom.waitUntil(() => h.wecom.connectionsOpened() === 2 && h.wecom.authenticated() === 1);
    await h.wecom.waitUntil(() => h.bot.connected());
    const status = await h.say('liuyang', '/status');
    expect(shownText(status)).toContain('罗山县政府办');
  });
});
