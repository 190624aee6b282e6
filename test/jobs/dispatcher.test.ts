import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestApp, type TestApp } from '../support/testApp.ts';
import { declare, dispatcherFor, outboxApp, setUpOrg, T0, urgentDeps } from '../support/outboxOffice.ts';
import { openApp, type App } from '../../src/app.ts';
import { recordFollowUp } from '../../src/domain/urgent/recordFollowUp.ts';
import { backoffMs } from '../../src/jobs/dispatcher.ts';
import { SendError, type Sender } from '../../src/domain/notify/sender.ts';
import { renderOut } from '../../src/i18n/renderOut.ts';
import { text } from '../../src/domain/notify/message.ts';
import { translate } from '../../src/i18n/catalog.ts';
import type { Platform, Reply } from '../../src/chat/types.ts';

type Sent = { platform: Platform; chatId: string; reply: Reply };

/**
 * The platform boundary: a Sender that records what it is asked to send. `failWith` decides,
 * per call, whether to throw instead (and what).
 */
function recordingSender(
  platform: Platform,
  sent: Sent[],
  options: { failWith?: (chatId: string, reply: Reply) => Error | null; delayMs?: () => number } = {},
) {
  const calls: Sent[] = [];
  const sender: Sender = {
    platform,
    async send(chatId, reply) {
      calls.push({ platform, chatId, reply });
      const delay = options.delayMs?.() ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const error = options.failWith?.(chatId, reply) ?? null;
      if (error) throw error;
      sent.push({ platform, chatId, reply });
    },
  };
  return Object.assign(sender, { calls });
}

const key = (s: Sent) => `${s.platform}:${s.chatId}:${s.reply.title}`;
const outboxRows = (store: App) => store.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });

let app: TestApp;

// The org is imported and the people bound once per file; each test opens its own copy.
const seededApp = outboxApp({ slack: true });

beforeEach(async () => {
  app = await seededApp();
});

afterEach(async () => {
  await app?.dispose();
});

