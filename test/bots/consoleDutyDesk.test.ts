/**
 * The duty desk at the console (docs/urgent.md#the-duty-desk), through the console session's
 * input and output: the duty officer sees an alert with its numbered buttons, types the number of
 * 确认收到, and the receipt goes out to the reporter's console chat; a phone report logged
 * one-shot reaches the unit's reporter.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareUrgent } from '../../src/domain/urgent/declareUrgent.ts';
import { importWithConsoleChats, typeAtConsole } from '../support/console.ts';
import { createTestApp, SAMPLE_ORG, testClock, type TestApp } from '../support/testApp.ts';

const ORG = `${SAMPLE_ORG}  - { code: zhoujie, name: 周杰, roles: [duty] }
`;

let app: TestApp;

beforeEach(async () => {
  app = await createTestApp({}, testClock('2026-11-20T02:05:00Z')); // 10:05 in Shanghai
  await importWithConsoleChats(app, ORG, [
    ['zhangwei', 'rep1'],
    ['zhoujie', 'duty1'],
  ]);
});

afterEach(async () => {
  await app?.dispose();
});

/** Types `lines` at the console of chat account `userId`; returns what it printed. */
const chat = (userId: string, lines: string[]) => typeAtConsole(app, userId, lines);

describe('the duty desk at the console', () => {
  it('the alert’s numbered 确认收到, typed, acknowledges once and the reporter’s chat gets the receipt', async () => {
    const reporter = (await app.store.people.byCode('zhangwei'))!;
    const declared = await declareUrgent(app, { reporter, what: '周党镇发生山体滑坡，两户民房受损', severity: 'major' });
    if (!declared.ok) throw new Error(declared.error.code);

    const printed = await chat('duty1', ['1', '1']);
    expect(printed).toContain('紧急信息 #1（重大）');
    expect(printed).toMatch(/\[1\] 确认收到\n\s+\[2\] 电话确认结束/);
    expect(printed).toContain('已确认收到 #1，已告知报告人。');
    expect(printed).toContain('#1 已由 周杰 于 10:05 确认收到。');
    // The second "1" no longer names a button (the reply had none): it is read as text.
    expect(printed.match(/确认收到。/g)).toHaveLength(1);
    expect(await app.store.urgent.byId(1)).toMatchObject({ acknowledgedById: (await app.store.people.byCode('zhoujie'))!.id });
    const receipts = await app.db.outboxMessage.findMany({ where: { chatId: 'rep1' } });
    expect(receipts.map((row) => row.status)).toEqual(['sent']);
  });

  it('a phone report logged one-shot reaches the unit’s reporter', async () => {
    const printed = await chat('duty1', ['/urgent for luoshan @09:40 [重大] 周党镇发生山体滑坡']);
    expect(printed).toContain('已登记 罗山县政府办 的电话报告，紧急信息 #1（重大），2026-11-20 09:40 来电');
    expect(printed).toContain('值班室已登记 罗山县政府办 的电话报告 #1');
    expect(await app.store.urgent.byId(1)).toMatchObject({ channel: 'phone', calledAt: new Date('2026-11-20T01:40:00Z') });
  });
});
