/**
 * The duty desk at the console (docs/urgent.md#the-duty-desk), through the console session's
 * input and output: the duty officer sees an alert with its numbered buttons, types the number of
 * 确认收到, and the receipt goes out to the reporter's console chat; a phone report logged
 * one-shot reaches the unit's reporter.
 */
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleSession } from '../../src/cli/console.ts';
import { bindAccount } from '../../src/domain/accounts/bindAccount.ts';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { declareUrgent } from '../../src/domain/urgent/declareUrgent.ts';
import { captureLogs } from '../support/logs.ts';
import { createTestApp, SAMPLE_ORG, testClock, type TestApp } from '../support/testApp.ts';

const ORG = `${SAMPLE_ORG}  - { code: zhoujie, name: 周杰, roles: [duty] }
`;

let app: TestApp;

beforeEach(async () => {
  app = await createTestApp({}, testClock('2026-11-20T02:05:00Z')); // 10:05 in Shanghai
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  for (const [personCode, chat] of [
    ['zhangwei', 'rep1'],
    ['zhoujie', 'duty1'],
  ] as const) {
    const issued = await issueInvite(app, { personCode });
    if (!issued.ok) throw new Error(issued.error.code);
    const bound = await bindAccount(app, { code: issued.value.code, identity: { platform: 'console', platformUserId: chat, chatId: chat } });
    if (!bound.ok) throw new Error(bound.error.code);
  }
});

afterEach(async () => {
  await app?.dispose();
});

/** Types `lines` at the console of chat account `userId`; returns what it printed. */
async function chat(userId: string, lines: string[]): Promise<string> {
  let printed = '';
  const output = new Writable({
    write(chunk, _encoding, done) {
      printed += String(chunk);
      done();
    },
  });
  const logs = captureLogs({ level: 'warn' });
  const code = await consoleSession(app, { userId, input: Readable.from([lines.map((line) => `${line}\n`).join('')]), output, logger: logs.logger });
  expect(logs.lines).toEqual([]);
  expect(code).toBe(0);
  return printed;
}

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
