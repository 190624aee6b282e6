/**
 * The service killed with SIGKILL in the middle of sending, and started again: a child process
 * runs `src/main.ts` against the fake Bot API, which holds its answers to sendMessage so that
 * some sends are in flight (received by "Telegram", not yet answered) when the process dies.
 * After the restart every message arrives; only those in flight at the kill may arrive twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindAccount } from '../../src/domain/accounts/bindAccount.ts';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import { text } from '../../src/domain/notify/message.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegramServer.ts';
import { declare, telegram as telegramId } from '../support/outboxOffice.ts';
import { killServices, startService } from '../support/service.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../support/testApp.ts';
import { until } from '../support/wait.ts';

// Seven office people alerted to each urgent report: the editor and six duty officers.
const DUTY = [1, 2, 3, 4, 5, 6].map((n) => ({ code: `duty${n}`, chat: String(700 + n) }));
const ORG = `${SAMPLE_ORG}${DUTY.map((duty) => `  - { code: ${duty.code}, name: 值班${duty.code.slice(4)}, roles: [duty] }\n`).join('')}`;
const REPORTS = 5;
const NOTICES = 20;

let telegram: FakeTelegram;
let app: TestApp;

beforeEach(async () => {
  telegram = await startFakeTelegram();
  app = await createTestApp();
  app.clock.set(new Date()); // the service runs on the real clock
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  for (const [personCode, chat] of [['zhangwei', '100'], ['chenjing', '400'], ...DUTY.map((duty) => [duty.code, duty.chat])] as const) {
    const issued = await issueInvite(app, { personCode });
    if (!issued.ok) throw new Error(issued.error.code);
    const bound = await bindAccount(app, { code: issued.value.code, identity: telegramId(chat) });
    if (!bound.ok) throw new Error(bound.error.code);
  }
});

afterEach(async () => {
  await killServices();
  await app?.dispose();
  await telegram?.close();
});

/** The service's Telegram: the fake Bot API. */
const onFakeTelegram = () => ({ TELEGRAM_BOT_TOKEN: '123456:outbox-crash', TELEGRAM_API_ROOT: telegram.apiRoot });

/** A message as the fake saw it or the outbox holds it: chat and what it is (report number or notice number). */
const markerOf = (chatId: string | number, content: string) => `${chatId}:${/第(\d+)起/.exec(content)?.[0] ?? /普通消息\d+/.exec(content)?.[0]}`;

describe('a crash in the middle of a send', () => {
  it('loses nothing after a restart, and duplicates only what was in flight', async () => {
    for (let i = 1; i <= REPORTS; i += 1) await declare(app, `第${i}起紧急事件：某乡镇发生山体滑坡`);
    for (let i = 1; i <= NOTICES; i += 1) {
      await app.store.outbox.enqueue({
        personId: null,
        platform: 'telegram',
        chatId: String(100 + (i % 4)),
        message: { title: text(`普通消息${i}`), lines: [] },
        at: app.clock.now(),
      });
    }
    const rows = await app.db.outboxMessage.findMany();
    expect(rows).toHaveLength(REPORTS * 7 + NOTICES);

    // Telegram answers the first 10 sends, then receives the others without answering.
    telegram.hold('sendMessage', { after: 10 });
    const first = await startService(app, onFakeTelegram());
    await until(() => telegram.held().length >= 5, 'sends in flight', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let every send the pass started reach the fake
    const inFlight = new Set(
      (await app.db.outboxMessage.findMany({ where: { status: 'pending', sendingAt: { not: null } } })).map((row) => markerOf(row.chatId, row.payload)),
    );
    const heldAtKill = telegram.held().map((call) => markerOf(call.params.chat_id, String(call.params.text)));
    first.child.kill('SIGKILL');
    await first.exited;
    // Every send Telegram holds was marked `sending` before it left.
    expect(heldAtKill.every((marker) => inFlight.has(marker))).toBe(true);
    telegram.release();

    const restartedAt = Date.now();
    const second = await startService(app, onFakeTelegram());
    await until(async () => (await app.db.outboxMessage.count({ where: { status: { not: 'sent' } } })) === 0, 'every message sent', 20_000);
    const allSentAfterMs = Date.now() - restartedAt;
    expect(second.stderr()).toMatch(/"msg":"took back \d+ message\(s\) leased by 1 stopped dispatcher\(s\)"/);

    const counts = new Map<string, number>();
    for (const call of telegram.callsTo('sendMessage')) {
      const marker = markerOf(call.params.chat_id, String(call.params.text));
      counts.set(marker, (counts.get(marker) ?? 0) + 1);
    }
    const expected = rows.map((row) => markerOf(row.chatId, row.payload));
    expect(new Set(expected).size).toBe(expected.length);
    expect([...counts.keys()].sort()).toEqual([...expected].sort());
    const twice = [...counts].filter(([, count]) => count > 1).map(([marker]) => marker);
    // Twice: every send Telegram had received unanswered, and nothing that was not in flight.
    expect(heldAtKill.every((marker) => twice.includes(marker))).toBe(true);
    expect(twice.every((marker) => inFlight.has(marker))).toBe(true);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    const total = telegram.callsTo('sendMessage').length;
    process.stdout.write(
      `outbox crash: ${expected.length} messages, ${total} sends, ${twice.length} duplicates, ${inFlight.size} in flight at the kill; all sent ${allSentAfterMs} ms after the restart began\n`,
    );
    second.child.kill('SIGTERM');
    await second.exited;
  }, 90_000);
});
