/**
 * Proves the local fakes work with the real libraries: grammY against the fake
 * Telegram Bot API, Bolt (HTTP and Socket Mode) against the fake Slack, WeCom's aibot SDK
 * against the fake WeCom long connection.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Bot, GrammyError, HttpError, InputFile } from 'grammy';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegramServer.ts';
import { WSClient, type WsFrame } from '@wecom/aibot-node-sdk';
import { FAKE_WECOM_BOT_ID, FAKE_WECOM_SECRET, startFakeWeCom, type FakeWeCom } from '../fakes/wecomServer.ts';
import { blockActionBody, eventBody, signSlackRequest, slashCommandBody, startFakeSlack, type FakeSlack } from '../fakes/slackServer.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fake Telegram with grammY', () => {
  let tg: FakeTelegram;
  let bot: Bot;
  let running: Promise<void> | undefined;
  const handled: string[] = [];

  beforeEach(async () => {
    handled.length = 0;
    tg = await startFakeTelegram();
    bot = new Bot('123456:TEST', { client: { apiRoot: tg.apiRoot } });
    bot.command('start', async (ctx) => {
      handled.push(`start:${ctx.match}`);
      await ctx.reply(`你好 ${ctx.match}`);
    });
    bot.on('callback_query:data', async (ctx) => {
      handled.push(`cb:${ctx.callbackQuery.data}`);
      await ctx.answerCallbackQuery({ text: 'ok' });
      await ctx.editMessageText('done');
    });
    bot.catch((err) => {
      handled.push(`error:${String(err.error)}`);
    });
    await new Promise<void>((resolve, reject) => {
      running = bot.start({ onStart: () => resolve(), timeout: 30 });
      running.catch(reject);
    });
  });

  afterEach(async () => {
    if (bot?.isRunning()) await bot.stop();
    await running;
    await tg?.close();
  });

  it('answers getMe with the test bot', () => {
    expect(bot.botInfo.username).toBe('xinbao_test_bot');
    expect(tg.callsTo('getMe')).toHaveLength(1);
    expect(tg.calls[0]?.token).toBe('123456:TEST');
  });

  it('long-polls for real: grammY does not spin with no updates', async () => {
    await tg.waitFor('getUpdates');
    const before = tg.callsTo('getUpdates').length;
    await sleep(1500);
    const during = tg.callsTo('getUpdates').length - before;
    expect(during).toBeLessThanOrEqual(2);
    const last = tg.callsTo('getUpdates').at(-1)!;
    expect(last.params.timeout).toBe(30);
  });

  it('delivers a pushed /start command and records the reply', async () => {
    const update = tg.pushText(1001, '/start abc');
    expect(update.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    const reply = await tg.waitFor((c) => c.method === 'sendMessage' && c.params.chat_id === 1001);
    expect(reply.params.text).toBe('你好 abc');
    expect(handled).toContain('start:abc');
    // the next getUpdates confirms the update via offset
    await tg.waitFor((c) => c.method === 'getUpdates' && c.params.offset === update.update_id + 1);
    expect(tg.pendingUpdates()).toHaveLength(0);
  });

  it('recognises /command@botname', async () => {
    const update = tg.pushText(1002, '/start@xinbao_test_bot xyz');
    expect(update.message?.entities?.[0]?.length).toBe('/start@xinbao_test_bot'.length);
    const reply = await tg.waitFor((c) => c.method === 'sendMessage' && c.params.chat_id === 1002);
    expect(reply.params.text).toBe('你好 xyz');
  });

  it('delivers callback queries on the bot’s last message', async () => {
    const sent = await bot.api.sendMessage(1003, 'pick', {
      reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'pick:a' }]] },
    });
    expect(sent.message_id).toBeGreaterThan(0);
    expect(sent.chat.id).toBe(1003);
    const update = tg.pushCallback(1003, 'pick:a');
    expect(update.callback_query?.message?.message_id).toBe(sent.message_id);
    const ans = await tg.waitFor('answerCallbackQuery');
    expect(ans.params.callback_query_id).toBe(update.callback_query!.id);
    const edit = await tg.waitFor('editMessageText');
    expect(edit.params).toMatchObject({ chat_id: 1003, message_id: sent.message_id, text: 'done' });
    expect(tg.sentMessages(1003).at(-1)).toMatchObject({ text: 'done' });
  });

  it('redelivers an update pushed raw with the same update_id', async () => {
    const update = tg.pushText(1004, '/start once');
    await tg.waitFor((c) => c.method === 'sendMessage' && c.params.chat_id === 1004);
    tg.pushRaw(update);
    await tg.waitFor((c) => c.method === 'sendMessage' && c.params.chat_id === 1004, 5000, tg.calls.indexOf(tg.callsTo('sendMessage').at(-1)!) + 1);
    expect(handled.filter((h) => h === 'start:once')).toHaveLength(2);
  });

  it('injects a 429 seen as a GrammyError', async () => {
    tg.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    const err = await bot.api.sendMessage(1, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(429);
    expect((err as GrammyError).parameters.retry_after).toBe(1);
    // only once
    await expect(bot.api.sendMessage(1, 'y')).resolves.toMatchObject({ text: 'y' });
  });

  it('injects a network failure seen as an HttpError', async () => {
    tg.failNextNetwork('sendChatAction');
    const err = await bot.api.sendChatAction(1, 'typing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    await expect(bot.api.sendChatAction(1, 'typing')).resolves.toBe(true);
  });

  it('fails every call but getUpdates during an outage, until it ends', async () => {
    tg.startOutage();
    for (const text of ['a', 'b']) {
      const err = await bot.api.sendMessage(1, text).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GrammyError);
      expect((err as GrammyError).error_code).toBe(502);
    }
    await expect(bot.api.getUpdates({ timeout: 0 })).resolves.toEqual([]);
    tg.endOutage();
    await expect(bot.api.sendMessage(1, 'c')).resolves.toMatchObject({ text: 'c' });
    expect(tg.callsTo('sendMessage')).toHaveLength(3);
    expect(tg.sentMessages(1).map((m) => m.text)).toEqual(['c']);
  });

  it('holds answers after the first ones until released', async () => {
    tg.hold('sendMessage', { after: 1 });
    await expect(bot.api.sendMessage(1, 'first')).resolves.toMatchObject({ text: 'first' });
    let answered = false;
    const second = bot.api.sendMessage(1, 'second').then((m) => {
      answered = true;
      return m;
    });
    await tg.waitFor((c) => c.method === 'sendMessage' && c.params.text === 'second');
    await sleep(50);
    expect(answered).toBe(false);
    expect(tg.held().map((c) => c.params.text)).toEqual(['second']);
    tg.release();
    await expect(second).resolves.toMatchObject({ text: 'second' });
    expect(tg.held()).toEqual([]);
  });

  it('records multipart uploads with file name and size', async () => {
    const msg = await bot.api.sendDocument(1005, new InputFile(Buffer.from('hello'), '报表.xlsx'), {
      caption: '周报',
      reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'x' }]] },
    });
    const call = tg.callsTo('sendDocument').at(-1)!;
    expect(call.params.chat_id).toBe(1005);
    expect(call.params.caption).toBe('周报');
    expect(call.params.reply_markup).toEqual({ inline_keyboard: [[{ text: 'x', callback_data: 'x' }]] });
    expect(call.files).toEqual([expect.objectContaining({ field: 'document', filename: '报表.xlsx', size: 5 })]);
    expect(msg.document).toMatchObject({ file_name: '报表.xlsx', file_size: 5 });

    await bot.api.sendPhoto(1005, new InputFile(Buffer.alloc(1234), 'chart.png'));
    const photo = tg.callsTo('sendPhoto').at(-1)!;
    expect(photo.files[0]).toMatchObject({ field: 'photo', filename: 'chart.png', size: 1234 });
  });

  it('answers unknown methods with true and records them', async () => {
    await expect(bot.api.raw.setChatMenuButton({})).resolves.toBe(true);
    expect(tg.callsTo('setChatMenuButton')).toHaveLength(1);
  });

  it('lists every message it accepted, with the chat and the time, and tells listeners', async () => {
    const heard: number[] = [];
    const stop = tg.onDelivery((delivery) => heard.push(delivery.chatId));
    const before = Date.now();
    await bot.api.sendMessage(1006, 'one');
    await bot.api.sendDocument(1007, new InputFile(Buffer.from('x'), 'a.txt'), { caption: 'two' });
    stop();
    await bot.api.sendMessage(1006, 'three');
    await bot.api.sendChatAction(1006, 'typing');
    expect(tg.deliveries.map(({ method, chatId, text }) => ({ method, chatId, text }))).toEqual([
      { method: 'sendMessage', chatId: 1006, text: 'one' },
      { method: 'sendDocument', chatId: 1007, text: 'two' },
      { method: 'sendMessage', chatId: 1006, text: 'three' },
    ]);
    expect(tg.deliveries[0]!.at).toBeGreaterThanOrEqual(before);
    expect(heard).toEqual([1006, 1007]);
  });
});

describe('fake Telegram with a rate on messages', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses with 429 and retry_after what goes beyond it, and delivers it on the retry', async () => {
    // Only the clock is faked: the bucket refills by Date.now(), the servers run for real.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-20T02:00:00Z'));
    const tg = await startFakeTelegram({ sendRate: { perSecond: 2, burst: 3 } });
    try {
      const bot = new Bot('123456:TEST', { client: { apiRoot: tg.apiRoot } });
      for (const text of ['a', 'b', 'c']) await bot.api.sendMessage(1, text);
      const refused = await bot.api.sendMessage(1, 'd').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(GrammyError);
      expect((refused as GrammyError).error_code).toBe(429);
      expect((refused as GrammyError).parameters.retry_after).toBe(1);
      expect(tg.rateRefusals()).toBe(1);
      // Other methods are not limited.
      await expect(bot.api.sendChatAction(1, 'typing')).resolves.toBe(true);
      vi.setSystemTime(new Date('2026-11-20T02:00:00.500Z'));
      await expect(bot.api.sendMessage(1, 'd')).resolves.toMatchObject({ text: 'd' });
      expect(tg.deliveries.map((delivery) => delivery.text)).toEqual(['a', 'b', 'c', 'd']);
    } finally {
      await tg.close();
    }
  });
});

describe('fake Telegram with one poller at a time', () => {
  it('ends a waiting getUpdates with 409 Conflict when another comes, as Telegram does, and lists it', async () => {
    const tg = await startFakeTelegram({ pollConflicts: true });
    try {
      const first = new Bot('123456:TEST', { client: { apiRoot: tg.apiRoot } });
      const second = new Bot('123456:TEST', { client: { apiRoot: tg.apiRoot } });
      const waiting = first.api.getUpdates({ timeout: 30 }).catch((e: unknown) => e);
      await tg.waitFor('getUpdates');
      await expect.poll(() => tg.polling()).toBe(true);
      const later = second.api.getUpdates({ timeout: 30 });
      const refused = await waiting;
      expect(refused).toBeInstanceOf(GrammyError);
      expect((refused as GrammyError).error_code).toBe(409);
      expect((refused as GrammyError).description).toContain('terminated by other getUpdates request');
      expect(tg.conflicts()).toEqual([tg.callsTo('getUpdates')[0]]);
      // The later caller polls on and gets what comes.
      const update = tg.pushText(1008, 'hello');
      expect(await later).toEqual([update]);
      expect(tg.conflicts()).toHaveLength(1);
    } finally {
      await tg.close();
    }
  });
});

describe('fake Slack with Bolt (HTTP receiver)', () => {
  const signingSecret = 'test-signing-secret';
  let slack: FakeSlack;
  let app: App;
  let appUrl: string;

  beforeEach(async () => {
    slack = await startFakeSlack();
    app = new App({
      token: 'xoxb-test',
      receiver: new HTTPReceiver({ signingSecret, logLevel: LogLevel.ERROR }),
      clientOptions: { slackApiUrl: slack.apiUrl },
      botId: 'B1',
      botUserId: 'U0BOT',
      logLevel: LogLevel.ERROR,
    });
    app.command('/xinbao', async ({ ack, command, client }) => {
      await ack();
      await client.chat.postMessage({
        channel: command.channel_id,
        text: `收到 ${command.text}`,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
      });
    });
    app.action('approve', async ({ ack, body, client }) => {
      await ack();
      await client.chat.postEphemeral({ channel: 'C1', user: body.user.id, text: 'approved' });
    });
    app.event('app_mention', async ({ event, client }) => {
      await client.chat.postMessage({ channel: event.channel, text: 'mentioned' });
    });
    const server = (await app.start(0)) as Server;
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterEach(async () => {
    await app?.stop();
    await slack?.close();
  });

  async function post(body: string, headers: Record<string, string>): Promise<Response> {
    return fetch(appUrl, { method: 'POST', body, headers });
  }

  it('acks a signed slash command and its postMessage reaches the fake', async () => {
    const body = slashCommandBody({ user_id: 'U123', channel_id: 'C1', text: '日报', trigger_id: '1.2.3' });
    const res = await post(body, signSlackRequest(signingSecret, body));
    expect(res.status).toBe(200);
    const call = await slack.waitFor('chat.postMessage');
    expect(call.params).toMatchObject({ channel: 'C1', text: '收到 日报' });
    expect(call.params.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }]);
    expect(call.token).toBe('xoxb-test');
  });

  it('rejects a bad signature with 401, and a stale timestamp too', async () => {
    const body = slashCommandBody({ user_id: 'U123', channel_id: 'C1', text: 'x' });
    const bad = await post(body, signSlackRequest('wrong-secret', body));
    expect(bad.status).toBe(401);
    const stale = await post(body, signSlackRequest(signingSecret, body, Math.floor(Date.now() / 1000) - 600));
    expect(stale.status).toBe(401);
  });

  it('handles block actions and events built by the helpers', async () => {
    const action = blockActionBody({
      user: { id: 'U123', username: 'u123', team_id: 'T1' },
      channel: { id: 'C1', name: 'general' },
      actions: [{ type: 'button', action_id: 'approve', block_id: 'b1', value: '42', action_ts: '1.2' }],
      container: { type: 'message', message_ts: '1.1', channel_id: 'C1', is_ephemeral: false },
    });
    const res1 = await post(action, signSlackRequest(signingSecret, action));
    expect(res1.status).toBe(200);
    await slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.params.user === 'U123');

    const event = eventBody({ type: 'app_mention', user: 'U123', text: '<@U0BOT> hi', ts: '1.3', channel: 'C2', event_ts: '1.3' });
    const res2 = await post(event, signSlackRequest(signingSecret, event));
    expect(res2.status).toBe(200);
    await slack.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C2');
  });

  it('supports files.uploadV2, users.info, conversations.open and injected failures', async () => {
    const up = await app.client.files.uploadV2({ channel_id: 'C1', file: Buffer.from('abcdef'), filename: 'report.xlsx', title: '周报' });
    expect(up.ok).toBe(true);
    expect(slack.callsTo('files.getUploadURLExternal').at(-1)?.params).toMatchObject({ filename: 'report.xlsx', length: '6' });
    expect(slack.callsTo('upload').at(-1)?.files[0]).toMatchObject({ size: 6 });
    const complete = slack.callsTo('files.completeUploadExternal').at(-1)!;
    expect(complete.params.files).toEqual([{ id: expect.stringMatching(/^F/), title: '周报' }]);

    const info = await app.client.users.info({ user: 'U9' });
    expect(info.user?.tz).toBe('Asia/Shanghai');
    const dm = await app.client.conversations.open({ users: 'U9' });
    expect(dm.channel?.id).toBe('DU9');

    slack.failNext('chat.update', 'message_not_found');
    await expect(app.client.chat.update({ channel: 'C1', ts: '1.1', text: 'x' })).rejects.toMatchObject({
      data: { ok: false, error: 'message_not_found' },
    });
  });
});

describe('fake Slack with Bolt (Socket Mode)', () => {
  let slack: FakeSlack;
  let app: App;

  beforeEach(async () => {
    slack = await startFakeSlack();
    app = new App({
      token: 'xoxb-test',
      socketMode: true,
      appToken: 'xapp-test',
      installerOptions: { clientOptions: { slackApiUrl: slack.apiUrl } },
      clientOptions: { slackApiUrl: slack.apiUrl },
      botId: 'B1',
      botUserId: 'U0BOT',
      logLevel: LogLevel.ERROR,
    });
    app.command('/xinbao', async ({ ack, command, client }) => {
      await ack({ text: `ack ${command.text}` });
      await client.chat.postMessage({ channel: command.channel_id, text: 'via socket' });
    });
    await app.start();
  });

  afterEach(async () => {
    await app?.stop();
    await slack?.close();
  });

  it('connects over the fake WebSocket and acks a slash_commands envelope', async () => {
    expect(slack.callsTo('apps.connections.open')[0]?.token).toBe('xapp-test');
    expect(slack.socketConnections()).toBe(1);
    const id = slack.socketSend({
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        token: 'verification-token',
        team_id: 'T1',
        team_domain: 'xinbao-test',
        channel_id: 'C7',
        channel_name: 'general',
        user_id: 'U123',
        user_name: 'u123',
        command: '/xinbao',
        text: 'help',
        api_app_id: 'A1',
        is_enterprise_install: 'false',
        response_url: slack.responseUrl(),
        trigger_id: '1.2.3',
      },
    });
    const ack = await slack.waitForAck(id);
    expect(ack.payload).toEqual({ text: 'ack help' });
    await slack.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C7');
  });
});

describe('fake WeCom with @wecom/aibot-node-sdk', () => {
  let wecom: FakeWeCom;
  const clients: WSClient[] = [];
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const client = (secret = FAKE_WECOM_SECRET) => {
    const made = new WSClient({
      botId: FAKE_WECOM_BOT_ID,
      secret,
      wsUrl: wecom.url,
      logger: quiet,
      reconnectInterval: 50,
      maxReconnectAttempts: 1,
      heartbeatInterval: 100,
    });
    clients.push(made);
    return made;
  };
  const authenticated = (made: WSClient) => new Promise<void>((resolve) => made.once('authenticated', () => resolve()).connect());

  beforeEach(async () => {
    wecom = await startFakeWeCom();
  });

  afterEach(async () => {
    for (const made of clients.splice(0)) made.disconnect();
    await wecom.close();
  });

  it('authenticates the SDK, acks its heartbeats, delivers a text message and acks a push', async () => {
    const bot = client();
    await authenticated(bot);
    expect(wecom.sent('aibot_subscribe')[0]?.body).toEqual({ bot_id: FAKE_WECOM_BOT_ID, secret: FAKE_WECOM_SECRET });
    const heard = new Promise<WsFrame>((resolve) => bot.on('message.text', resolve));
    wecom.pushText('u1', '你好', { msgid: 'm1' });
    expect((await heard).body).toMatchObject({ msgid: 'm1', from: { userid: 'u1' }, text: { content: '你好' } });
    const ack = await bot.sendMessage('u1', { msgtype: 'markdown', markdown: { content: '**好**' } });
    expect(ack.errcode).toBe(0);
    expect(wecom.sent('aibot_send_msg')[0]?.body).toEqual({ chatid: 'u1', msgtype: 'markdown', markdown: { content: '**好**' } });
    await wecom.waitFor((frame) => frame.cmd === 'ping');
    await sleep(400); // the heartbeats are acked: the SDK does not give the connection up
    expect(bot.isConnected).toBe(true);
  });

  it('refuses a wrong secret, and answers the three-step upload with a media_id', async () => {
    const refused = client('wrong');
    const error = new Promise<Error>((resolve) => refused.once('error', resolve));
    refused.connect();
    expect((await error).message).toContain('Authentication failed');
    const bot = client();
    await authenticated(bot);
    const uploaded = await bot.uploadMedia(Buffer.from('hello'), { type: 'file', filename: 'a.txt' });
    expect(uploaded.media_id).toMatch(/^media-/);
    expect(wecom.sent('aibot_upload_media_chunk')).toHaveLength(1);
  });

  it('delivers a template card button press, and kicks the older of two connections', async () => {
    const older = client();
    await authenticated(older);
    const pressed = new Promise<WsFrame>((resolve) => older.on('event.template_card_event', resolve));
    wecom.pushCardEvent('u1', 'key-1', 't1');
    expect((await pressed).body).toMatchObject({ from: { userid: 'u1' }, event: { eventtype: 'template_card_event', event_key: 'key-1', task_id: 't1' } });
    const kicked = new Promise<void>((resolve) => older.on('event.disconnected_event', () => resolve()));
    await authenticated(client());
    await kicked;
    expect(wecom.authenticated()).toBe(1);
  });

  const heard = <K extends 'message.image' | 'message.file' | 'message.video' | 'message.mixed' | 'message.voice'>(bot: WSClient, event: K) =>
    new Promise<WsFrame>((resolve) => bot.once(event, (frame: WsFrame) => resolve(frame)));

  it('delivers an image and a file the SDK downloads and decrypts, counted per message, gone once the fake closed', async () => {
    const bot = client();
    await authenticated(bot);
    const picture = randomBytes(1000);
    const image = heard(bot, 'message.image');
    const imageId = wecom.pushImage('u1', { bytes: picture, filename: 'photo.png' }, { msgid: 'img-1' });
    expect(imageId).toBe('img-1');
    const imageBody = (await image).body;
    expect(imageBody).toMatchObject({ msgid: 'img-1', aibotid: FAKE_WECOM_BOT_ID, chattype: 'single', from: { userid: 'u1' }, msgtype: 'image' });
    expect(imageBody.create_time).toEqual(expect.any(Number));
    expect(Buffer.from(imageBody.image.aeskey, 'base64')).toHaveLength(32);
    const gotImage = await bot.downloadFile(imageBody.image.url, imageBody.image.aeskey);
    expect(gotImage.buffer.equals(picture)).toBe(true);
    expect(gotImage.filename).toBe('photo.png');
    expect(wecom.downloads('img-1')).toBe(1);

    // 64 bytes: padded with a whole 32-byte block; a filename that needs percent-encoding.
    const document = randomBytes(64);
    const file = heard(bot, 'message.file');
    const fileId = wecom.pushFile('u2', { bytes: document, filename: "季度 报表 (it's final).pdf" }, { chatid: 'group-1' });
    const fileBody = (await file).body;
    expect(fileBody).toMatchObject({ msgid: fileId, chatid: 'group-1', chattype: 'group', from: { userid: 'u2' }, msgtype: 'file' });
    expect(fileBody.file.aeskey).not.toBe(imageBody.image.aeskey);
    const gotFile = await bot.downloadFile(fileBody.file.url, fileBody.file.aeskey);
    expect(gotFile.buffer.equals(document)).toBe(true);
    expect(gotFile.filename).toBe("季度 报表 (it's final).pdf");
    expect([wecom.downloads(fileId), wecom.downloads('img-1'), wecom.downloads()]).toEqual([1, 1, 2]);

    const unknown = fileBody.file.url.replace(/\/media\/.*$/, '/media/unknown');
    await expect(bot.downloadFile(unknown, fileBody.file.aeskey)).rejects.toMatchObject({ response: { status: 404 } });
    bot.disconnect(); // downloads go over HTTP; the SDK is not left reconnecting to a closed fake
    await wecom.close();
    await expect(bot.downloadFile(imageBody.image.url, imageBody.image.aeskey)).rejects.toMatchObject({ response: { status: 404 } });
    expect(wecom.downloads('img-1')).toBe(1);
  });

  it('delivers a mixed message whose images download, a video without a filename, and speech as text', async () => {
    const bot = client();
    await authenticated(bot);
    const first = randomBytes(33);
    const second = randomBytes(5);
    const mixed = heard(bot, 'message.mixed');
    const mixedId = wecom.pushMixed('u1', ['看这两张', { bytes: first, filename: 'a.jpg' }, { bytes: second }, '怎么样'], { msgid: 'mix-1' });
    const items = (await mixed).body.mixed.msg_item as { msgtype: string; text?: { content: string }; image?: { url: string; aeskey: string } }[];
    expect(items.map((item) => item.msgtype)).toEqual(['text', 'image', 'image', 'text']);
    expect([items[0]?.text, items[3]?.text]).toEqual([{ content: '看这两张' }, { content: '怎么样' }]);
    const one = await bot.downloadFile(items[1]?.image?.url ?? '', items[1]?.image?.aeskey);
    const two = await bot.downloadFile(items[2]?.image?.url ?? '', items[2]?.image?.aeskey);
    expect([one.buffer.equals(first), one.filename, two.buffer.equals(second), two.filename]).toEqual([true, 'a.jpg', true, undefined]);
    expect(wecom.downloads(mixedId)).toBe(2);

    const clip = randomBytes(2048);
    const video = heard(bot, 'message.video');
    wecom.pushVideo('u1', { bytes: clip });
    const videoBody = (await video).body;
    expect((await bot.downloadFile(videoBody.video.url, videoBody.video.aeskey)).buffer.equals(clip)).toBe(true);

    const voice = heard(bot, 'message.voice');
    wecom.pushVoice('u1', '明天开会', { msgid: 'v-1' });
    expect((await voice).body).toMatchObject({ msgid: 'v-1', msgtype: 'voice', voice: { content: '明天开会' } });
  });

  it('answers the next frames of a command with an errcode, or not at all', async () => {
    const bot = client();
    await authenticated(bot);
    wecom.failNext('aibot_send_msg', 1);
    const text = { msgtype: 'markdown', markdown: { content: '好' } } as const;
    await expect(bot.sendMessage('u1', text)).rejects.toMatchObject({ errcode: 600001 });
    expect((await bot.sendMessage('u1', text)).errcode).toBe(0);
    wecom.failNext('aibot_upload_media_init', 1, 45009);
    await expect(bot.uploadMedia(Buffer.from('x'), { type: 'file', filename: 'x.txt' })).rejects.toMatchObject({ errcode: 45009 });
    expect(wecom.uploads()).toEqual([]);
    // Two heartbeats without an answer: the SDK gives the connection up and opens another.
    wecom.ignoreNext('ping', 2);
    await wecom.waitUntil(() => wecom.connectionsOpened() === 2 && wecom.authenticated() === 1, 10_000);
    expect(wecom.sent('ping').length).toBeGreaterThanOrEqual(2);
  });

  it('lets another process take the bot over until it lets go', async () => {
    const bot = client();
    await authenticated(bot);
    const kicked = new Promise<void>((resolve) => bot.on('event.disconnected_event', () => resolve()));
    const outsider = wecom.kickFromOutside();
    await kicked;
    await wecom.waitUntil(() => !bot.isConnected);
    expect(wecom.authenticated()).toBe(1);
    expect(wecom.connectionsOpened()).toBe(1);
    outsider.release();
    expect(wecom.authenticated()).toBe(0);
  });

  it('puts the chunks of an upload back together, a chunk answered with an error sent again', async () => {
    const bot = client();
    await authenticated(bot);
    const report = randomBytes(1300 * 1024);
    wecom.failNext('aibot_upload_media_chunk', 1);
    const result = await bot.uploadMedia(report, { type: 'file', filename: '报表.xlsx' });
    expect(wecom.sent('aibot_upload_media_chunk').length).toBe(4);
    const [upload, ...others] = wecom.uploads();
    expect(others).toEqual([]);
    expect(upload).toMatchObject({ filename: '报表.xlsx', type: 'file', mediaId: result.media_id });
    expect(upload?.bytes.equals(report)).toBe(true);
    expect(result.type).toBe('file');
  });
});
