/**
 * `xinbao db copy` through the real CLI: the demo office, with a row in every table, moved from
 * SQLite to PostgreSQL and back, and from SQLite to SQLite; every row equal field by field, ids
 * kept, sequences continued, the app's figures the same on the copy; a target that holds rows, a
 * row the target refuses midway and bad URLs refused with nothing stored. The file picks both
 * databases itself, so it runs in the SQLite projects only (vitest.config.ts, SQLITE_ONLY); the
 * PostgreSQL cases are skipped where no PostgreSQL answers.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config/config.ts';
import { createDemo } from '../../src/demo/createDemo.ts';
import { gatherExport } from '../../src/domain/export/gatherExport.ts';
import { periodContaining } from '../../src/domain/time/index.ts';
import { createDb, type Db } from '../../src/store/client.ts';
import { Prisma } from '../../src/store/generated/sqlite/client.ts';
import { dropDatabase, emptyPostgresDatabase, postgresAnswers } from '../support/databases.ts';
import { xinbao } from '../support/run.ts';
import { seededApps, type TestApp, testClock } from '../support/testApp.ts';

const MODELS = Object.values(Prisma.ModelName);
type Row = Record<string, unknown>;
type Delegate = { findMany(): Promise<Row[]>; count(): Promise<number> };
const delegate = (db: Db, model: string) => (db as unknown as Record<string, Delegate>)[model[0]!.toLowerCase() + model.slice(1)]!;

/**
 * One row in each table the demo leaves empty, with values that are easy to lose on the way: a
 * float that is not a round number, quotes, a line break, an emoji, a null, a time to the
 * millisecond. A model with no row here or from the demo fails the test below: add one.
 */
async function fillEmptyTables(db: Db): Promise<void> {
  const person = (await db.person.findFirstOrThrow({ orderBy: { id: 'asc' } })).id;
  const unit = (await db.unit.findFirstOrThrow({ orderBy: { id: 'asc' } })).id;
  const at = new Date('2026-12-07T01:02:03.456Z');
  const fillers: Partial<Record<Prisma.ModelName, () => Promise<unknown>>> = {
    UrgentUpdate: async () => {
      const report = await db.urgentReport.findFirstOrThrow();
      return db.urgentUpdate.create({
        data: { reportId: report.id, kind: 'followup', text: '续报：道路已抢通\n"无人员伤亡" 🚒', authorId: person, dueAt: at, late: true, delayMinutes: 17 },
      });
    },
    UrgentMiss: () => db.urgentMiss.create({ data: { unitId: unit, occurredAt: at, note: "漏报 'note'", withdrawnAt: null } }),
    InstructionFeedback: async () => {
      const instruction = await db.instruction.findFirstOrThrow();
      return db.instructionFeedback.create({ data: { instructionId: instruction.id, authorId: person, text: '已落实' } });
    },
    Nudge: () => db.nudge.create({ data: { key: `quota:month:2026-12:${person}`, kind: 'quota', subject: 'month', slot: '2026-12', recipientId: person } }),
    OutboxMessage: () =>
      db.outboxMessage.create({
        data: {
          personId: person,
          platform: 'telegram',
          chatId: '100',
          payload: '{"lines":["你好"]}',
          status: 'dead',
          attempts: 3,
          nextAttemptAt: at,
          lastError: 'Forbidden: bot was blocked',
          failingSince: at,
        },
      }),
    DispatcherBeat: () => db.dispatcherBeat.create({ data: { id: 'host-1-abc', host: 'host', pid: 4242, startedAt: at, beatAt: at } }),
    Lease: () => db.lease.create({ data: { name: 'telegram.polling', holder: 'host-1-abc', takenAt: at, expiresAt: at } }),
    SchedulerMinute: () => db.schedulerMinute.create({ data: { minute: new Date('2026-12-07T01:02:00Z'), holder: 'host-1-abc', startedAt: at } }),
    ProcessedUpdate: () => db.processedUpdate.create({ data: { platform: 'telegram', updateId: '900001' } }),
    InboundUpdate: () =>
      db.inboundUpdate.create({ data: { platform: 'telegram', updateId: '900002', chatId: '100', payload: '{"message":{"text":"/status"}}' } }),
    Conversation: () =>
      db.conversation.create({ data: { platform: 'telegram', chatId: '100', personId: person, flow: 'submit', step: 'body', data: '{"title":"标题"}' } }),
    Leave: () => db.leave.create({ data: { personId: person, fromDate: at, toDate: new Date('2026-12-11T16:00:00Z'), setBy: 'self' } }),
    Snooze: () => db.snooze.create({ data: { personId: person, kind: '*', until: at } }),
    CircularRun: () => db.circularRun.create({ data: { kind: 'weekly', periodKey: '2026-W49', snapshot: '[]' } }),
    ItemVersion: async () => {
      const item = await db.item.findFirstOrThrow({ orderBy: { id: 'asc' } });
      return db.itemVersion.create({
        data: { itemId: item.id, version: 1, title: '初稿 "标题"', body: '第一段\n第二段 🌊', category: item.category, editedById: person, editedAt: at },
      });
    },
    Attachment: async () => {
      const report = await db.urgentReport.findFirstOrThrow();
      return db.attachment.create({
        data: { kind: 'location', latitude: 32.2043512, longitude: 114.0912367, urgentReportId: report.id, addedById: person, createdAt: at },
      });
    },
    BulletinIssue: () =>
      db.bulletinIssue.create({
        data: {
          publicationCode: 'xyzw',
          year: 2026,
          number: 1,
          totalNumber: 1201,
          title: '信阳政务信息',
          issuedOn: at,
          status: 'compiled',
          compiledById: person,
        },
      }),
    BulletinEntry: async () => {
      const issue = await db.bulletinIssue.findFirstOrThrow();
      const item = await db.item.findFirstOrThrow({ orderBy: { id: 'asc' } });
      return db.bulletinEntry.create({ data: { issueId: issue.id, itemId: item.id, position: 1, publicationCode: issue.publicationCode } });
    },
  };
  await db.award.create({ data: { unitId: unit, points: 0.1 + 0.2, reason: '加分', awardedAt: at } });
  for (const model of MODELS) {
    if ((await delegate(db, model).count()) === 0) await fillers[model]?.();
  }
}

