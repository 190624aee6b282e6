import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { SAMPLE_ORG, seededApps, type TestApp } from '../support/testApp.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import { createChatEngine, type ChatEngine } from '../../src/chat/engine.ts';
import type { InboundEvent, Platform, Reply } from '../../src/chat/types.ts';
import { translate } from '../../src/i18n/catalog.ts';

const ORG = `${SAMPLE_ORG}  - { code: lisi, name: 李四, unit: luoshan, roles: [reporter] }
  - { code: wangwu, name: 王五, unit: luoshan, roles: [reporter] }
  - { code: zhaoliu, name: 赵六, unit: luoshan, roles: [reporter] }
`;

const zh = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('zh-CN', key, params);
const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('en', key, params);

const TITLE = '罗山县多措并举推进秋冬种工作';
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';

let app: TestApp;
let engine: ChatEngine;

type Who = { userId: string; platform?: Platform; chatId?: string };
const base = (who: Who) => ({ platform: who.platform ?? 'telegram', userId: who.userId, chatId: who.chatId ?? who.userId });
const say = (who: Who, text: string, updateId?: string, on = engine) =>
  on.handle({ kind: 'text', ...base(who), text, ...(updateId ? { updateId } : {}) } as InboundEvent);
const press = (who: Who, data: string, on = engine) => on.handle({ kind: 'action', ...base(who), data } as InboundEvent);

