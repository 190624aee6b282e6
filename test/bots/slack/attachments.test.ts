/**
 * Attachments coming in on Slack (docs/attachments.md), over HTTP against the fake Slack Web API:
 * a file shared in the DM at the guided form's files step is downloaded with the bot token, kept
 * and attached when 完成 is pressed; the same file shared again is not downloaded again.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockActionBody, eventBody, slashCommandBody, type SlackCall } from '../../fakes/slackServer.ts';
import { shownText, startHarness, type Harness } from './support.ts';

const TITLE = '罗山县防汛抢险现场';
const BODY = '罗山县连夜组织抢险队伍加固河堤，转移群众三百余人，目前险情得到控制。';

let h: Harness;
let seq = 0;
const triggerId = () => `${Date.now()}.${++seq}.test`;

const posted = (from: number, what: (text: string) => boolean = () => true) =>
  h.slack.waitFor((call) => call.method === 'chat.postMessage' && call.params.channel === 'DU1' && what(shownText(call)), 5000, from);

async function slash(text: string) {
  const from = h.slack.calls.length;
  await h.post(slashCommandBody({ user_id: 'U1', channel_id: 'C1', text, trigger_id: triggerId() }));
  return posted(from);
}

async function message(event: Record<string, unknown>) {
  const from = h.slack.calls.length;
  await h.post(eventBody({ type: 'message', channel: 'DU1', channel_type: 'im', user: 'U1', ts: `${++seq}.1`, event_ts: `${seq}.1`, ...event }));
  return posted(from);
}

function buttons(call: SlackCall): { action_id: string; value: string; block_id?: string }[] {
  const blocks = (call.params.blocks ?? []) as { type: string; block_id?: string; elements?: { action_id: string; value: string }[] }[];
  return blocks.filter((block) => block.type === 'actions').flatMap((block) => (block.elements ?? []).map((e) => ({ ...e, block_id: block.block_id })));
}

async function press(button: { action_id: string; value: string; block_id?: string }) {
  const from = h.slack.calls.length;
  await h.post(
    blockActionBody({
      user: { id: 'U1', username: 'u1', team_id: 'T1' },
      channel: { id: 'DU1', name: 'directmessage' },
      container: { type: 'message', message_ts: '1.1', channel_id: 'DU1', is_ephemeral: false },
      message: { type: 'message', ts: '1.1', text: '' },
      response_url: h.slack.responseUrl(),
      trigger_id: triggerId(),
      actions: [{ type: 'button', action_id: button.action_id, block_id: button.block_id ?? 'b', value: button.value, action_ts: `${Date.now()}.${++seq}` }],
    }),
  );
  return posted(from);
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

beforeEach(async () => {
  h = await startHarness('http');
  await slash(`start ${h.invites.zhangwei}`);
});

afterEach(async () => {
  await h?.close();
});

describe('attachments coming in on Slack', () => {
  it('a file_share message at the guided step is downloaded with the bot token and attached on 完成; the same file again is not downloaded', async () => {
    await slash(`submit ${TITLE}`);
    const category = await message({ text: BODY });
    const dynamic = buttons(category).find((button) => button.value === 'f:submit:category:dynamic')!;
    const filesStep = await press(dynamic);
    expect(shownText(filesStep)).toContain('现在发送');
    const done = buttons(filesStep).find((button) => button.value === 'f:submit:files:done')!;
    expect(done).toBeDefined();

    const file = h.slack.addFile(new TextEncoder().encode('dike photo'), { name: 'dike.jpg' });
    const kept = await message({ subtype: 'file_share', text: '', files: [file] });
    expect(shownText(kept)).toContain('已收到 1 个附件');
    await message({ subtype: 'file_share', text: '', files: [file] });
    expect(h.slack.downloads(file.id)).toBe(1);

    expect(shownText(await press(done))).toContain(`已报送 #1`);
    const rows = await h.testApp.db.attachment.findMany();
    expect(rows.map((row) => [row.itemId, row.kind, row.fileName, row.hash, row.sourceKey])).toEqual([
      [1, 'photo', 'dike.jpg', sha('dike photo'), `slack:${file.id}`],
      [1, 'photo', 'dike.jpg', sha('dike photo'), `slack:${file.id}`],
    ]);
    expect(await h.testApp.store.files.get(sha('dike photo'))).toEqual(new TextEncoder().encode('dike photo'));
  });

  it('a file shared with /urgent TEXT as its message: the report with the file', async () => {
    const file = h.slack.addFile(new TextEncoder().encode('%PDF report'), { name: 'report.pdf', mimetype: 'application/pdf', filetype: 'pdf' });
    expect(shownText(await message({ subtype: 'file_share', text: '/urgent 河堤决口，村庄进水', files: [file] }))).toContain('#1');
    expect((await h.testApp.store.attachments.listFor({ urgentReportId: 1 })).map((row) => [row.kind, row.mime])).toEqual([['document', 'application/pdf']]);
  });
});
