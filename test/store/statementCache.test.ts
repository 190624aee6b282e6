/** Each connection reuses its prepared statements: the same query twice is parsed and planned once, and still answers for its own arguments. */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/testApp.ts';

let app: TestApp | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await app?.dispose();
});

describe('prepared statements', () => {
  it('are prepared once per connection and run with each call’s own arguments', async () => {
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    app = await createTestApp();
    await app.db.setting.create({ data: { key: 'a', value: '1' } });
    await app.db.setting.create({ data: { key: 'b', value: '2' } });
    const read = (key: string) => app!.db.setting.findUnique({ where: { key } });
    await read('a');
    const before = prepare.mock.calls.length;
    expect((await read('a'))?.value).toBe('1');
    expect((await read('b'))?.value).toBe('2');
    expect(await read('c')).toBeNull();
    expect(prepare.mock.calls.length).toBe(before);
  });

  it('keep writes, reads and transactions apart when they share a statement', async () => {
    app = await createTestApp();
    for (const key of ['x', 'y', 'z']) await app.db.setting.create({ data: { key, value: key.toUpperCase() } });
    await expect(
      app.db.$transaction(async (tx) => {
        await tx.setting.update({ where: { key: 'x' }, data: { value: 'changed' } });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const rows = await app.db.setting.findMany({ where: { key: { in: ['x', 'y', 'z'] } }, orderBy: { key: 'asc' } });
    expect(rows.map((row) => row.value)).toEqual(['X', 'Y', 'Z']);
  });
});
