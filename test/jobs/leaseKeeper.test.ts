/**
 * The lease keeper of two instances on one database (docs/instances.md), with a lease lasting
 * 600 ms renewed every 100 ms: one holds it and works, the other stands by; the other takes over
 * once the holder gives it up, once the holder cannot renew it, or when it was taken from it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import type { LeasesRepo } from '../../src/domain/instances/port.ts';
import { systemClock } from '../../src/domain/ports.ts';
import { keepLease, type LeaseKeeper } from '../../src/jobs/leaseKeeper.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { createTestApp, type TestApp } from '../support/testApp.ts';

let app: TestApp;
let other: App;
let keepers: LeaseKeeper[] = [];

beforeEach(async () => {
  app = await createTestApp();
  other = await openApp(app.config, app.clock);
});

afterEach(async () => {
  for (const keeper of keepers) await keeper.stop();
  keepers = [];
  await other?.close();
  await app?.dispose();
});

/** A keeper for instance `holder` that records what it was told: `held` once it takes the lease, `lost` when it lost it (after `prefix`). */
function keeper(holder: string, leases: LeasesRepo, events: string[], prefix = '') {
  const made = keepLease({
    leases,
    clock: systemClock,
    name: 'work',
    holder,
    ttlMs: 600,
    renewMs: 100,
    onHeld: () => {
      if (events.findLast((event) => event.startsWith(prefix)) !== `${prefix}held`) events.push(`${prefix}held`);
    },
    onLost: () => {
      events.push(`${prefix}lost`);
    },
    logger: silentLogger,
  });
  keepers.push(made);
  return made;
}

/** A store's leases whose calls fail from the moment `fail.now` is set (a database out of reach). */
function failing(leases: LeasesRepo) {
  const state = { now: false };
  const wrapped: LeasesRepo = {
    take: (...args) => (state.now ? Promise.reject(new Error('connection refused')) : leases.take(...args)),
    release: (...args) => (state.now ? Promise.reject(new Error('connection refused')) : leases.release(...args)),
  };
  return { leases: wrapped, fail: state };
}

/** A store's leases whose renewals hang from the moment `hang.now` is set, until `hang.release()` (a database that stopped answering). */
function hanging(leases: LeasesRepo) {
  const waiting: (() => void)[] = [];
  const state = {
    now: false,
    release: () => {
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
  const wrapped: LeasesRepo = {
    take: (...args) => (state.now ? new Promise<boolean>((resolve) => waiting.push(() => resolve(false))) : leases.take(...args)),
    release: (...args) => leases.release(...args),
  };
  return { leases: wrapped, hang: state };
}

const holderOf = async () => (await app.db.lease.findUnique({ where: { name: 'work' } }))?.holder;

describe('two instances keeping one lease', () => {
  it('one holds it and works, the other stands by until the holder gives it up on stop', async () => {
    const aEvents: string[] = [];
    const bEvents: string[] = [];
    const a = keeper('a', app.store.leases, aEvents);
    const b = keeper('b', other.store.leases, bEvents);
    await a.start();
    await b.start();
    expect([a.holding(), b.holding()]).toEqual([true, false]);
    expect(aEvents).toEqual(['held']);
    expect(bEvents).toEqual([]);
    // Renewals keep it with a; b tries every 100 ms and is refused.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect([a.holding(), b.holding(), await holderOf()]).toEqual([true, false, 'a']);
    expect(bEvents).toEqual([]);

    await a.stop();
    expect(aEvents).toEqual(['held', 'lost']);
    await expect.poll(() => b.holding()).toBe(true);
    expect(bEvents).toEqual(['held']);
    expect(await holderOf()).toBe('b');
  });

  it('a holder that cannot renew stops working before its lease runs out, and the other takes over after it', async () => {
    const events: string[] = [];
    const broken = failing(app.store.leases);
    const a = keeper('a', broken.leases, events, 'a ');
    const b = keeper('b', other.store.leases, events, 'b ');
    await a.start();
    await b.start();
    broken.fail.now = true;
    await expect.poll(() => b.holding()).toBe(true);
    // a stopped while its lease still held, before b could take it.
    expect(events).toEqual(['a held', 'a lost', 'b held']);
    expect(await holderOf()).toBe('b');
  });

  it('a holder whose renewal hangs stops working before its lease runs out all the same', async () => {
    const events: string[] = [];
    const stuck = hanging(app.store.leases);
    const a = keeper('a', stuck.leases, events, 'a ');
    const b = keeper('b', other.store.leases, events, 'b ');
    await a.start();
    await b.start();
    stuck.hang.now = true;
    await expect.poll(() => b.holding()).toBe(true);
    expect(events).toEqual(['a held', 'a lost', 'b held']);
    stuck.hang.release();
  });

  it('a holder whose lease was taken stops working at its next renewal', async () => {
    const aEvents: string[] = [];
    const a = keeper('a', app.store.leases, aEvents);
    await a.start();
    // As if a's renewals had not reached the database in time, and another instance took it.
    await app.db.lease.update({ where: { name: 'work' }, data: { holder: 'c', expiresAt: new Date(Date.now() + 60_000) } });
    await expect.poll(() => aEvents).toEqual(['held', 'lost']);
    expect(a.holding()).toBe(false);
    // It is not c's to give up: a's stop leaves it.
    await a.stop();
    expect(await holderOf()).toBe('c');
  });
});
