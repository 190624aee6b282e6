/**
 * The Telegram bot over long polling against the local fake Bot API, on a real SQLite store:
 * binding, guided and one-shot submission, buttons (real and forged), redelivery, menus and
 * keyboards, rate limits, a restart in the middle of a form, and one person on two platforms.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TelegramBot } from '../../../src/bots/telegram/createTelegramBot.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import type { TelegramCall } from '../../fakes/telegramServer.ts';
import { buttonsOf, createHarness, say, sentTo, type Harness } from './harness.ts';

const ZHANGWEI = 1001;
const LISI = 1002;

const TITLE = '罗山县多措并举推进秋冬种工作';
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';
const ONE_SHOT_TITLE = '罗山县开展冬季消防安全大检查';
const REPEATED_TITLE = '罗山县召开全县安全生产工作会议';
const RESTART_TITLE = '罗山县启动冬季农田水利建设';

let h: Harness;
let tg: TelegramBot;

const person = async (code: string) => {
  const found = await h.app.store.people.byCode(code);
  if (!found) throw new Error(`no person ${code}`);
  return found;
};
const itemsBy = async (code: string) => h.app.store.items.byAuthor((await person(code)).id, 100);
const chatMenus = (chatId: number) =>
  h.fake.callsTo('setMyCommands').filter((call) => call.params.scope?.type === 'chat' && call.params.scope.chat_id === chatId);
const commandNames = (call: TelegramCall) => (call.params.commands as { command: string }[]).map((entry) => entry.command);

/** Presses the button and resolves with the answerCallbackQuery call and the next message to the chat. */
async function press(userId: number, data: string): Promise<{ answer: TelegramCall; next: TelegramCall }> {
  const from = h.fake.calls.length;
  h.fake.pushCallback(userId, data);
  const answer = await h.fake.waitFor('answerCallbackQuery', 5000, from);
  const next = await h.fake.waitFor(sentTo(userId), 5000, from);
  return { answer, next };
}

/** 张伟 binds through /start (and gets his chat menu), then submits `titles` one-shot, in order. */
async function zhangweiBound(...titles: string[]) {
  await say(h.fake, ZHANGWEI, `/start ${h.invites.zhangwei}`);
  await h.fake.waitFor(() => chatMenus(ZHANGWEI).length === 1);
  for (const title of titles) await say(h.fake, ZHANGWEI, `/submit ${title}\n${BODY}`);
}

/** 李四 binds through /start. */
const lisiBound = () => say(h.fake, LISI, `/start ${h.invites.lisi}`);

beforeEach(async () => {
  h = await createHarness();
  tg = h.newBot('polling');
  await tg.start();
});

afterEach(async () => {
  await h?.close();
});

