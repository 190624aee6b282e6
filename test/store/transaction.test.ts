/**
 * The one transaction rule (Store.transaction): a work that resolves to a failed Result stores
 * nothing, whatever it wrote before finding the refusal; a successful one commits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindAccount } from '../../src/domain/accounts/bindAccount.ts';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import { hashInviteCode } from '../../src/domain/accounts/invites.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import type { Store } from '../../src/domain/ports.ts';
import { fail, ok } from '../../src/domain/result.ts';
import { dialectOf } from '../../src/store/client.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../support/testApp.ts';

let app: TestApp;

/** The number of rows in every table of the database, by table name. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await app.db.$queryRawUnsafe<{ name: string }[]>(
    dialectOf(app.db) === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
      : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await app.db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "${name}"`);
    counts[name] = Number(row!.n);
  }
  return counts;
}

const note = (subject: string) => ({ at: app.clock.now(), actor: 'test', action: 'test.write', subject });

beforeAll(async () => {
  app = await createTestApp();
  const imported = await importOrg(app, { text: SAMPLE_ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
});

afterAll(async () => {
  await app?.dispose();
});

describe('Store.transaction', () => {
  it('tells of messages queued in the outbox once they are committed, and not when the work is refused', async () => {
    const person = (await app.store.people.byCode('zhangwei'))!;
    const entry = { personId: person.id, platform: 'telegram', chatId: '1', message: { lines: [] }, at: app.clock.now() };
    const told: string[] = [];
    const listener = () => told.push('written');
    app.outboxWrites.on('written', listener);
    try {
      await app.store.transaction(async (tx) => {
        await tx.outbox.enqueue(entry);
        await tx.outbox.enqueueAll([entry, entry]);
        expect(told).toEqual([]);
        return ok(null);
      });
      expect(told).toEqual(['written']);
      await app.store.transaction(async (tx) => {
        await tx.outbox.enqueue(entry);
        return fail('TEST.REFUSED');
      });
      expect(told).toEqual(['written']);
      await app.store.outbox.enqueue(entry);
      expect(told).toEqual(['written', 'written']);
    } finally {
      app.outboxWrites.off('written', listener);
    }
  });

  it('a failure returned after writes leaves every table unchanged and is returned as the result', async () => {
    const before = await rowCounts();
    const person = (await app.store.people.byCode('zhangwei'))!;
    const result = await app.store.transaction(async (tx) => {
      await tx.audit.record(note('refused'));
      await tx.settings.set('test.refused', 'yes');
      await tx.outbox.enqueue({ personId: person.id, platform: 'telegram', chatId: '1', message: { lines: [] }, at: app.clock.now() });
      await tx.nudges.claim({ kind: 'test', subject: 'refused', slot: '1', recipientId: person.id }, app.clock.now());
      return fail('TEST.REFUSED', { after: 'writes' });
    });
    expect(result).toEqual({ ok: false, error: { code: 'TEST.REFUSED', params: { after: 'writes' } } });
    expect(await rowCounts()).toEqual(before);
    expect(await app.store.settings.get('test.refused')).toBeNull();
  });

  it('a failure returned by a nested transaction and passed on rolls back the outer writes too', async () => {
    const before = await rowCounts();
    const result = await app.store.transaction(async (tx) => {
      await tx.audit.record(note('outer'));
      return tx.transaction(async (inner) => {
        await inner.audit.record(note('inner'));
        return fail('TEST.REFUSED');
      });
    });
    expect(result).toEqual({ ok: false, error: { code: 'TEST.REFUSED' } });
    expect(await rowCounts()).toEqual(before);
  });

  it('a use case refusing after a write stores nothing: bindAccount marks the invite used, then fails', async () => {
    const issued = await issueInvite(app, { personCode: 'wangfang' });
    if (!issued.ok) throw new Error(issued.error.code);
    const before = await rowCounts();
    // The person vanishes between marking the invite used and binding the account.
    const vanishing: Store = {
      ...app.store,
      transaction: (work) => app.store.transaction((tx) => work({ ...tx, people: { ...tx.people, byId: async () => null } })),
    };
    const identity = { platform: 'telegram', platformUserId: '9001', chatId: '9001' };
    const result = await bindAccount({ store: vanishing, clock: app.clock }, { code: issued.value.code, identity });
    expect(result).toEqual({ ok: false, error: { code: 'INVITE.UNKNOWN' } });
    expect(await rowCounts()).toEqual(before);
    expect((await app.store.invites.byHash(hashInviteCode(issued.value.code)))?.usedAt).toBeNull();
    // The invite still works.
    expect(await bindAccount(app, { code: issued.value.code, identity })).toMatchObject({ ok: true, value: { person: { code: 'wangfang' } } });
  });

  it('a successful result commits everything written', async () => {
    const before = await rowCounts();
    const result = await app.store.transaction(async (tx) => {
      await tx.audit.record(note('committed'));
      await tx.settings.set('test.committed', 'yes');
      return ok('done');
    });
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(await rowCounts()).toEqual({ ...before, AuditLog: before.AuditLog! + 1, Setting: before.Setting! + 1 });
    expect(await app.store.settings.get('test.committed')).toBe('yes');
  });

  it('a value that is not a Result commits; a throw rolls back and rethrows', async () => {
    const plain = await app.store.transaction(async (tx) => {
      await tx.settings.set('test.plain', '1');
      return 42;
    });
    expect(plain).toBe(42);
    expect(await app.store.settings.get('test.plain')).toBe('1');
    const before = await rowCounts();
    await expect(
      app.store.transaction(async (tx) => {
        await tx.audit.record(note('thrown'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await rowCounts()).toEqual(before);
  });
});
