/**
 * The item desk through the Slack adapter over HTTP (signed requests, real Bolt, the fake Slack
 * Web API): the /xinbao edit modal, /xinbao item, /xinbao withdraw and /xinbao find.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slashCommandBody, viewSubmissionBody } from '../../fakes/slackServer.ts';
import { type Harness, shownText, startHarness } from './support.ts';

const BODY = '全县组织劳力两万余人次，新修和整修渠道一百二十公里，完成计划的六成以上。';
const NEW_BODY = '截至目前，全县新修和整修渠道一百五十公里，完成计划的八成以上，进度居全市前列。';

let h: Harness;
let seq = 0;
const triggerId = () => `${Date.now()}.${++seq}.test`;

async function slash(user: string, text: string) {
  const from = h.slack.calls.length;
  await h.post(slashCommandBody({ user_id: user, channel_id: 'C1', text, trigger_id: triggerId() }));
  return from;
}
const posted = (channel: string, from: number) => h.slack.waitFor((call) => call.method === 'chat.postMessage' && call.params.channel === channel, 5000, from);

beforeEach(async () => {
  h = await startHarness('http');
  // 张伟 (reporter of 罗山县政府办) is U1; 陈静 (editor) is U2.
  await posted('DU1', await slash('U1', `start ${h.invites.zhangwei}`));
  await posted('DU2', await slash('U2', `start ${h.invites.chenjing}`));
  await posted('DU1', await slash('U1', `submit 罗山县冬季农田水利建设全面铺开\n${BODY}`));
});

afterEach(async () => {
  await h?.close();
});

describe('the item desk on Slack', () => {
  it('/xinbao edit opens a modal: the item, the new title (不变 keeps it) and the new body; an unchanged text stores nothing', async () => {
    const id = (await h.testApp.db.item.findFirstOrThrow()).id;
    const from = await slash('U1', 'edit');
    const opened = await h.slack.waitFor((call) => call.method === 'views.open', 5000, from);
    const view = opened.params.view as {
      callback_id: string;
      title: { text: string };
      blocks: { block_id: string; element: { type: string; options?: { value: string }[] } }[];
    };
    expect(view.callback_id).toBe('form:edit');
    expect(view.title.text).toBe('修改信息');
    expect(view.blocks.map((block) => [block.block_id, block.element.type])).toEqual([
      ['item', 'static_select'],
      ['newTitle', 'plain_text_input'],
      ['newBody', 'plain_text_input'],
    ]);
    expect(view.blocks[0]!.element.options!.map((o) => o.value)).toEqual([String(id)]);
    const submit = (title: string, body: string) =>
      h.post(
        viewSubmissionBody({
          user: { id: 'U1', username: 'u1', team_id: 'T1' },
          trigger_id: triggerId(),
          view: {
            ...view,
            id: 'V1',
            type: 'modal',
            hash: '1.1',
            private_metadata: JSON.stringify({ channel: 'DU1' }),
            state: {
              values: {
                item: { item: { type: 'static_select', selected_option: { value: String(id), text: { type: 'plain_text', text: `#${id}` } } } },
                newTitle: { newTitle: { type: 'plain_text_input', value: title } },
                newBody: { newBody: { type: 'plain_text_input', value: body } },
              },
            },
          },
        }),
      );
    const after = h.slack.calls.length;
    expect((await submit('不变', NEW_BODY)).status).toBe(200);
    expect(shownText(await posted('DU1', after))).toContain(`已修改 #${id}《罗山县冬季农田水利建设全面铺开》，现为第 2 版`);
    expect(await h.testApp.db.item.findUniqueOrThrow({ where: { id } })).toMatchObject({ body: NEW_BODY, version: 2 });
    const again = h.slack.calls.length;
    await submit('不变', '不变');
    expect(shownText(await posted('DU1', again))).toContain('没有变化');
    expect(await h.testApp.db.itemVersion.count()).toBe(1);
  });

  it('/xinbao item #N shows it with its versions; /xinbao withdraw #N takes it back; /xinbao find finds it for an editor', async () => {
    const id = (await h.testApp.db.item.findFirstOrThrow()).id;
    await posted('DU2', await slash('U2', `edit #${id} 罗山县冬季农田水利建设进展顺利\n${NEW_BODY}`));
    const shown = shownText(await posted('DU1', await slash('U1', `item #${id}`)));
    expect(shown).toContain('罗山县冬季农田水利建设进展顺利');
    expect(shown).toContain(NEW_BODY);
    expect(shown).toContain('第 1 版 · 张伟');
    expect(shownText(await posted('DU1', await slash('U1', `withdraw #${id}`)))).toContain(`已撤回 #${id}`);
    expect(await h.testApp.db.item.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'withdrawn' });
    const found = shownText(await posted('DU2', await slash('U2', 'find 水利 2026-11')));
    expect(found).toContain(`#${id}`);
    expect(found).toContain('已撤回');
  });
});
