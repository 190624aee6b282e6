/**
 * DATABASE_URL chooses the database, and one that cannot be used stops the command with one
 * sentence, exit code 2 and nothing written (docs/database.md). The file picks its databases
 * itself, SQLite and PostgreSQL, so it runs once (in the SQLite projects).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/store/client.ts';
import { explainConnectionError } from '../../src/store/setupError.ts';
import { admin, postgresAnswers, postgresUrl, TEST_DATABASE_PREFIX } from '../support/databases.ts';
import { xinbao } from '../support/run.ts';

const withPostgres = await postgresAnswers();

/** The tables in a PostgreSQL database's public schema. */
async function tablesIn(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

const oneSentence = (stderr: string) => {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
};

describe('DATABASE_URL', () => {
  let dir: string;
  let name: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinbao-dburl-'));
    name = `${TEST_DATABASE_PREFIX}${process.env.XINBAO_TEST_RUN ?? process.pid}_url${Math.random().toString(36).slice(2, 8)}`;
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (withPostgres) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it('neither a file: nor a postgresql:// URL is refused in one sentence naming both forms', async () => {
    for (const url of ['mysql://root@localhost/x', 'postgresql://127.0.0.1:5432', 'file:']) {
      const result = await xinbao(['migrate'], { env: { DATABASE_URL: url } });
      expect(result.code).toBe(2);
      expect(oneSentence(result.stderr)).toContain('DATABASE_URL must be a SQLite file URL such as file:./data/xinbao.db or a PostgreSQL URL');
    }
  });

  it('a server that does not answer is one sentence, and the password never shows', async () => {
    const result = await xinbao(['migrate'], { env: { DATABASE_URL: 'postgresql://xinbao:s3cret@127.0.0.1:1/xinbao' } });
    expect(result.code).toBe(2);
    expect(oneSentence(result.stderr)).toBe('xinbao: No PostgreSQL server answers at 127.0.0.1:1: start it, or correct the host and port in DATABASE_URL.');
    expect(result.stderr).not.toContain('s3cret');
  });

  it('a refused password and a refused user are each one sentence without the password', () => {
    const url = 'postgresql://xinbao:s3cret@db.example:5432/xinbao';
    const password = explainConnectionError(Object.assign(new Error('password authentication failed'), { code: '28P01' }), url);
    expect(password.message).toBe('PostgreSQL refused the password for user xinbao: correct the password in DATABASE_URL.');
    const user = explainConnectionError(Object.assign(new Error('no pg_hba.conf entry'), { code: '28000' }), url);
    expect(user.message).toBe('PostgreSQL refused user xinbao (postgresql://xinbao:***@db.example:5432/xinbao): allow it in pg_hba.conf or use another user.');
  });

  describe.skipIf(!withPostgres)('on PostgreSQL', () => {
    it('migrates an empty database, and applies nothing the second time', async () => {
      await admin(`CREATE DATABASE "${name}"`);
      const first = await xinbao(['migrate'], { env: { DATABASE_URL: postgresUrl(name) } });
      expect(first.stderr).toBe('');
      expect(first.stdout).toMatch(/^Applied \d+_init/);
      expect(await tablesIn(postgresUrl(name))).toEqual(expect.arrayContaining(['Item', 'OutboxMessage', 'Unit', '_prisma_migrations']));
      const again = await xinbao(['migrate'], { env: { DATABASE_URL: postgresUrl(name) } });
      expect(again.stdout).toBe('The database is up to date.\n');
    });

    it('a database that does not exist is one sentence, and nothing is created', async () => {
      const result = await xinbao(['migrate'], { env: { DATABASE_URL: postgresUrl(name) } });
      expect(result.code).toBe(2);
      expect(oneSentence(result.stderr)).toBe(`xinbao: The database "${name}" does not exist on 127.0.0.1:5432: create it (createdb ${name}) and start again.`);
      const client = new pg.Client({ connectionString: postgresUrl('postgres') });
      await client.connect();
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      await client.end();
      expect(rowCount).toBe(0);
    });

    it("a database holding SQLite's migrations is refused, and nothing is written to it", async () => {
      await admin(`CREATE DATABASE "${name}"`);
      const client = new pg.Client({ connectionString: postgresUrl(name) });
      await client.connect();
      await client.query('CREATE TABLE _prisma_migrations (migration_name TEXT, finished_at TIMESTAMPTZ, rolled_back_at TIMESTAMPTZ)');
      await client.query("INSERT INTO _prisma_migrations VALUES ('20261121215728_init', now(), NULL)");
      await client.end();
      const result = await xinbao(['migrate'], { env: { DATABASE_URL: postgresUrl(name) } });
      expect(result.code).toBe(2);
      expect(oneSentence(result.stderr)).toBe(
        'xinbao: This database was migrated for SQLite, not PostgreSQL: point DATABASE_URL at an empty database and move the data with xinbao db copy.',
      );
      expect(await tablesIn(postgresUrl(name))).toEqual(['_prisma_migrations']);
    });

    it('every session runs in UTC and times are stored as instants, whatever the server’s zone', async () => {
      await admin(`CREATE DATABASE "${name}"`);
      await admin(`ALTER DATABASE "${name}" SET timezone TO 'Asia/Shanghai'`);
      expect((await xinbao(['migrate'], { env: { DATABASE_URL: postgresUrl(name) } })).code).toBe(0);
      const db = await createDb(postgresUrl(name));
      try {
        expect(await db.$queryRawUnsafe('SHOW TimeZone')).toEqual([{ TimeZone: 'UTC' }]);
        const at = new Date('2026-11-30T16:30:00.000Z');
        const unit = await db.unit.create({ data: { code: 'tz', name: '时区县', kind: 'county', deactivatedAt: at } });
        expect((await db.unit.findUniqueOrThrow({ where: { id: unit.id } })).deactivatedAt).toEqual(at);
      } finally {
        await db.$disconnect();
      }
      // Read by another client in the server's zone, it is the same instant.
      const client = new pg.Client({ connectionString: postgresUrl(name) });
      await client.connect();
      const { rows } = await client.query<{ text: string }>(`SELECT "deactivatedAt"::text AS text FROM "Unit" WHERE code = 'tz'`);
      await client.end();
      expect(rows[0]!.text).toBe('2026-12-01 00:30:00+08');
    });
  });

  it("a SQLite file holding PostgreSQL's migrations is refused", async () => {
    const { default: Database } = await import('better-sqlite3');
    const file = path.join(dir, 'x.db');
    const db = new Database(file);
    db.exec('CREATE TABLE _prisma_migrations (migration_name TEXT, finished_at TEXT, rolled_back_at TEXT)');
    db.prepare("INSERT INTO _prisma_migrations VALUES (?, '2026-12-01', NULL)").run('20261201165619_init');
    db.close();
    const result = await xinbao(['migrate'], { env: { DATABASE_URL: `file:${file}` } });
    expect(result.code).toBe(2);
    expect(oneSentence(result.stderr)).toBe(
      'xinbao: This database was migrated for PostgreSQL, not SQLite: point DATABASE_URL at an empty database and move the data with xinbao db copy.',
    );
  });
});
