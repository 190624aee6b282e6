import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';
import type { Identity } from '../../../src/domain/accounts/port.ts';

const T0 = '2026-11-20T02:00:00Z';
const DAY = 24 * 3600_000;

// SAMPLE_ORG plus a few more reporters, so each test binds people nobody else touches.
const ORG = `${SAMPLE_ORG}  - { code: lisi, name: 李四, unit: luoshan, roles: [reporter] }
  - { code: wangwu, name: 王五, unit: luoshan, roles: [reporter] }
  - { code: zhaoliu, name: 赵六, unit: gushi, roles: [reporter] }
  - { code: sunqi, name: 孙七, unit: gushi, roles: [lead] }
`;

const telegram = (id: string): Identity => ({ platform: 'telegram', platformUserId: id, chatId: id });
const slack = (id: string): Identity => ({ platform: 'slack', platformUserId: id, chatId: `D${id}` });

let app: TestApp;
/** Every plain code handed out in this test, to prove none of them is stored. */
let plainCodes: string[] = [];

async function invite(personCode: string): Promise<string> {
  const issued = await issueInvite(app, { personCode });
  if (!issued.ok) throw new Error(`issueInvite(${personCode}) failed: ${issued.error.code}`);
  plainCodes.push(issued.value.code);
  return issued.value.code;
}

const bind = (code: string, identity: Identity) => bindAccount(app, { code, identity });

beforeEach(async () => {
  app = await createTestApp();
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  plainCodes = imported.value.invites.map((row) => row.invite);
});

afterEach(async () => {
  await app?.dispose();
});