/** The demo office on 8 December 2026, with a row in every table; each test gets its own copy. */
const office = seededApps(async (app) => {
  app.clock.set('2026-12-08T10:00:00+08:00');
  expect(await createDemo(app)).toBe(true);
  await fillEmptyTables(app.db);
});

/** Every table's rows, in one order whatever order the database returns them in. */
async function everyRow(db: Db): Promise<Record<string, Row[]>> {
  const tables: Record<string, Row[]> = {};
  for (const model of MODELS) {
    const rows = await delegate(db, model).findMany();
    tables[model] = rows
      .map((row) => [JSON.stringify(row), row] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => row);
  }
  return tables;
}

async function counts(db: Db): Promise<Record<string, number>> {
  const counted: Record<string, number> = {};
  for (const model of MODELS) counted[model] = await delegate(db, model).count();
  return counted;
}

const opened: { close(): Promise<unknown> }[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function source(): Promise<TestApp> {
  const app = await office();
  cleanups.push(() => app.dispose());
  return app;
}

async function open(databaseUrl: string): Promise<Db> {
  const db = await createDb(databaseUrl);
  opened.push({ close: () => db.$disconnect() });
  return db;
}

async function postgres(): Promise<string> {
  const url = await emptyPostgresDatabase();
  cleanups.push(() => dropDatabase(url));
  return url;
}

/** The database is migrated as the service would migrate it, by the CLI in a process of its own. */
async function migrated(databaseUrl: string): Promise<string> {
  const result = await xinbao(['migrate'], { env: { DATABASE_URL: databaseUrl } });
  expect(result.code).toBe(0);
  return databaseUrl;
}

const copy = (from: string, to: string) => xinbao(['db', 'copy', '--from', from, '--to', to]);

/** The table `db copy` prints: TABLE, SOURCE, TARGET per model. */
function printedCounts(stdout: string): Record<string, [number, number]> {
  const lines = stdout.split('\n');
  expect(lines[0]).toBe('TABLE\tSOURCE\tTARGET');
  return Object.fromEntries(
    lines
      .slice(1)
      .filter((line) => line.split('\t').length === 3)
      .map((line) => {
        const [model, from, to] = line.split('\t');
        return [model, [Number(from), Number(to)]];
      }),
  );
}

/** The app opens on the copy (its migrations are current) and ranks this month and last as on the source. */
async function expectSameFigures(app: TestApp, copy: string): Promise<void> {
  const parsed = parseConfig({ DATABASE_URL: copy });
  if (!parsed.ok) throw new Error(parsed.message);
  const copied = await openApp(parsed.config, testClock(app.clock.now()));
  opened.push(copied);
  expect(copied.rulesVersion).toBe(app.rulesVersion);
  for (const at of [app.clock.now(), new Date('2026-11-15T00:00:00Z')]) {
    const period = periodContaining('month', at, app.timezone);
    const figures = await gatherExport(copied, period);
    expect(figures.units.some((unit) => unit.points > 0)).toBe(true);
    expect(figures).toEqual(await gatherExport(app, period));
  }
}

const withPostgres = await postgresAnswers();

describe.skipIf(!withPostgres)('xinbao db copy between SQLite and PostgreSQL', () => {
  it('SQLite → PostgreSQL: every table and every row, ids kept; the sequences go on after the highest ids; the app shows the same figures on the copy', async () => {
    const app = await source();
    const from = app.config.databaseUrl;
    const to = await postgres();
    const before = await counts(app.db);
    // A row in every table, so a table left out of the copy shows.
    expect(Object.entries(before).filter(([, rows]) => rows === 0)).toEqual([]);

    const result = await copy(from, to);
    expect(result.stderr).not.toContain('xinbao:');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('  Unit: 14 rows\n');
    expect(printedCounts(result.stdout)).toEqual(Object.fromEntries(MODELS.map((model) => [model, [before[model], before[model]]])));
    expect(result.stdout).toContain(`Copied ${Object.values(before).reduce((a, b) => a + b, 0)} rows;`);

    const target = await open(to);
    // Field by field, ids included; times compare as instants.
    expect(await everyRow(target)).toEqual(await everyRow(app.db));
    expect((await target.award.findFirstOrThrow({ where: { reason: '加分' } })).points).toBe(0.1 + 0.2);

    // Every id sequence gives the highest id copied plus one next.
    const serials = await target.$queryRawUnsafe<{ table_name: string }[]>(
      "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND column_default LIKE 'nextval(%'",
    );
    expect(serials.length).toBeGreaterThan(15);
    for (const { table_name: table } of serials) {
      const [{ highest }] = (await app.db.$queryRawUnsafe(`SELECT MAX(id) AS highest FROM "${table}"`)) as [{ highest: number | bigint }];
      const [{ next }] = (await target.$queryRawUnsafe(`SELECT nextval(pg_get_serial_sequence('"${table}"', 'id')) AS next`)) as [{ next: bigint }];
      expect([table, Number(next)]).toEqual([table, Number(highest) + 1]);
    }
    const audit = await target.auditLog.create({ data: { actor: 'cli', action: 'test', subject: 'after the copy' } });
    expect(audit.id).toBeGreaterThan(Math.max(...(await app.db.auditLog.findMany()).map((row) => row.id)));

    await expectSameFigures(app, to);
  }, 120_000);

  it('PostgreSQL → SQLite: a copy of the copy holds the source row for row, and new rows get new ids', async () => {
    const app = await source();
    const middle = await postgres();
    expect((await copy(app.config.databaseUrl, middle)).code).toBe(0);
    const back = `file:${path.join(app.dir, 'back.db')}`;

    const result = await copy(middle, back);
    expect(result.stderr).not.toContain('xinbao:');
    expect(result.code).toBe(0);
    const target = await open(back);
    expect(await everyRow(target)).toEqual(await everyRow(app.db));
    const highest = Math.max(...(await app.db.item.findMany()).map((row) => row.id));
    const unit = (await target.unit.findFirstOrThrow()).id;
    const author = (await target.person.findFirstOrThrow()).id;
    const item = await target.item.create({ data: { title: '新稿', body: '正文', category: 'dynamic', status: 'submitted', authorId: author, unitId: unit } });
    expect(item.id).toBe(highest + 1);
  }, 120_000);

  it('a target that holds rows is refused in one sentence, and nothing is written to it', async () => {
    const app = await source();
    const to = await migrated(await postgres());
    const target = await open(to);
    await target.setting.create({ data: { key: 'office.name', value: '另一个办公室' } });

    const result = await copy(app.config.databaseUrl, to);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('xinbao: The database in --to holds rows already (1 in Setting): give --to a new, empty database.\n');
    expect(result.stdout).toBe('');
    expect(await counts(target)).toEqual(Object.fromEntries(MODELS.map((model) => [model, model === 'Setting' ? 1 : 0])));
  }, 120_000);

  it('a row the target refuses midway stops the copy in one sentence, and the target is left empty', async () => {
    const app = await source();
    const to = await migrated(await postgres());
    const target = await open(to);
    // Setting is copied last: by then every other table's rows are in the transaction.
    await target.$executeRawUnsafe(`ALTER TABLE "Setting" ADD CONSTRAINT "no_demo" CHECK ("value" <> 'yes')`);

    const result = await copy(app.config.databaseUrl, to);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('  AuditLog: ');
    expect(result.stderr.split('\n').filter((line) => line.startsWith('xinbao:'))).toEqual([
      'xinbao: The copy stopped at Setting: new row for relation "Setting" violates check constraint "no_demo"; nothing was stored in --to: correct the cause and copy again.',
    ]);
    expect(result.stdout).toBe('');
    expect(await counts(target)).toEqual(Object.fromEntries(MODELS.map((model) => [model, 0])));
  }, 120_000);

  it('an unreachable or missing PostgreSQL database is one sentence naming the option', async () => {
    const app = await source();
    const unreachable = await copy(app.config.databaseUrl, 'postgresql://postgres@127.0.0.1:1/xinbao');
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toBe('xinbao: No PostgreSQL server answers at 127.0.0.1:1: start it, or correct the host and port in --to.\n');
    const missing = await copy('postgresql://postgres@127.0.0.1:5432/xinbao_no_such_database', app.config.databaseUrl);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^xinbao: The database "xinbao_no_such_database" does not exist on 127\.0\.0\.1:5432: create it .*\n$/);
  }, 120_000);
});

