import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { SAMPLE_ORG, type TestApp } from '../support/testApp.ts';
import { actions, pressOn, read, sayTo, startChatApp, zh, type Who } from '../support/chat.ts';
import type { ChatEngine } from '../../src/chat/engine.ts';
import type { InboundEvent } from '../../src/chat/types.ts';
import { renderOut } from '../../src/i18n/renderOut.ts';

// SAMPLE_ORG: 罗山 with zhangwei (reporter) and liuyang (lead), 固始 with wangfang (reporter),
// chenjing (editor), huangmin (黄敏, city leader); plus a duty officer and a province leader who
// never bound a chat.
const ORG = `${SAMPLE_ORG}  - { code: zhoujie, name: 周杰, roles: [duty] }
  - { code: zhangsheng, name: 张省长, roles: [leader], leaderLevel: province }
`;
const T0 = '2026-11-20T02:00:00Z'; // Friday 10:00 in Shanghai
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';

let app: TestApp;
let engine: ChatEngine;

const say = (who: Who, text: string) => sayTo(engine, who, text);
const press = (who: Who, data: string) => pressOn(engine, who, data);

const zhangwei: Who = { userId: '100' };
const liuyang: Who = { userId: '200' };
const wangfang: Who = { userId: '300' };
const chenjing: Who = { userId: '400' };
const huangmin: Who = { userId: '500' };
const zhoujie: Who = { userId: '700' };

/** The messages queued for a chat, rendered in `locale`. */
async function queuedTo(chatId: string, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const rows = await app.db.outboxMessage.findMany({ where: { chatId }, orderBy: { id: 'asc' } });
  return rows.map((row) => renderOut(JSON.parse(row.payload), locale));
}

