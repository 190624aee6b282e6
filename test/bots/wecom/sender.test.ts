/** The WeCom outbox Sender: markdown, card buttons and files over the SDK's push channel, and its per-chat pacing. */
import { WSClient } from '@wecom/aibot-node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postReply, unsentRest } from '../../../src/bots/wecom/post.ts';
import { createWeComSender, WECOM_PER_CHAT } from '../../../src/bots/wecom/sender.ts';
import type { Reply } from '../../../src/chat/types.ts';
import { SendError } from '../../../src/domain/notify/sender.ts';
import { FAKE_WECOM_BOT_ID, FAKE_WECOM_SECRET, type FakeWeCom, startFakeWeCom } from '../../fakes/wecomServer.ts';

let wecom: FakeWeCom;
let client: WSClient;

beforeEach(async () => {
  wecom = await startFakeWeCom();
  client = new WSClient({ botId: FAKE_WECOM_BOT_ID, secret: FAKE_WECOM_SECRET, wsUrl: wecom.url, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  await new Promise<void>((resolve) => client.once('authenticated', () => resolve()).connect());
});

afterEach(async () => {
  client.disconnect();
  await wecom.close();
});

describe('the WeCom sender', () => {
  it('pushes the text, a card with the buttons and each file uploaded as media, to the person chat', async () => {
    const sender = createWeComSender(() => client);
    const progress = { partsSent: 0 };
    await sender.send(
      'chenjing',
      {
        title: '紧急信息 #1',
        lines: ['周党镇发生山体滑坡'],
        buttons: [[{ label: '确认收到', action: 'urgent:ack:1' }]],
        file: { name: '报表.xlsx', mime: 'application/vnd.ms-excel', data: new Uint8Array([1, 2, 3]) },
      },
      progress,
    );
    const pushed = wecom.sent('aibot_send_msg').map((frame) => frame.body);
    expect(pushed[0]).toEqual({ chatid: 'chenjing', msgtype: 'markdown', markdown: { content: '**紧急信息 #1**\n周党镇发生山体滑坡' } });
    expect(pushed[1]).toMatchObject({
      chatid: 'chenjing',
      msgtype: 'template_card',
      template_card: { card_type: 'button_interaction', button_list: [{ text: '确认收到', key: 'urgent:ack:1' }] },
    });
    expect(wecom.sent('aibot_upload_media_init')[0]?.body).toMatchObject({ type: 'file', filename: '报表.xlsx' });
    expect(pushed[2]).toMatchObject({ chatid: 'chenjing', msgtype: 'file', file: { media_id: expect.stringMatching(/^media-/) } });
    expect(progress.partsSent).toBe(3);
  });

  it('paces one chat at 20 messages a minute, asking the outbox to wait, and fails softly while not connected', async () => {
    let now = 1_000_000;
    const sender = createWeComSender(
      () => client,
      () => now,
    );
    for (let i = 0; i < WECOM_PER_CHAT.messages; i++) await sender.send('u1', { lines: [`${i}`] });
    now += 1000;
    const paced = await sender.send('u1', { lines: ['one too many'] }).catch((error: unknown) => error);
    expect(paced).toBeInstanceOf(SendError);
    expect((paced as SendError).retryAfterMs).toBe(59_000);
    await sender.send('u2', { lines: ['another chat is not held up'] });
    expect(wecom.sent('aibot_send_msg')).toHaveLength(21);

    const offline = await createWeComSender(() => undefined)
      .send('u1', { lines: ['x'] })
      .catch((error: unknown) => error);
    expect(offline).toMatchObject({ message: 'wecom: not connected', permanent: false });
  });

  it('gives up for good on a chat WeCom says is gone, and retries any other refusal', async () => {
    const sender = createWeComSender(() => client);
    wecom.failNext('aibot_send_msg', 1, 60111);
    const gone = await sender.send('left-the-office', { lines: ['x'] }).catch((error: unknown) => error);
    expect(gone).toMatchObject({ message: 'wecom: errcode 60111', permanent: true });
    wecom.failNext('aibot_send_msg', 1, 600001);
    const busy = await sender.send('u1', { lines: ['x'] }).catch((error: unknown) => error);
    expect(busy).toMatchObject({ message: 'wecom: errcode 600001', permanent: false });
  });

  it('says it is ready only while it has a connection to push on', () => {
    let connected: WSClient | undefined = client;
    const sender = createWeComSender(() => connected);
    expect(sender.ready?.()).toBe(true);
    connected = undefined;
    expect(sender.ready?.()).toBe(false);
  });
});

describe('what is left of a reply after a push failed part-way', () => {
  const reply: Reply = {
    title: '请选择类别',
    lines: ['标题：罗山县冬季消防检查'],
    buttons: [Array.from({ length: 8 }, (_, i) => ({ label: `类别${i}`, action: `cat:${i}` }))],
    file: { name: '报表.xlsx', mime: 'application/vnd.ms-excel', data: new Uint8Array([1]) },
    files: [{ name: 'a.jpg', mime: 'image/jpeg', kind: 'photo', data: new Uint8Array([2]) }],
  };

  it('is the whole reply when nothing went, and nothing when everything did', () => {
    expect(unsentRest(reply, 0)).toBe(reply);
    // The text, two cards (8 buttons, 6 a card), the export and the photo: five parts.
    expect(unsentRest(reply, 5)).toBeNull();
  });

  it('never repeats the text: the cards left carry the title, then the files not yet sent', () => {
    expect(unsentRest(reply, 1)).toEqual({ lines: [], title: '请选择类别', buttons: [reply.buttons![0]!], file: reply.file, files: reply.files });
    expect(unsentRest(reply, 2)).toEqual({ lines: [], title: '请选择类别', buttons: [reply.buttons![0]!.slice(6)], file: reply.file, files: reply.files });
    expect(unsentRest(reply, 3)).toEqual({ lines: [], file: reply.file, files: reply.files });
    expect(unsentRest(reply, 4)).toEqual({ lines: [], files: reply.files });
  });

  it('of a reply long enough for two markdown messages, after the first went: the lines of the second, then the cards', () => {
    const lines = Array.from({ length: 600 }, (_, i) => `${i}：${'信'.repeat(40)}`);
    const long: Reply = { title: '全部信息', lines, buttons: [[{ label: '下一页', action: 'page:2' }]] };
    const rest = unsentRest(long, 1)!;
    expect(rest.title).toBeUndefined();
    expect(rest.lines.length).toBeGreaterThan(0);
    expect(rest.lines.at(-1)).toBe(lines.at(-1));
    expect(lines.slice(-rest.lines.length)).toEqual(rest.lines);
    expect(rest.buttons).toEqual(long.buttons);
  });

  it('pushes the rest of a reply as what the failed push had left: the remaining card and files, no text', async () => {
    const rest = unsentRest(reply, 2)!;
    const progress = { partsSent: 0 };
    await postReply(client, 'u1', rest, progress);
    const pushed = wecom
      .sent('aibot_send_msg')
      .map((frame) => frame.body as { msgtype: string; template_card?: { main_title: { title: string }; button_list: unknown[] } });
    expect(pushed.map((body) => body.msgtype)).toEqual(['template_card', 'file', 'image']);
    expect(pushed[0]?.template_card).toMatchObject({ main_title: { title: '请选择类别' } });
    expect(pushed[0]?.template_card?.button_list).toHaveLength(2);
    expect(progress.partsSent).toBe(3);
  });
});
