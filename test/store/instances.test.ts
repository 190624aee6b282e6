/**
 * What instances sharing one database agree on through it (docs/instances.md): a lease taken,
 * renewed, refused while held, taken over once expired and given up; a scheduler minute recorded
 * by the first instance only, and old minutes forgotten. On each database, through two clients.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import { createTestApp, type TestApp } from '../support/testApp.ts';

const T0 = new Date('2026-11-20T02:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let app: TestApp;
let other: App;

beforeEach(async () => {
  app = await createTestApp();
  other = await openApp(app.config, app.clock);
});

afterEach(async () => {
  await other?.close();
  await app?.dispose();
});

const leaseRow = () => app.db.lease.findUnique({ where: { name: 'telegram.poll' } });

describe('a lease', () => {
  it('is taken when free, renewed by its holder, and refused to another while it lasts', async () => {
    expect(await app.store.leases.take('telegram.poll', 'a', at(0), at(30))).toBe(true);
    expect(await leaseRow()).toEqual({ name: 'telegram.poll', holder: 'a', takenAt: at(0), expiresAt: at(30) });
    expect(await other.store.leases.take('telegram.poll', 'b', at(10), at(40))).toBe(false);
    // Renewed: it lasts longer, and keeps the time it was first taken.
    expect(await app.store.leases.take('telegram.poll', 'a', at(10), at(40))).toBe(true);
    expect(await leaseRow()).toEqual({ name: 'telegram.poll', holder: 'a', takenAt: at(0), expiresAt: at(40) });
    expect(await other.store.leases.take('telegram.poll', 'b', at(39), at(69))).toBe(false);
    expect((await leaseRow())?.holder).toBe('a');
  });

  it('is taken over once it has expired, and its old holder is refused then', async () => {
    await app.store.leases.take('telegram.poll', 'a', at(0), at(30));
    expect(await other.store.leases.take('telegram.poll', 'b', at(31), at(61))).toBe(true);
    expect(await leaseRow()).toEqual({ name: 'telegram.poll', holder: 'b', takenAt: at(31), expiresAt: at(61) });
    expect(await app.store.leases.take('telegram.poll', 'a', at(32), at(62))).toBe(false);
  });

  it('is given up by its holder only, and is free at once after', async () => {
    await app.store.leases.take('telegram.poll', 'a', at(0), at(30));
    await other.store.leases.release('telegram.poll', 'b');
    expect((await leaseRow())?.holder).toBe('a');
    await app.store.leases.release('telegram.poll', 'a');
    expect(await leaseRow()).toBeNull();
    expect(await other.store.leases.take('telegram.poll', 'b', at(1), at(31))).toBe(true);
  });

  it('goes to exactly one of two instances taking it at the same moment', async () => {
    for (let round = 0; round < 20; round += 1) {
      const now = at(100 * round);
      const taken = await Promise.all([
        app.store.leases.take('race', 'a', now, at(100 * round + 30)),
        other.store.leases.take('race', 'b', now, at(100 * round + 30)),
      ]);
      expect(taken.filter(Boolean)).toHaveLength(1);
      await app.store.leases.release('race', 'a');
      await other.store.leases.release('race', 'b');
    }
  });
});

describe('a scheduler minute', () => {
  it('is recorded by the first instance only', async () => {
    const minute = at(60);
    const recorded = await Promise.all([app.store.schedulerMinutes.record(minute, 'a', at(60.1)), other.store.schedulerMinutes.record(minute, 'b', at(60.2))]);
    expect(recorded.filter(Boolean)).toHaveLength(1);
    expect(await app.store.schedulerMinutes.record(minute, 'a', at(61))).toBe(false);
    const rows = await app.db.schedulerMinute.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.minute).toEqual(minute);
  });

  it('is forgotten once older than asked', async () => {
    for (let minute = 0; minute < 5; minute += 1) await app.store.schedulerMinutes.record(at(60 * minute), 'a', at(60 * minute));
    expect(await app.store.schedulerMinutes.prune(at(120))).toBe(2);
    expect((await app.db.schedulerMinute.findMany({ orderBy: { minute: 'asc' } })).map((row) => row.minute)).toEqual([at(120), at(180), at(240)]);
  });
});