describe('the Telegram bot over long polling', () => {
  it('sets the default menus for people not bound yet, in Chinese and in English', () => {
    const defaults = h.fake.callsTo('setMyCommands').filter((call) => call.params.scope?.type === 'default');
    const zh = defaults.find((call) => call.params.language_code === undefined)!;
    const en = defaults.find((call) => call.params.language_code === 'en')!;
    expect(commandNames(zh)).toEqual(expect.arrayContaining(['start', 'help', 'cancel', 'lang']));
    expect(commandNames(zh)).not.toContain('submit');
    expect(zh.params.commands[0].description).toBe('绑定本账号');
    expect(en.params.commands[0].description).toBe('bind this account');
  });

  it('binds by /start CODE, then sets the reporter’s own menu and reply keyboard', async () => {
    const welcome = await say(h.fake, ZHANGWEI, `/start@xinbao_test_bot ${h.invites.zhangwei}`);
    expect(welcome.params.text).toContain('张伟，您好！您已绑定为罗山县政府办的信息员。');
    expect(welcome.params.parse_mode).toBe('HTML');
    expect(welcome.params.reply_markup).toEqual({
      keyboard: [
        [{ text: '📝 报送信息' }, { text: '📄 我的信息' }],
        [{ text: '📊 本单位情况' }, { text: '❓ 帮助' }],
      ],
      resize_keyboard: true,
      is_persistent: true,
    });
    const menu = await h.fake.waitFor((call) => chatMenus(ZHANGWEI).includes(call));
    expect(menu.params.language_code).toBeUndefined();
    const reporter = await h.engine.contextFor({ kind: 'text', platform: 'telegram', userId: String(ZHANGWEI), chatId: String(ZHANGWEI), text: '' });
    expect(commandNames(menu)).toEqual(h.engine.menuFor(reporter).map((entry) => entry.command));
    expect(commandNames(menu)).toEqual(expect.arrayContaining(['start', 'submit', 'mine', 'status', 'help', 'cancel', 'lang']));
  });

  it('binds through a t.me deep link, which the client sends as /start CODE', async () => {
    const link = `https://t.me/${h.fake.botInfo.username}?start=${h.invites.lisi}`;
    const payload = new URL(link).searchParams.get('start');
    const welcome = await say(h.fake, LISI, `/start ${payload}`);
    expect(welcome.params.text).toContain('李四，您好');
    expect((await person('lisi')).name).toBe('李四');
  });

  it('submits guided: title, body, then the category button recorded from the inline keyboard', async () => {
    await zhangweiBound();
    expect((await say(h.fake, ZHANGWEI, '/submit')).params.text).toContain('请输入信息标题');
    expect((await say(h.fake, ZHANGWEI, TITLE)).params.text).toContain('请输入正文');
    const ask = await say(h.fake, ZHANGWEI, BODY);
    expect(ask.params.text).toContain('请选择类别');
    const experience = buttonsOf(ask).find((button) => button.text === '经验做法')!;
    expect(experience.data).toBe('f:submit:category:experience');

    const { answer, next: filesStep } = await press(ZHANGWEI, experience.data);
    expect(answer.params.callback_query_id).toBeTruthy();
    expect(filesStep.params.text).toContain('完成');
    const { next } = await press(ZHANGWEI, 'f:submit:files:done');
    expect(next.params.text).toContain(`已报送 #1《${TITLE}》`);
    const item = await h.app.store.items.byId(1);
    expect(item).toMatchObject({ title: TITLE, body: BODY, category: 'experience', authorId: (await person('zhangwei')).id });
  });

  it('submits one-shot: /submit TITLE, newline, BODY', async () => {
    await zhangweiBound(TITLE);
    const done = await say(h.fake, ZHANGWEI, `/submit ${ONE_SHOT_TITLE}\n${BODY}`);
    expect(done.params.text).toContain(`已报送 #2《${ONE_SHOT_TITLE}》`);
    expect(done.params.text).toContain('已报送 2 条，目标 10 条，还差 8 条');
    expect((await h.app.store.items.byId(2))?.title).toBe(ONE_SHOT_TITLE);
  });

  it('answers the reply keyboard’s labels like the commands behind them', async () => {
    await zhangweiBound(TITLE, ONE_SHOT_TITLE);
    const status = await say(h.fake, ZHANGWEI, '📊 本单位情况');
    expect(status.params.text).toMatch(/^<b>罗山县政府办 · .+<\/b>\n/);
    expect(status.params.text).toContain('报送：2 条');
  });

  it('answers a forged button press, stores nothing and changes nothing', async () => {
    await zhangweiBound(TITLE, ONE_SHOT_TITLE);
    for (const data of ['f:submit:category:bogus', 'f:submit:category:experience', 'review:adopt:1:xinhua', 'zzz']) {
      const { answer, next } = await press(ZHANGWEI, data);
      expect(answer.params.callback_query_id).toBeTruthy();
      expect(next.params.text).toBe('这个按钮已失效，请重新发送命令。');
    }
    expect(await itemsBy('zhangwei')).toHaveLength(2);
  });

  it('refuses junk callback data before the engine sees it, with an answer and nothing else', async () => {
    await zhangweiBound(TITLE, ONE_SHOT_TITLE);
    const from = h.fake.calls.length;
    for (const data of ['💣 DROP TABLE Item;', ' ', 'x'.repeat(65), 'f:submit:category:exp\u0000erience']) {
      const before = h.fake.calls.length;
      h.fake.pushCallback(ZHANGWEI, data);
      const answer = await h.fake.waitFor('answerCallbackQuery', 5000, before);
      expect(answer.params.text).toBe('这个按钮已失效，请重新发送命令。');
    }
    await say(h.fake, ZHANGWEI, '/help');
    expect(h.fake.calls.slice(from).filter(sentTo(ZHANGWEI))).toHaveLength(1);
    expect(await itemsBy('zhangwei')).toHaveLength(2);
  });

  it('sends nothing for a redelivered update and stores nothing twice', async () => {
    await zhangweiBound(TITLE, ONE_SHOT_TITLE);
    const first = h.fake.calls.length;
    const update = h.fake.pushText(ZHANGWEI, `/submit ${REPEATED_TITLE}\n${BODY}`);
    expect((await h.fake.waitFor(sentTo(ZHANGWEI), 5000, first)).params.text).toContain(`#3《${REPEATED_TITLE}》`);

    const from = h.fake.calls.length;
    h.fake.pushRaw(update);
    const marker = await say(h.fake, ZHANGWEI, '/help');
    expect(marker.params.text).toContain('信报 · 可用命令');
    expect(h.fake.calls.slice(from).filter(sentTo(ZHANGWEI))).toEqual([marker]);
    expect((await itemsBy('zhangwei')).filter((item) => item.title === REPEATED_TITLE)).toHaveLength(1);
  });

  it('sets a chat’s menu once, and again only when the language changes', async () => {
    await zhangweiBound();
    expect(chatMenus(ZHANGWEI)).toHaveLength(1);
    expect((await say(h.fake, ZHANGWEI, '/lang en')).params.text).toBe('Language set to English.');
    const english = await h.fake.waitFor(() => chatMenus(ZHANGWEI).length === 2);
    expect(english.params.commands).toContainEqual({ command: 'submit', description: 'submit an item (one message: /submit TITLE, newline, BODY)' });
    const help = await say(h.fake, ZHANGWEI, '/help');
    expect(help.params.reply_markup.keyboard[0][0]).toEqual({ text: '📝 Submit' });
    expect((await say(h.fake, ZHANGWEI, '/lang zh')).params.text).toBe('语言已切换为中文。');
    await h.fake.waitFor(() => chatMenus(ZHANGWEI).length === 3);
    await say(h.fake, ZHANGWEI, '/mine');
    await say(h.fake, ZHANGWEI, '/status');
    expect(chatMenus(ZHANGWEI)).toHaveLength(3);
  });

  it('serves private chats only: a group gets nothing', async () => {
    await zhangweiBound();
    const from = h.fake.calls.length;
    h.fake.pushText(ZHANGWEI, '/help', { chatId: -100555, chatType: 'group' });
    h.fake.pushText(ZHANGWEI, `/start ${h.invites.wangfang}`, { chatId: -1001234567890, chatType: 'supergroup' });
    await say(h.fake, ZHANGWEI, '/help');
    expect(h.fake.calls.slice(from).filter((call) => call.method === 'sendMessage' && call.params.chat_id !== ZHANGWEI)).toEqual([]);
    expect(await h.app.store.people.isBound((await person('wangfang')).id)).toBe(false);
  });

  it('answers a photo or a sticker with a hint to send a command', async () => {
    await lisiBound();
    const from = h.fake.calls.length;
    h.fake.pushUpdate({
      message: {
        message_id: 9001,
        date: 0,
        chat: { id: LISI, type: 'private', first_name: 'Li' },
        from: { id: LISI, is_bot: false, first_name: 'Li' },
        sticker: { file_id: 'S', file_unique_id: 'S', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false },
      },
    } as never);
    const hint = await h.fake.waitFor(sentTo(LISI), 5000, from);
    expect(hint.params.text).toBe('请发送命令，例如 /submit 报送信息；发送 /help 查看全部命令。');
  });

  it('waits out a 429 retry_after and the message still arrives', async () => {
    await zhangweiBound(TITLE, ONE_SHOT_TITLE, REPEATED_TITLE);
    h.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const from = h.fake.calls.length;
    h.fake.pushText(ZHANGWEI, '/mine');
    await h.fake.waitFor(() => h.fake.calls.slice(from).filter(sentTo(ZHANGWEI)).length === 2, 8000);
    const [refused, sent] = h.fake.calls.slice(from).filter(sentTo(ZHANGWEI)) as [TelegramCall, TelegramCall];
    expect(sent.at - refused.at).toBeGreaterThanOrEqual(950);
    expect(sent.params.text).toBe(refused.params.text);
    expect(h.fake.sentMessages(ZHANGWEI).at(-1)?.text).toContain(ONE_SHOT_TITLE);
  });

  it('keeps a form across a restart: the title before, the body and category after', async () => {
    await lisiBound();
    await say(h.fake, LISI, '/submit');
    expect((await say(h.fake, LISI, RESTART_TITLE)).params.text).toContain('请输入正文');
    await tg.stop();

    tg = h.newBot('polling');
    await tg.start();
    const ask = await say(h.fake, LISI, BODY);
    expect(ask.params.text).toContain('请选择类别');
    await press(LISI, buttonsOf(ask).find((button) => button.data.endsWith(':dynamic'))!.data);
    const { next } = await press(LISI, 'f:submit:files:done');
    expect(next.params.text).toMatch(new RegExp(`已报送 #\\d+《${RESTART_TITLE}》`));
    expect((await itemsBy('lisi')).map((item) => item.title)).toEqual([RESTART_TITLE]);
  });

  it('lets the same person use Telegram and the console at once', async () => {
    await zhangweiBound(TITLE, ONE_SHOT_TITLE, REPEATED_TITLE);
    const invite = await issueInvite(h.app, { personCode: 'zhangwei' });
    if (!invite.ok) throw new Error('no invite');
    const onConsole = (text: string) => h.engine.handle({ kind: 'text', platform: 'console', userId: 'zhangwei-desk', chatId: 'zhangwei-desk', text });
    expect((await onConsole(`/start ${invite.value.code}`))[0]!.lines.join('\n')).toContain('张伟，您好');
    expect((await onConsole('/mine'))[0]!.lines.join('\n')).toContain(TITLE);

    const mine = await say(h.fake, ZHANGWEI, '/mine');
    expect(mine.params.text).toContain(REPEATED_TITLE);
    const identities = await h.app.store.identities.forPerson((await person('zhangwei')).id);
    expect(identities.map((identity) => identity.platform).sort()).toEqual(['console', 'telegram']);
  });

  it('stops without hanging and confirms what it handled', async () => {
    await tg.stop();
    expect(h.fake.pendingUpdates()).toEqual([]);
    expect(h.logs).toEqual([]);
  });
});