describe('the outbox dispatcher', () => {
  it('sends what is due, marks it sent, and sends nothing twice', async () => {
    const report = await declare(app);
    const sent: Sent[] = [];
    const dispatcher = dispatcherFor(app, [recordingSender('telegram', sent), recordingSender('slack', sent)]);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 3, failed: 0 });
    expect(sent.map((s) => `${s.platform}:${s.chatId}`).sort()).toEqual(['slack:DU700', 'telegram:400', 'telegram:700']);
    expect(sent.every((s) => s.reply.title === translate('zh-CN', 'urgent.alert.title', { id: report.id, severity: '一般' }))).toBe(true);
    const rows = await outboxRows(app);
    expect(rows.map((row) => ({ status: row.status, sentAt: row.sentAt, attempts: row.attempts }))).toEqual(
      Array(3).fill({ status: 'sent', sentAt: new Date(T0), attempts: 1 }),
    );
    expect(await app.store.outbox.counts()).toEqual({ pending: 0, sent: 3, dead: 0 });
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
    app.clock.advance(3600_000);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
    expect(sent).toHaveLength(3);
  });

  it('waits exactly retryAfterMs after a SendError that asks for it', async () => {
    await app.store.outbox.enqueue({ personId: null, platform: 'telegram', chatId: '900', message: { lines: [text('urgent.list.empty')] }, at: new Date(T0) });
    const sent: Sent[] = [];
    let fail = true;
    const sender = recordingSender('telegram', sent, { failWith: () => (fail ? new SendError('429 Too Many Requests', 7000) : null) });
    const dispatcher = dispatcherFor(app, [sender]);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 1 });
    const [row] = await outboxRows(app);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: '429 Too Many Requests', nextAttemptAt: new Date(Date.parse(T0) + 7000) });

    fail = false;
    app.clock.set(new Date(Date.parse(T0) + 6999));
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
    expect(sender.calls).toHaveLength(1);
    app.clock.set(new Date(Date.parse(T0) + 7000));
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 1, failed: 0 });
    expect(sent).toHaveLength(1);
    expect((await outboxRows(app))[0]).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('backs off 5 s, then 10 s, after generic errors', async () => {
    expect([1, 2, 3, 4].map((attempts) => backoffMs(attempts))).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(backoffMs(40)).toBe(3600_000);

    await app.store.outbox.enqueue({ personId: null, platform: 'telegram', chatId: '900', message: { lines: [text('urgent.list.empty')] }, at: new Date(T0) });
    const sent: Sent[] = [];
    let failures = 2;
    const sender = recordingSender('telegram', sent, { failWith: () => (failures-- > 0 ? new Error('ECONNRESET') : null) });
    const dispatcher = dispatcherFor(app, [sender]);
    const t = (ms: number) => new Date(Date.parse(T0) + ms);

    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 1 });
    expect((await outboxRows(app))[0]).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: t(5000), lastError: 'ECONNRESET' });

    app.clock.set(t(4999));
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
    app.clock.set(t(5000));
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 1 });
    expect((await outboxRows(app))[0]).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: t(15_000) });

    app.clock.set(t(14_999));
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
    app.clock.set(t(15_000));
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 1, failed: 0 });
    expect(sender.calls).toHaveLength(3);
    expect(sent).toHaveLength(1);
  });

  it('marks a permanent SendError dead and never retries it', async () => {
    await app.store.outbox.enqueue({ personId: null, platform: 'telegram', chatId: '901', message: { lines: [text('urgent.list.empty')] }, at: new Date(T0) });
    const sent: Sent[] = [];
    const sender = recordingSender('telegram', sent, { failWith: () => new SendError('403 Forbidden: bot was blocked by the user', undefined, true) });
    const dispatcher = dispatcherFor(app, [sender]);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 1 });
    expect((await outboxRows(app))[0]).toMatchObject({ status: 'dead', lastError: '403 Forbidden: bot was blocked by the user' });
    expect(await app.store.outbox.counts()).toEqual({ pending: 0, sent: 0, dead: 1 });
    app.clock.advance(7 * 24 * 3600_000);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
    expect(sender.calls).toHaveLength(1);
  });

  it('gives up after maxAttempts transient failures', async () => {
    await app.store.outbox.enqueue({ personId: null, platform: 'telegram', chatId: '902', message: { lines: [text('urgent.list.empty')] }, at: new Date(T0) });
    const sender = recordingSender('telegram', [], { failWith: () => new Error('ETIMEDOUT') });
    const dispatcher = dispatcherFor(app, [sender], { maxAttempts: 3 });
    for (let i = 0; i < 3; i += 1) {
      expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 1 });
      app.clock.advance(3600_000);
    }
    expect((await outboxRows(app))[0]).toMatchObject({ status: 'dead', attempts: 3 });
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
    expect(sender.calls).toHaveLength(3);
  });

  it('keeps a message for a platform with no sender running, and sends it once one runs', async () => {
    await declare(app);
    const sent: Sent[] = [];
    const telegramOnly = dispatcherFor(app, [recordingSender('telegram', sent)]);
    expect(await telegramOnly.dispatchOnce()).toEqual({ sent: 2, failed: 1 });
    expect(await app.store.outbox.counts()).toEqual({ pending: 1, sent: 2, dead: 0 });
    app.clock.advance(3600_000);
    const both = dispatcherFor(app, [recordingSender('telegram', sent), recordingSender('slack', sent)]);
    expect(await both.dispatchOnce()).toEqual({ sent: 1, failed: 0 });
    expect(sent.map((s) => `${s.platform}:${s.chatId}`).sort()).toEqual(['slack:DU700', 'telegram:400', 'telegram:700']);
  });

  it('leaves a message whose sender is not ready here for a few seconds later, counting no attempt, however often', async () => {
    await app.store.outbox.enqueue({ personId: null, platform: 'telegram', chatId: '903', message: { lines: [text('urgent.list.empty')] }, at: new Date(T0) });
    let ready = false;
    const sender = Object.assign(recordingSender('telegram', []), { ready: () => ready });
    const dispatcher = dispatcherFor(app, [sender], { maxAttempts: 3 });
    for (let i = 0; i < 5; i += 1) {
      expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 1 });
      expect((await outboxRows(app))[0]).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: new Date(app.clock.now().getTime() + 5000) });
      app.clock.advance(5000);
    }
    expect(sender.calls).toHaveLength(0);
    ready = true;
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 1, failed: 0 });
    expect((await outboxRows(app))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('charges a message waiting behind a failing one in its chat no attempt, however many passes it waits', async () => {
    for (const key of ['urgent.list.empty', 'urgent.list.title']) {
      await app.store.outbox.enqueue({ personId: null, platform: 'telegram', chatId: '904', message: { lines: [text(key)] }, at: new Date(T0) });
    }
    const sender = recordingSender('telegram', [], { failWith: () => new Error('ETIMEDOUT') });
    const dispatcher = dispatcherFor(app, [sender], { maxAttempts: 3 });
    for (let i = 0; i < 3; i += 1) {
      await dispatcher.dispatchOnce();
      app.clock.advance(3600_000);
    }
    const [first, second] = await outboxRows(app);
    expect(first).toMatchObject({ status: 'dead', attempts: 3 });
    expect(second).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('keeps the order of messages to one chat, with chats sent side by side', async () => {
    const reports = [];
    for (let i = 1; i <= 5; i += 1) reports.push(await declare(app, `第${i}起紧急事件的经过说明`));
    const sent: Sent[] = [];
    const jitter = () => Math.floor(Math.random() * 15);
    const dispatcher = dispatcherFor(app, [recordingSender('telegram', sent, { delayMs: jitter }), recordingSender('slack', sent, { delayMs: jitter })]);
    expect(await dispatcher.dispatchOnce()).toEqual({ sent: 15, failed: 0 });
    const expected = reports.map((r) => translate('zh-CN', 'urgent.alert.title', { id: r.id, severity: '一般' }));
    for (const chat of ['telegram:400', 'telegram:700', 'slack:DU700']) {
      expect(sent.filter((s) => `${s.platform}:${s.chatId}` === chat).map((s) => s.reply.title)).toEqual(expected);
    }
  });

  it('keeps the order of messages to one chat when an earlier one has to be retried', async () => {
    // The alert on an emergency must not arrive after its follow-up.
    const report = await declare(app);
    const reporter = (await app.store.people.byCode('zhangwei'))!;
    const followed = await recordFollowUp(urgentDeps(app), { author: reporter, reportId: report.id, text: '伤员已送医，道路正在抢通', final: false });
    expect(followed.ok).toBe(true);
    const sent: Sent[] = [];
    let failOnce = true;
    const sender = recordingSender('telegram', sent, {
      failWith: (chatId) => {
        if (chatId !== '400' || !failOnce) return null;
        failOnce = false;
        return new Error('ECONNRESET');
      },
    });
    const dispatcher = dispatcherFor(app, [sender]);
    for (let i = 0; i < 5; i += 1) {
      await dispatcher.dispatchOnce();
      app.clock.advance(60_000);
    }
    const toEditor = sent.filter((s) => s.chatId === '400').map((s) => s.reply.title);
    expect(toEditor).toEqual([
      translate('zh-CN', 'urgent.alert.title', { id: report.id, severity: '一般' }),
      translate('zh-CN', 'urgent.followup.title', { id: report.id, severity: '一般' }),
    ]);
  });

  it("renders each message in its recipient's language at send time", async () => {
    const duty = (await app.store.people.byCode('zhoujie'))!;
    await app.store.people.setLocale(duty.id, 'en');
    const report = await declare(app);
    const sent: Sent[] = [];
    const dispatcher = dispatcherFor(app, [recordingSender('telegram', sent), recordingSender('slack', sent)]);
    await dispatcher.dispatchOnce();
    const titleOf = (chat: string) => sent.find((s) => `${s.platform}:${s.chatId}` === chat)!.reply.title;
    expect(titleOf('telegram:700')).toBe(`🚨 Emergency #${report.id} (general)`);
    expect(titleOf('slack:DU700')).toBe(`🚨 Emergency #${report.id} (general)`);
    expect(titleOf('telegram:400')).toBe(`🚨 紧急信息 #${report.id}（一般）`);
    const english = sent.find((s) => s.chatId === '700')!.reply.lines.join('\n');
    expect(english).toContain('What: 罗山县某乡镇发生山体滑坡，两户民房受损');
    expect(english).toContain('From: 罗山县政府办, 张伟');
  });

  it('follows a language change made while the dispatcher is running', async () => {
    const sent: Sent[] = [];
    const dispatcher = dispatcherFor(app, [recordingSender('telegram', sent), recordingSender('slack', sent)]);
    const first = await declare(app);
    await dispatcher.dispatchOnce();
    expect(sent.find((s) => s.chatId === '400')!.reply.title).toBe(`🚨 紧急信息 #${first.id}（一般）`);

    const editor = (await app.store.people.byCode('chenjing'))!;
    await app.store.people.setLocale(editor.id, 'en'); // the editor sends /lang en
    const second = await declare(app);
    await dispatcher.dispatchOnce();
    expect(sent.filter((s) => s.chatId === '400').map((s) => s.reply.title)).toEqual([
      `🚨 紧急信息 #${first.id}（一般）`,
      `🚨 Emergency #${second.id} (general)`,
    ]);
  });

  it('renderOut resolves @-params as catalog words in the given language', () => {
    const message = { title: text('urgent.alert.title', { id: 7, severity: '@severity.major' }), lines: [text('urgent.line.what', { what: '@not.a.key' })] };
    expect(renderOut(message, 'en')).toEqual({ title: '🚨 Emergency #7 (major)', lines: ['What: @not.a.key'] });
    expect(renderOut(message, 'zh-CN')).toEqual({ title: '🚨 紧急信息 #7（重大）', lines: ['事件：@not.a.key'] });
  });

  it('start() polls until stop(), and stop() waits for the pass in flight', async () => {
    await declare(app);
    const sent: Sent[] = [];
    const dispatcher = dispatcherFor(app, [recordingSender('telegram', sent, { delayMs: () => 20 }), recordingSender('slack', sent, { delayMs: () => 20 })]);
    dispatcher.start(5);
    for (let i = 0; i < 200 && sent.length < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await dispatcher.stop();
    expect(sent).toHaveLength(3);
    await declare(app);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent).toHaveLength(3);
    expect(await app.store.outbox.counts()).toEqual({ pending: 3, sent: 3, dead: 0 });
  });

  it('started, it sends what this process queues as soon as it is committed, not at its next look', async () => {
    const sent: Sent[] = [];
    const dispatcher = dispatcherFor(app, [recordingSender('telegram', sent), recordingSender('slack', sent)], { outboxWrites: app.outboxWrites });
    // It looks only once an hour: what is sent below comes from the wake-up.
    dispatcher.start(3600_000);
    try {
      await declare(app);
      await expect.poll(() => sent.length, { timeout: 10_000 }).toBe(3);
      await declare(app);
      await expect.poll(() => sent.length, { timeout: 10_000 }).toBe(6);
    } finally {
      await dispatcher.stop();
    }
  });

  it('started, it retries when the retry falls due, not at its next look', async () => {
    await app.store.outbox.enqueue({ personId: null, platform: 'telegram', chatId: '900', message: { lines: [text('urgent.list.empty')] }, at: new Date(T0) });
    const sent: Sent[] = [];
    let fail = true;
    const sender = recordingSender('telegram', sent, { failWith: () => (fail ? new SendError('429 Too Many Requests', 500) : null) });
    const dispatcher = dispatcherFor(app, [sender]);
    dispatcher.start(3600_000);
    try {
      await expect.poll(() => sender.calls.length, { timeout: 10_000 }).toBe(1);
      fail = false;
      app.clock.advance(500);
      await expect.poll(() => sent.length, { timeout: 10_000 }).toBe(1);
      expect(sender.calls).toHaveLength(2);
    } finally {
      await dispatcher.stop();
    }
  });
});

describe('crash and restart', () => {
  it('a crash between the write and the send still delivers on restart, exactly once', async () => {
    const crashed = await createTestApp();
    crashed.clock.set(T0);
    await setUpOrg(crashed, { slack: true });
    await declare(crashed);
    await declare(crashed, '第二起紧急事件的经过说明');
    expect(await crashed.store.outbox.counts()).toEqual({ pending: 6, sent: 0, dead: 0 });
    // The process dies before any dispatcher ran.
    await crashed.close();

    const restarted = await openApp(crashed.config, crashed.clock);
    try {
      const sent: Sent[] = [];
      const dispatcher = dispatcherFor(restarted, [recordingSender('telegram', sent), recordingSender('slack', sent)]);
      expect(await dispatcher.dispatchOnce()).toEqual({ sent: 6, failed: 0 });
      expect(new Set(sent.map(key)).size).toBe(6);
      expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });

      // Yet another restart finds nothing left to send.
      const again = dispatcherFor(restarted, [recordingSender('telegram', sent), recordingSender('slack', sent)]);
      crashed.clock.set(new Date(Date.parse(T0) + 3600_000));
      expect(await again.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
      expect(sent).toHaveLength(6);
      expect(await restarted.store.outbox.counts()).toEqual({ pending: 0, sent: 6, dead: 0 });
    } finally {
      await restarted.close();
      await crashed.dispose();
    }
  });

  it('a dispatcher that died after claiming, leaving no heartbeat, has its leases taken back by the next one at once', async () => {
    const crashed = await createTestApp();
    crashed.clock.set(T0);
    await setUpOrg(crashed, { slack: true });
    await declare(crashed);
    // The dead dispatcher had claimed everything (leased for a minute) but sent nothing.
    expect(await crashed.store.outbox.claimDue(new Date(T0), new Date(Date.parse(T0) + 60_000), 100)).toHaveLength(3);
    await crashed.close();

    const restarted = await openApp(crashed.config, crashed.clock);
    try {
      const sent: Sent[] = [];
      const dispatcher = dispatcherFor(restarted, [recordingSender('telegram', sent), recordingSender('slack', sent)]);
      expect(await dispatcher.dispatchOnce()).toEqual({ sent: 3, failed: 0 });
      crashed.clock.set(new Date(Date.parse(T0) + 60_000));
      expect(await dispatcher.dispatchOnce()).toEqual({ sent: 0, failed: 0 });
      expect(new Set(sent.map(key)).size).toBe(3);
      expect(sent).toHaveLength(3);
    } finally {
      await restarted.close();
      await crashed.dispose();
    }
  });

  it('two dispatchers on one database send each message once in total', async () => {
    const first = await createTestApp();
    first.clock.set(T0);
    await setUpOrg(first, { slack: true });
    for (let i = 1; i <= 10; i += 1) await declare(first, `第${i}起紧急事件的经过说明`);
    const second = await openApp(first.config, first.clock);
    try {
      const sent: Sent[] = [];
      const jitter = () => Math.floor(Math.random() * 5);
      const senders = () => [recordingSender('telegram', sent, { delayMs: jitter }), recordingSender('slack', sent, { delayMs: jitter })];
      const a = dispatcherFor(first, senders(), { batch: 7 });
      const b = dispatcherFor(second, senders(), { batch: 7 });
      const results = [];
      for (let round = 0; round < 6; round += 1) results.push(...(await Promise.all([a.dispatchOnce(), b.dispatchOnce()])));
      expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(30);
      expect(results.reduce((sum, r) => sum + r.failed, 0)).toBe(0);
      expect(sent).toHaveLength(30);
      expect(new Set(sent.map(key)).size).toBe(30);
      expect(await first.store.outbox.counts()).toEqual({ pending: 0, sent: 30, dead: 0 });
    } finally {
      await second.close();
      await first.dispose();
    }
  });

  it('two polling dispatchers on one database, started together, send each message once', async () => {
    const first = await createTestApp();
    first.clock.set(T0);
    await setUpOrg(first, { slack: true });
    for (let i = 1; i <= 5; i += 1) await declare(first, `第${i}起紧急事件的经过说明`);
    const second = await openApp(first.config, first.clock);
    try {
      const sent: Sent[] = [];
      const senders = () => [recordingSender('telegram', sent, { delayMs: () => 2 }), recordingSender('slack', sent, { delayMs: () => 2 })];
      const a = dispatcherFor(first, senders(), { batch: 4 });
      const b = dispatcherFor(second, senders(), { batch: 4 });
      a.start(5);
      b.start(5);
      for (let i = 0; i < 300 && sent.length < 15; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await Promise.all([a.stop(), b.stop()]);
      expect(sent).toHaveLength(15);
      expect(new Set(sent.map(key)).size).toBe(15);
    } finally {
      await second.close();
      await first.dispose();
    }
  });
});
