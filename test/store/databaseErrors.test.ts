/**
 * The database's faults as the metrics count them (App.watchDatabaseErrors): a statement the
 * database refuses for a fault is heard with the driver's kind, inside a transaction too; a
 * unique key refusing a second row — which the store relies on — is not a fault.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/testApp.ts';

let app: TestApp;
let heard: string[];
let stop: () => void;

beforeEach(async () => {
  app = await createTestApp();
  heard = [];
  stop = app.watchDatabaseErrors((kind) => heard.push(kind));
});
afterEach(async () => {
  stop();
  await app.dispose();
});

describe('database errors', () => {
  it('are heard by kind, in a transaction as outside one', async () => {
    await expect(app.db.$queryRawUnsafe('SELECT * FROM "NoSuchTable"')).rejects.toThrow();
    await expect(app.db.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT * FROM "NoSuchTable"'))).rejects.toThrow();
    expect(heard).toEqual(['TableDoesNotExist', 'TableDoesNotExist']);
  });

  it('leave out a unique key refusing a second row', async () => {
    await app.db.setting.create({ data: { key: 'k', value: '1' } });
    await expect(app.db.setting.create({ data: { key: 'k', value: '2' } })).rejects.toMatchObject({ code: 'P2002' });
    expect(heard).toEqual([]);
  });

  it('are heard only until the listener is stopped', async () => {
    stop();
    await expect(app.db.$queryRawUnsafe('SELECT * FROM "NoSuchTable"')).rejects.toThrow();
    expect(heard).toEqual([]);
  });
});