/** Everything the user reads in the replies, as one text. */
const read = (replies: Reply[]) => replies.flatMap((r) => (r.title ? [r.title, ...r.lines] : r.lines)).join('\n');
const actions = (replies: Reply[]) => replies.flatMap((r) => (r.buttons ?? []).flat().map((button) => button.action));
const itemId = (replies: Reply[]) => Number(/#(\d+)/.exec(read(replies))?.[1]);
const itemCount = () => app.db.item.count();

async function bindAs(personCode: string, who: Who): Promise<Reply[]> {
  const issued = await issueInvite(app, { personCode });
  if (!issued.ok) throw new Error(issued.error.code);
  return say(who, `/start ${issued.value.code}`);
}

const zhangwei: Who = { userId: '100' };
const lisi: Who = { userId: '200' };
const wangwu: Who = { userId: '300' };
const chenjing: Who = { userId: '400' };
const zhaoliuOnSlack: Who = { userId: 'U500', platform: 'slack', chatId: 'D500' };

// The org is imported and four people bound once per file; each test opens its own copy.
const boundApp = seededApps(async (seeded) => {
  app = seeded;
  app.clock.set('2026-11-20T02:00:00Z');
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  engine = createChatEngine(app.chatDeps);
  await bindAs('lisi', lisi);
  await bindAs('wangwu', wangwu);
  await bindAs('chenjing', chenjing);
  await bindAs('zhaoliu', zhaoliuOnSlack);
});

beforeEach(async () => {
  app = await boundApp();
  engine = createChatEngine(app.chatDeps);
});

/** 张伟 binds his Telegram account, as the binding tests show. */
const zhangweiBound = () => beforeEach(async () => void (await bindAs('zhangwei', zhangwei)));

afterEach(async () => {
  await app?.dispose();
});

describe('binding a chat account', () => {
  it('tells an unbound user how to bind, whatever they send', async () => {
    const stranger: Who = { userId: '999' };
    expect(read(await say(stranger, '你好'))).toContain(zh('help.unbound'));
    expect(read(await say(stranger, '/help'))).toContain(zh('help.unbound'));
    expect(read(await say(stranger, '/submit'))).toBe(zh('error.AUTH.UNBOUND'));
  });

  it('binds with /start CODE and welcomes the person by name, unit and role', async () => {
    const replies = await bindAs('zhangwei', zhangwei);
    expect(read(replies)).toBe(zh('start.welcome', { name: '张伟', unit: '罗山县政府办', roles: '信息员' }));
    expect((await app.store.people.byIdentity('telegram', '100'))?.code).toBe('zhangwei');
  });

  it('binds with the code typed in two groups split by a space, as it is read aloud', async () => {
    const issued = await issueInvite(app, { personCode: 'zhangwei' });
    if (!issued.ok) throw new Error(issued.error.code);
    const { code } = issued.value;
    const replies = await say(zhangwei, `/start ${code.slice(0, 5)} ${code.slice(5).toLowerCase()}`);
    expect(read(replies)).toBe(zh('start.welcome', { name: '张伟', unit: '罗山县政府办', roles: '信息员' }));
    expect((await app.store.people.byIdentity('telegram', '100'))?.code).toBe('zhangwei');
  });

  it('binds a stranger whose message is the invite code alone (a first message pasted from the invite), and never a bound person', async () => {
    const issued = await issueInvite(app, { personCode: 'zhangwei' });
    if (!issued.ok) throw new Error(issued.error.code);
    const stranger: Who = { userId: 'wx-zhangwei', platform: 'wecom' };
    const replies = await say(stranger, ` ${issued.value.code.toLowerCase()} `);
    expect(read(replies)).toBe(zh('start.welcome', { name: '张伟', unit: '罗山县政府办', roles: '信息员' }));
    expect((await app.store.people.byIdentity('wecom', 'wx-zhangwei'))?.code).toBe('zhangwei');
    // Bound, the same words are plain text again, and a stranger's ordinary words still get the hint.
    expect(read(await say(stranger, issued.value.code))).toBe(zh('unknown.text'));
    expect(read(await say({ userId: '997' }, 'K7QM4XPD2R'))).toBe(zh('error.INVITE.UNKNOWN'));
    expect(read(await say({ userId: '997' }, 'HELLOWORLD'))).toContain(zh('help.unbound'));
    expect(read(await say({ userId: '997' }, '你好，我是新来的'))).toContain(zh('help.unbound'));
  });

  it('refuses an unknown code with a plain sentence', async () => {
    expect(read(await say({ userId: '998' }, '/start K7QM4XPD2R'))).toBe(zh('error.INVITE.UNKNOWN'));
    expect(await app.store.people.byIdentity('telegram', '998')).toBeNull();
  });
});

describe('/submit, guided', () => {
  zhangweiBound();

  it('asks title, body, then category with buttons, and submits on the button', async () => {
    const before = await itemCount();
    expect(read(await say(zhangwei, '/submit'))).toBe(zh('submit.askTitle'));
    expect(read(await say(zhangwei, TITLE))).toBe(zh('submit.askBody'));
    const categoryStep = await say(zhangwei, BODY);
    expect(read(categoryStep)).toBe(zh('submit.askCategory'));
    const buttons = actions(categoryStep);
    expect(buttons).toHaveLength(5);
    for (const action of buttons) expect(action.startsWith('f:submit:category:')).toBe(true);
    expect(await itemCount()).toBe(before);

    const experience = buttons.find((action) => action.endsWith(':experience'))!;
    expect(read(await press(zhangwei, experience))).toBe(zh('attach.ask'));
    expect(await itemCount()).toBe(before);
    const done = await press(zhangwei, 'f:submit:files:done');
    const id = itemId(done);
    expect(read(done)).toContain(`#${id}`);
    expect(read(done)).toContain(zh('submit.done', { id, title: TITLE }));
    expect(await app.store.items.byId(id)).toMatchObject({ title: TITLE, body: BODY, category: 'experience', status: 'submitted' });
    expect(await itemCount()).toBe(before + 1);

    // The form is over: the same button again is stale and stores nothing.
    expect(read(await press(zhangwei, experience))).toBe(zh('button.stale'));
    expect(await itemCount()).toBe(before + 1);
  });

  it('asks again when a step is refused', async () => {
    await say(zhangwei, '/submit');
    const refused = await say(zhangwei, '信'.repeat(61));
    expect(read(refused)).toContain(zh('error.ITEM.TITLE_TOO_LONG', { length: 61 }));
    expect(read(refused)).toContain(zh('submit.askTitle'));
    await say(zhangwei, TITLE);
    const short = await say(zhangwei, '太短了');
    expect(read(short)).toContain(zh('error.ITEM.BODY_TOO_SHORT', { length: 3 }));
    expect(read(short)).toContain(zh('submit.askBody'));
    expect(read(await say(zhangwei, '/cancel'))).toBe(zh('cancel.done'));
  });

  it('answers a forged category with the stale-button sentence and stores nothing', async () => {
    const before = await itemCount();
    await say(zhangwei, '/submit');
    await say(zhangwei, TITLE);
    await say(zhangwei, BODY);
    expect(read(await press(zhangwei, 'f:submit:category:bogus'))).toContain(zh('button.stale'));
    expect(read(await press(zhangwei, 'f:submit:title:dynamic'))).toContain(zh('button.stale'));
    expect(read(await press(zhangwei, 'f:submit:category:<script>'))).toContain(zh('button.stale'));
    expect(await itemCount()).toBe(before);
    await say(zhangwei, '/cancel');
  });

  it('answers a button pressed after /cancel with the stale-button sentence and stores nothing', async () => {
    const before = await itemCount();
    await say(zhangwei, '/submit');
    await say(zhangwei, TITLE);
    const step = await say(zhangwei, BODY);
    expect(read(await say(zhangwei, '/cancel'))).toBe(zh('cancel.done'));
    expect(read(await press(zhangwei, actions(step)[0]!))).toBe(zh('button.stale'));
    expect(await itemCount()).toBe(before);
  });

  it("does not let another user's chat press the button", async () => {
    const before = await itemCount();
    await say(zhangwei, '/submit');
    await say(zhangwei, TITLE);
    const step = await say(zhangwei, BODY);
    expect(read(await press(lisi, actions(step)[0]!))).toBe(zh('button.stale'));
    expect(await itemCount()).toBe(before);
    await say(zhangwei, '/cancel');
  });

  it('types the category name instead of pressing a button', async () => {
    await say(zhangwei, '/submit');
    await say(zhangwei, TITLE);
    await say(zhangwei, BODY);
    await say(zhangwei, '建议');
    const done = await say(zhangwei, '完成');
    expect(await app.store.items.byId(itemId(done))).toMatchObject({ title: TITLE, category: 'suggestion' });
  });

  it('keeps a form to the person who started it, even in a shared group chat', async () => {
    const group = (who: Who): Who => ({ userId: who.userId, chatId: '-100777' });
    const before = await itemCount();
    await say(group(zhangwei), '/submit');
    await say(group(zhangwei), '张伟在群里报送的标题');

    // 李四 talks in the same group and presses the button meant for 张伟's form.
    await say(group(lisi), '李四在群里随口说的一句话，长度刚好超过二十个字，不是正文。');
    await press(group(lisi), 'f:submit:category:dynamic');
    expect(await itemCount()).toBe(before);
    const lisiRecord = await app.store.people.byCode('lisi');
    expect(await app.db.item.count({ where: { authorId: lisiRecord!.id, title: '张伟在群里报送的标题' } })).toBe(0);

    // 张伟 can still finish his own item with his own body.
    expect(read(await say(group(zhangwei), BODY))).toBe(zh('submit.askCategory'));
    await press(group(zhangwei), 'f:submit:category:dynamic');
    const done = await press(group(zhangwei), 'f:submit:files:done');
    const zhangweiRecord = await app.store.people.byCode('zhangwei');
    expect(await app.store.items.byId(itemId(done))).toMatchObject({ title: '张伟在群里报送的标题', body: BODY, authorId: zhangweiRecord!.id });
  });

  it('survives a restart between steps', async () => {
    const before = await itemCount();
    const fresh = () => createChatEngine(app.chatDeps);
    expect(read(await say(lisi, '/submit', undefined, fresh()))).toBe(zh('submit.askTitle'));
    expect(read(await say(lisi, '李四报送的信息', undefined, fresh()))).toBe(zh('submit.askBody'));
    const step = await say(lisi, BODY, undefined, fresh());
    const research = actions(step).find((action) => action.endsWith(':research'))!;
    await press(lisi, research, fresh());
    const done = await press(lisi, 'f:submit:files:done', fresh());
    expect(await app.store.items.byId(itemId(done))).toMatchObject({ title: '李四报送的信息', category: 'research' });
    expect(await itemCount()).toBe(before + 1);
  });
});

describe('/submit, one-shot', () => {
  zhangweiBound();

  it('submits title and body from one message, as a dynamic item', async () => {
    const replies = await say(zhangwei, `/submit ${TITLE}\n${BODY}`);
    const id = itemId(replies);
    expect(read(replies)).toContain(`#${id}`);
    expect(await app.store.items.byId(id)).toMatchObject({ title: TITLE, body: BODY, category: 'dynamic' });
  });

  it('shows the unit’s progress against its monthly target', async () => {
    const replies = await say(zhangwei, `/submit ${TITLE}\n${BODY}`);
    const status = read(replies);
    expect(status).toContain('罗山县政府办');
    expect(status).toContain('2026年11月');
    expect(status).toMatch(/目标 10 条/);
  });

  it('with only a title, asks for the rest', async () => {
    expect(read(await say(zhangwei, `/submit ${TITLE}`))).toBe(zh('submit.askBody'));
    expect(actions(await say(zhangwei, BODY)).length).toBe(5);
    await say(zhangwei, '/cancel');
  });

  it('with a tag and a title, asks only for the body', async () => {
    expect(read(await say(zhangwei, `/submit 【经验】${TITLE}`))).toBe(zh('submit.askBody'));
    expect(read(await say(zhangwei, BODY))).toBe(zh('attach.ask'));
    const done = await press(zhangwei, 'f:submit:files:done');
    expect(await app.store.items.byId(itemId(done))).toMatchObject({ title: TITLE, category: 'experience' });
  });

  it('reads a [问题] tag as the problem category', async () => {
    const replies = await say(zhangwei, `/submit [问题] 部分乡镇秋粮收购资金不足\n${BODY}`);
    expect(await app.store.items.byId(itemId(replies))).toMatchObject({ title: '部分乡镇秋粮收购资金不足', category: 'problem' });
  });

  it('refuses a title of only zero-width characters as empty, one-shot or guided, and stores nothing', async () => {
    const before = await itemCount();
    expect(read(await say(zhangwei, `/submit \u200B\n${BODY}`))).toBe(zh('error.ITEM.TITLE_EMPTY'));
    await say(zhangwei, '/submit');
    const refused = await say(zhangwei, '\u200B\u200C\u200D\u2060\uFEFF');
    expect(read(refused)).toContain(zh('error.ITEM.TITLE_EMPTY'));
    expect(read(refused)).toContain(zh('submit.askTitle'));
    expect(read(await say(zhangwei, '/cancel'))).toBe(zh('cancel.done'));
    expect(await itemCount()).toBe(before);
  });

  it('refuses a body that is too short and stores nothing', async () => {
    const before = await itemCount();
    expect(read(await say(zhangwei, `/submit ${TITLE}\n太短了`))).toBe(zh('error.ITEM.BODY_TOO_SHORT', { length: 3 }));
    expect(await itemCount()).toBe(before);
  });

  it('handles a redelivered update once', async () => {
    const before = await itemCount();
    const first = await say(zhangwei, `/submit 重复投递的信息\n${BODY}`, 'tg-77001');
    expect(itemId(first)).toBeGreaterThan(0);
    expect(await say(zhangwei, `/submit 重复投递的信息\n${BODY}`, 'tg-77001')).toEqual([]);
    expect(await itemCount()).toBe(before + 1);
  });
});

describe('roles, language and status', () => {
  zhangweiBound();

  it('tells an editor that /submit is not for their role', async () => {
    const before = await itemCount();
    expect(read(await say(chenjing, `/submit ${TITLE}\n${BODY}`))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say(chenjing, '/submit'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(await itemCount()).toBe(before);
  });

  it('switches to English with /lang en', async () => {
    expect(read(await say(wangwu, '/lang en'))).toBe(en('lang.set'));
    expect(read(await say(wangwu, '/submit'))).toBe(en('submit.askTitle'));
    expect(read(await say(wangwu, '/cancel'))).toBe(en('cancel.done'));
    expect(read(await say(wangwu, 'hello'))).toBe(en('unknown.text'));
    // Only wangwu's replies changed.
    expect(read(await say(zhangwei, 'hello'))).toBe(zh('unknown.text'));
    expect(read(await say(wangwu, '/lang zh'))).toBe(zh('lang.set'));
  });

  it('shows the unit name and figures on /status', async () => {
    const replies = await say(zhangwei, '/status');
    expect(replies[0]!.title).toContain('罗山县政府办');
    expect(replies[0]!.title).toContain('2026年11月');
    expect(read(replies)).toContain(zh('status.daysLeft', { days: 11 }));
  });

  it('refuses a bad period on /status with the period sentence', async () => {
    expect(read(await say(zhangwei, '/status 2026-13'))).toBe(zh('error.PERIOD.INVALID', { text: '2026-13' }));
  });
});

describe('submitForm (a Slack modal sent whole)', () => {
  zhangweiBound();

  const form = (values: Record<string, string>, updateId?: string) =>
    ({ kind: 'form', ...base(zhaoliuOnSlack), formId: 'submit', values, ...(updateId ? { updateId } : {}) }) as Extract<InboundEvent, { kind: 'form' }>;

  it('returns field errors for a short body and stores nothing', async () => {
    const before = await itemCount();
    const outcome = await engine.submitForm(form({ title: TITLE, body: '太短了', category: 'dynamic' }));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.fieldErrors.body).toBe(zh('error.ITEM.BODY_TOO_SHORT', { length: 3 }));
    expect(outcome.fieldErrors.title).toBeUndefined();
    expect(await itemCount()).toBe(before);
  });

  it('submits a good form once', async () => {
    const before = await itemCount();
    const outcome = await engine.submitForm(form({ title: TITLE, body: BODY, category: 'suggestion' }, 'slack-view-1'));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const id = itemId(outcome.replies);
    expect(await app.store.items.byId(id)).toMatchObject({ category: 'suggestion', title: TITLE });
    expect(await engine.submitForm(form({ title: TITLE, body: BODY, category: 'suggestion' }, 'slack-view-1'))).toEqual({ ok: true, replies: [] });
    expect(await itemCount()).toBe(before + 1);
  });
});