describe('issueInvite and bindAccount', () => {
  it('binds a chat account to the invited person', async () => {
    app.clock.set(T0);
    const code = await invite('zhangwei');
    const bound = await bind(code, telegram('1001'));
    expect(bound).toMatchObject({ ok: true, value: { alreadyBound: false, person: { code: 'zhangwei', name: '张伟' } } });
    const person = await app.store.people.byIdentity('telegram', '1001');
    expect(person?.code).toBe('zhangwei');
    expect(person?.unit?.code).toBe('luoshan');
  });

  it('refuses a used code from another chat account, and accepts it again from the same one', async () => {
    app.clock.set(T0);
    const code = await invite('lisi');
    expect((await bind(code, telegram('2001'))).ok).toBe(true);

    expect(await bind(code, telegram('2002'))).toEqual({ ok: false, error: { code: 'INVITE.USED' } });
    expect(await app.store.people.byIdentity('telegram', '2002')).toBeNull();

    const again = await bind(code, telegram('2001'));
    expect(again).toMatchObject({ ok: true, value: { alreadyBound: true, person: { code: 'lisi' } } });
    const lisi = await app.store.people.byCode('lisi');
    expect(await app.store.identities.forPerson(lisi!.id)).toHaveLength(1);
  });

  it('accepts a code until 7 days have passed and refuses it after', async () => {
    app.clock.set(T0);
    const early = await invite('wangwu');
    app.clock.advance(7 * DAY - 60_000);
    expect((await bind(early, telegram('3001'))).ok).toBe(true);

    app.clock.set(T0);
    const late = await invite('zhaoliu');
    app.clock.advance(7 * DAY + 60_000);
    expect(await bind(late, telegram('3002'))).toEqual({ ok: false, error: { code: 'INVITE.EXPIRED' } });
    const zhaoliu = await app.store.people.byCode('zhaoliu');
    expect(await app.store.people.isBound(zhaoliu!.id)).toBe(false);
  });

  it('refuses a code that was never issued', async () => {
    app.clock.set(T0);
    expect(await bind('K7QM4XPD2R', telegram('4001'))).toEqual({ ok: false, error: { code: 'INVITE.UNKNOWN' } });
    expect(await bind('', telegram('4001'))).toEqual({ ok: false, error: { code: 'INVITE.UNKNOWN' } });
    expect(await app.store.people.byIdentity('telegram', '4001')).toBeNull();
  });

  it('accepts the code typed in lower case with a dash and spaces', async () => {
    app.clock.set(T0);
    const code = await invite('zhaoliu');
    const typed = ` ${code.slice(0, 5).toLowerCase()}-${code.slice(5).toLowerCase()} `;
    const bound = await bind(typed, telegram('5001'));
    expect(bound).toMatchObject({ ok: true, value: { person: { code: 'zhaoliu' } } });
  });

  it('accepts the code in groups split by spaces, full-width from a Chinese keyboard, or with zero-width characters', async () => {
    app.clock.set(T0);
    const people = ['zhangwei', 'lisi', 'wangwu', 'zhaoliu'];
    const typings = [
      (code: string) => `${code.slice(0, 5)} ${code.slice(5)}`,
      (code: string) => `${code.slice(0, 3)}\u3000${code.slice(3, 6)} ${code.slice(6)}`,
      (code: string) => [...`${code.slice(0, 5)}-${code.slice(5)}`].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join(''),
      (code: string) => `\u200B${code.slice(0, 5)}\u2014${code.slice(5)}\uFEFF`,
    ];
    for (const [index, typed] of typings.entries()) {
      const code = await invite(people[index]!);
      const bound = await bind(typed(code), telegram(`60${index}`));
      expect(bound).toMatchObject({ ok: true, value: { person: { code: people[index] } } });
    }
  });

  it('a second invite revokes the first unused one', async () => {
    app.clock.set(T0);
    const first = await invite('sunqi');
    app.clock.advance(60_000);
    const second = await invite('sunqi');
    app.clock.advance(60_000);

    expect(await bind(first, telegram('6001'))).toEqual({ ok: false, error: { code: 'INVITE.EXPIRED' } });
    expect(await app.store.people.byIdentity('telegram', '6001')).toBeNull();
    expect(await bind(second, telegram('6001'))).toMatchObject({ ok: true, value: { person: { code: 'sunqi' } } });
  });

  it("refuses B's code on an account bound to A, and B stays unbound", async () => {
    app.clock.set(T0);
    const codeA = await invite('chenjing');
    expect((await bind(codeA, telegram('7001'))).ok).toBe(true);

    const codeB = await invite('huangmin');
    expect(await bind(codeB, telegram('7001'))).toEqual({
      ok: false,
      error: { code: 'IDENTITY.BOUND_OTHER', params: { name: '陈静' } },
    });
    const huangmin = await app.store.people.byCode('huangmin');
    expect(await app.store.people.isBound(huangmin!.id)).toBe(false);
    expect((await app.store.people.byIdentity('telegram', '7001'))?.code).toBe('chenjing');

    // B's invite was not spent: B can still use it from B's own account.
    expect(await bind(codeB, telegram('7002'))).toMatchObject({ ok: true, value: { person: { code: 'huangmin' } } });
  });

  it('binds one person on two platforms at once', async () => {
    app.clock.set(T0);
    const onTelegram = await invite('liuyang');
    expect((await bind(onTelegram, telegram('8001'))).ok).toBe(true);
    const onSlack = await invite('liuyang');
    expect((await bind(onSlack, slack('U8001'))).ok).toBe(true);

    expect((await app.store.people.byIdentity('telegram', '8001'))?.code).toBe('liuyang');
    expect((await app.store.people.byIdentity('slack', 'U8001'))?.code).toBe('liuyang');
    const liuyang = await app.store.people.byCode('liuyang');
    const identities = await app.store.identities.forPerson(liuyang!.id);
    expect(identities.map((identity) => identity.platform).sort()).toEqual(['slack', 'telegram']);
  });

  it('refuses an invite for a person who does not exist', async () => {
    expect(await issueInvite(app, { personCode: 'nobody' })).toEqual({ ok: false, error: { code: 'PERSON.UNKNOWN', params: { code: 'nobody' } } });
  });

  it('stores invites hashed: no plain code appears anywhere in the Invite table', async () => {
    app.clock.set(T0);
    await bind(await invite('zhangwei'), telegram('9001'));
    await invite('lisi');
    await invite('sunqi');
    const rows = await app.db.invite.findMany();
    expect(rows.length).toBeGreaterThanOrEqual(plainCodes.length);
    expect(plainCodes.length).toBeGreaterThan(5);
    const table = JSON.stringify(rows).toUpperCase();
    for (const code of plainCodes) expect(table).not.toContain(code.toUpperCase());
    for (const row of rows) expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
