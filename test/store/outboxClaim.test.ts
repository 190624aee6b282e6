/**
 * The outbox claim with several dispatchers on one database (docs/instances.md): no message is
 * claimed twice, a chat's messages go in order within their lane, and on PostgreSQL a claim skips
 * the messages another claim has locked instead of waiting for them.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import { text } from '../../src/domain/notify/message.ts';
import type { Lane, OutboxRow } from '../../src/domain/notify/port.ts';
import { testDialect } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/testApp.ts';

const T0 = new Date('2026-11-20T02:00:00Z');
const LEASE_UNTIL = new Date(T0.getTime() + 60_000);

let app: TestApp;

beforeEach(async () => {
  app = await createTestApp();
  app.clock.set(T0);
});

afterEach(async () => {
  await app?.dispose();
});

const queue = (chatId: string, title: string, lane: Lane = 'normal') =>
  app.store.outbox.enqueue({ personId: null, platform: 'telegram', chatId, message: { title: text(title), lines: [] }, at: T0, lane });

const titleOf = (row: OutboxRow) => row.message.title?.key;

describe('claiming the outbox from several dispatchers', () => {
  it('claims each message once, and each chat’s messages of a lane in order', async () => {
    for (let n = 0; n < 8; n += 1) for (let chat = 0; chat < 12; chat += 1) await queue(String(500 + chat), `normal ${n}`);
    for (let chat = 0; chat < 40; chat += 1) await queue(String(500 + (chat % 12)), `bulk ${chat}`, 'bulk');
    const second = await openApp(app.config, app.clock);
    try {
      const claimed: number[] = [];
      const sent: string[] = [];
      // Four dispatchers, two per client, claim small batches and send each chat's rows in order.
      const dispatcher = async (store: App['store'], holder: string) => {
        for (let pass = 0; pass < 200 && sent.length < 136; pass += 1) {
          const rows = await store.outbox.claimDue(T0, LEASE_UNTIL, 6, 2, holder);
          claimed.push(...rows.map((row) => row.id));
          for (const row of rows) {
            sent.push(`${row.chatId} ${titleOf(row)}`);
            await store.outbox.markSent(row.id, T0);
          }
          if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      await Promise.all([dispatcher(app.store, 'a'), dispatcher(app.store, 'b'), dispatcher(second.store, 'c'), dispatcher(second.store, 'd')]);
      expect(claimed).toHaveLength(136);
      expect(new Set(claimed).size).toBe(136);
      for (let chat = 0; chat < 12; chat += 1) {
        for (const lane of ['normal', 'bulk']) {
          const numbers = sent.filter((line) => line.startsWith(`${500 + chat} ${lane} `)).map((line) => Number(line.split(' ')[2]));
          expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
        }
      }
    } finally {
      await second.close();
    }
  });

  // Row locks are PostgreSQL's: SQLite has one writer at a time, and its claim runs under that lock.
  it.skipIf(testDialect !== 'postgresql')('skips the messages another claim holds locked, and the later ones of their chat, without waiting', async () => {
    await queue('600', 'first to 600');
    await queue('600', 'second to 600');
    await queue('601', 'only to 601');
    await queue('600', 'urgent to 600', 'urgent');
    const [locked] = await app.db.outboxMessage.findMany({ where: { chatId: '600', priority: 2 }, orderBy: { id: 'asc' }, take: 1 });
    const other = new pg.Client({ connectionString: app.config.databaseUrl });
    await other.connect();
    try {
      // Another dispatcher's claim, in the middle of its transaction.
      await other.query('BEGIN');
      await other.query('SELECT "id" FROM "OutboxMessage" WHERE "id" = $1 FOR UPDATE', [locked!.id]);
      const rows = await app.store.outbox.claimDue(T0, LEASE_UNTIL, 10, 10, 'a');
      // 600's urgent message is another lane: not held back.
      expect(rows.map(titleOf)).toEqual(['urgent to 600', 'only to 601']);
      await other.query('ROLLBACK');
      const after = await app.store.outbox.claimDue(T0, LEASE_UNTIL, 10, 10, 'a');
      expect(after.map(titleOf)).toEqual(['first to 600', 'second to 600']);
    } finally {
      await other.end();
    }
  });
});
