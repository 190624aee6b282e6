/** The WeCom outbox Sender: markdown, card buttons and files over the SDK's push channel, and its per-chat pacing. */
import { WSClient } from '@wecom/aibot-node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWeComSender, WECOM_PER_CHAT } from '../../../src/bots/wecom/sender.ts';
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
});