/** An item of 张伟's with an instruction of `leader` on it; the instruction's number. */
async function instructed(leader = '黄敏'): Promise<number> {
  const submitted = read(await say(zhangwei, `/submit 罗山县推进秋冬种\n${BODY}`));
  const itemId = Number(/#(\d+)/.exec(submitted)?.[1]);
  const recorded = read(await say(chenjing, `/instruct #${itemId} ${leader}: 经验很好，请总结推广。`));
  const id = Number(/#(\d+)/.exec(recorded)?.[1]);
  if (!id) throw new Error(recorded);
  return id;
}

beforeEach(async () => {
  ({ app, engine } = await startChatApp(ORG, T0, { zhangwei, liuyang, wangfang, chenjing, huangmin, zhoujie }));
  app.clock.set(T0);
});

afterEach(async () => {
  await app?.dispose();
});

describe('a leader told of feedback on their instruction', () => {
  it('one notice to the leader’s chat, in Chinese and in English, with the read and stop buttons', async () => {
    const id = await instructed();
    const before = (await queuedTo('500')).length;
    expect(read(await say(zhangwei, `/feedback #${id} 已召开专题会议，部署在全县推广。`))).toContain(`#${id}`);
    const told = (await queuedTo('500')).slice(before);
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toBe('💬 您的批示有新反馈：罗山县政府办');
    expect(told[0]!.lines).toEqual([
      expect.stringMatching(/^信息 #\d+《罗山县推进秋冬种》$/),
      `批示 #${id}：经验很好，请总结推广。`,
      '反馈单位：罗山县政府办（张伟）',
      '反馈内容：已召开专题会议，部署在全县推广。',
      '时间：2026-11-20 10:00',
    ]);
    expect(told[0]!.buttons).toEqual([
      [{ label: '查看批示和全部反馈', action: `instruction:read:${id}` }],
      [{ label: '不再接收反馈通知', action: 'notices:feedback:off' }],
    ]);
    const en = (await queuedTo('500', 'en')).slice(before)[0]!;
    expect(en.title).toBe('💬 Feedback on your instruction: 罗山县政府办');
    expect(en.lines.slice(2)).toEqual(['From: 罗山县政府办 (张伟)', 'Feedback: 已召开专题会议，部署在全县推广。', 'Time: 2026-11-20 10:00']);
    expect(en.buttons!.flat().map((b) => b.label)).toEqual(['Read the instruction and all feedback', 'Stop these notices']);
  });

  it('the same /feedback delivered twice is recorded once and tells the leader once', async () => {
    const id = await instructed();
    const event = { kind: 'text', platform: 'telegram', userId: '100', chatId: '100', text: `/feedback ${id} 已部署落实。`, updateId: 'u-77' } as InboundEvent;
    await engine.handle(event);
    await engine.handle(event);
    expect(await app.db.instructionFeedback.count()).toBe(1);
    expect((await queuedTo('500')).filter((m) => m.title?.startsWith('💬'))).toHaveLength(1);
  });

  it('the read button shows the instruction with all its feedback; others may not press it', async () => {
    const id = await instructed();
    await say(zhangwei, `/feedback #${id} 第一次：已部署。`);
    app.clock.set('2026-11-21T03:30:00Z');
    await say(liuyang, `/feedback #${id} 第二次：已落实。`);
    const detail = await press(huangmin, `instruction:read:${id}`);
    expect(detail[0]!.title).toMatch(new RegExp(`^批示 #${id} · 信息 #\\d+《罗山县推进秋冬种》$`));
    expect(detail[0]!.lines).toEqual([
      '黄敏（市级）2026-11-20 10:00 批示：经验很好，请总结推广。',
      expect.stringMatching(/^承办单位：罗山县政府办 · 落实中，下次反馈 .+ 前 · 反馈 2 次$/),
      '2026-11-20 10:00 张伟：第一次：已部署。',
      '2026-11-21 11:30 刘洋：第二次：已落实。',
    ]);
    expect(read(await press(zhangwei, `instruction:read:${id}`))).toBe(zh('error.AUTH.FORBIDDEN'));
  });

  it('“stop these notices” stops them, its reply offers them back, /notices feedback on restores them', async () => {
    const id = await instructed();
    const off = await press(huangmin, 'notices:feedback:off');
    expect(read(off)).toBe(zh('notices.feedback.off'));
    expect(actions(off)).toEqual(['notices:feedback:on']);
    let before = (await queuedTo('500')).length;
    await say(zhangwei, `/feedback #${id} 已部署。`);
    expect(await queuedTo('500')).toHaveLength(before);
    expect(read(await say(huangmin, '/notices feedback on'))).toBe(zh('notices.feedback.on'));
    before = (await queuedTo('500')).length;
    await say(zhangwei, `/feedback #${id} 已落实。`);
    expect((await queuedTo('500')).slice(before).map((m) => m.lines[3])).toEqual(['反馈内容：已落实。']);
    expect(read(await say(huangmin, '/notices off'))).toBe(zh('notices.feedback.off'));
    expect(await app.db.person.findUniqueOrThrow({ where: { code: 'huangmin' }, select: { feedbackNotices: true } })).toEqual({ feedbackNotices: false });
  });

  it('guided: /notices asks with the current choice marked, and a press sets it', async () => {
    const asked = await say(huangmin, '/notices');
    expect(read(asked)).toContain(zh('notices.askFeedback'));
    expect(
      asked
        .flatMap((r) => r.buttons ?? [])
        .flat()
        .map((b) => b.label),
    ).toEqual([zh('notices.option.onNow'), zh('notices.option.off')]);
    const offAction = actions(asked).find((a) => a.endsWith(':off'))!;
    expect(read(await press(huangmin, offAction))).toContain(zh('notices.feedback.off'));
    const again = await say(huangmin, '/notices');
    expect(
      again
        .flatMap((r) => r.buttons ?? [])
        .flat()
        .map((b) => b.label),
    ).toEqual([zh('notices.option.on'), zh('notices.option.offNow')]);
  });

  it('the leader is told when the follow-up is resolved', async () => {
    const id = await instructed();
    const before = (await queuedTo('500')).length;
    await say(chenjing, `/resolve #${id}`);
    expect((await queuedTo('500')).slice(before).map((m) => m.title)).toEqual(['✅ 您的批示已办结：罗山县政府办']);
  });

  it('a leader bound to no chat: nothing is queued for them', async () => {
    const id = await instructed('张省长');
    const before = await app.db.outboxMessage.count();
    await say(zhangwei, `/feedback #${id} 已部署。`);
    const rows = await app.db.outboxMessage.findMany({ where: { id: { gt: 0 } }, orderBy: { id: 'asc' }, skip: before });
    expect(rows.map((row) => row.chatId)).toEqual(['400']); // the editor only
  });

  it('refusals: /notices is for leaders only; a bad word gets how to write it; nothing stored', async () => {
    for (const who of [zhangwei, chenjing, zhoujie]) expect(read(await say(who, '/notices feedback off'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say(huangmin, '/notices feedback maybe'))).toBe(zh('error.NOTICES.USAGE'));
    expect(read(await say(huangmin, '/notices urgent off'))).toBe(zh('error.NOTICES.USAGE'));
    expect(await app.db.person.count({ where: { feedbackNotices: false } })).toBe(0);
  });
});

describe('/rank people', () => {
  /** 张伟 (罗山) has an item adopted by 《信阳快报》 (4); 王芳 (固始) one submitted, awaiting sign-off; 刘洋 is a lead. */
  async function record() {
    const submitted = read(await say(zhangwei, `/submit 罗山县推进秋冬种\n${BODY}`));
    const itemId = Number(/#(\d+)/.exec(submitted)?.[1]);
    expect(read(await say(chenjing, `/adopt #${itemId} xinyang-kuaibao`))).toContain(`#${itemId}`);
    await say(wangfang, `/submit 固始县开展冬季消防检查\n${BODY}`);
  }

  it('the office staff see everyone in the office', async () => {
    await record();
    for (const who of [chenjing, huangmin, zhoujie]) {
      const replies = await say(who, '/rank people');
      expect(replies[0]!.title).toBe('2026年11月 信息员排名');
      expect(replies[0]!.lines).toEqual([
        '2 人 · 报送 1 条 · 采用 1 条',
        '1. 张伟（罗山县政府办）　4 分 · 采用 1 · 报送 1',
        '2. 王芳（固始县政府办）　0 分 · 采用 0 · 报送 0',
      ]);
    }
  });

  it('a reporter sees their unit’s people and their own place among all; a lead their unit’s people', async () => {
    await record();
    const own = await say(wangfang, '/rank people');
    expect(own[0]!.lines).toEqual([
      '固始县政府办 1 人 · 报送 0 条 · 采用 0 条（名次为全部人员中的名次）',
      '▶ 2. 王芳（固始县政府办）　0 分 · 采用 0 · 报送 0',
      '你在全部 2 人中排第 2 名。',
    ]);
    const lead = await say(liuyang, '/rank people');
    expect(lead[0]!.lines).toEqual(['罗山县政府办 1 人 · 报送 1 条 · 采用 1 条（名次为全部人员中的名次）', '1. 张伟（罗山县政府办）　4 分 · 采用 1 · 报送 1']);
  });

  it('takes a period as /rank does, in English too; a bad period is one sentence; /rank alone still ranks units', async () => {
    await record();
    await say(chenjing, '/lang en');
    const october = await say(chenjing, '/rank people 2026-10');
    expect(october[0]!.title).toBe('Reporters ranked, 2026-10');
    expect(october[0]!.lines[0]).toBe('2 people · 0 submitted · 0 adopted');
    expect(read(await say(zhangwei, '/rank 人员 2026-13'))).toBe(zh('error.PERIOD.INVALID', { text: '2026-13' }));
    expect((await say(zhangwei, '/rank'))[0]!.title).toBe('2026年11月 单位排名');
  });
});