describe('xinbao db copy', () => {
  it('SQLite → SQLite: every row, and the app shows the same figures on the copy', async () => {
    const app = await source();
    const to = `file:${path.join(app.dir, 'copy.db')}`;
    const before = await everyRow(app.db);
    const result = await copy(app.config.databaseUrl, to);
    expect(result.stderr).not.toContain('xinbao:');
    expect(result.code).toBe(0);
    expect(await everyRow(app.db)).toEqual(before);
    expect(await everyRow(await open(to))).toEqual(before);
    await expectSameFigures(app, to);
  }, 120_000);

  it('refuses, before writing anything, a URL that is not one, the same database twice, a missing file, a source not migrated to this version and a target an earlier version set up', async () => {
    const app = await source();
    const from = app.config.databaseUrl;
    const to = `file:${path.join(app.dir, 'copy.db')}`;

    const notUrl = await copy(from, 'mysql://localhost/xinbao');
    expect([notUrl.code, notUrl.stderr]).toEqual([
      2,
      'xinbao: --to must be a SQLite file URL such as file:./data/xinbao.db or a PostgreSQL URL such as postgresql://user:password@host:5432/xinbao.\n',
    ]);
    const missingOption = await xinbao(['db', 'copy', '--from', from]);
    expect(missingOption.code).toBe(2);
    expect(missingOption.stderr).toMatch(/^xinbao: xinbao db copy --from URL --to URL/);

    const same = await copy(from, `file:${path.relative(process.cwd(), app.dir)}/../${path.basename(app.dir)}/test.db`);
    expect([same.code, same.stderr]).toEqual([1, 'xinbao: --from and --to name the same database: give --to a new, empty database.\n']);

    const missing = await copy(`file:${path.join(app.dir, 'none.db')}`, to);
    expect([missing.code, missing.stderr]).toEqual([1, `xinbao: There is no database file at ${path.join(app.dir, 'none.db')}: correct the path in --from.\n`]);
    expect(existsSync(path.join(app.dir, 'none.db'))).toBe(false);

    // As a database of an earlier Xinbao: its last migration not applied yet.
    await app.close();
    const file = path.join(app.dir, 'test.db');
    const older = new Database(file);
    older.prepare('DELETE FROM _prisma_migrations WHERE migration_name = (SELECT MAX(migration_name) FROM _prisma_migrations)').run();
    const migrations = () => older.prepare('SELECT COUNT(*) AS applied FROM _prisma_migrations').get();
    const applied = migrations();
    const behind = await copy(from, to);
    expect(behind.code).toBe(1);
    expect(behind.stderr).toBe(
      'xinbao: The database in --from is not migrated to this version of Xinbao: run npx xinbao migrate with DATABASE_URL set to it first (db copy never writes to it), then copy again.\n',
    );
    expect(existsSync(path.join(app.dir, 'copy.db'))).toBe(false);

    // The other way round: a target an earlier Xinbao set up is not a new database, and is left as it is.
    const reversed = await copy(await migrated(to), from);
    expect(reversed.code).toBe(1);
    expect(reversed.stderr).toBe(
      'xinbao: The database in --to was set up by an earlier version of Xinbao, so it is not new: give --to a new, empty database.\n',
    );
    expect(migrations()).toEqual(applied);
    older.close();
  }, 120_000);
});
