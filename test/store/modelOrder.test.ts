/**
 * The copy order of `xinbao db copy`, read from prisma/schema.prisma, against the migrated
 * database itself (SQLite, or PostgreSQL in the -pg projects): every table but Prisma's own is a
 * model's, with the columns and primary key read, and every foreign key points to a table copied
 * earlier.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dialectOf } from '../../src/store/client.ts';
import { Prisma } from '../../src/store/generated/sqlite/client.ts';
import { copyOrder, orderModels, readModels } from '../../src/store/modelOrder.ts';
import { createTestApp, type TestApp } from '../support/testApp.ts';

type Column = { table: string; column: string; key: number };
type ForeignKey = { child: string; parent: string };

const CATALOG = {
  sqlite: {
    columns: `SELECT m.name AS "table", c.name AS "column", c.pk AS "key" FROM sqlite_master m JOIN pragma_table_info(m.name) c
      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`,
    foreignKeys: `SELECT m.name AS child, f."table" AS parent FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`,
  },
  postgresql: {
    columns: `SELECT c.table_name AS "table", c.column_name AS "column",
        COALESCE((SELECT k.ordinal_position FROM information_schema.key_column_usage k JOIN information_schema.table_constraints t
          ON t.constraint_name = k.constraint_name AND t.table_schema = k.table_schema
          WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema AND k.table_name = c.table_name AND k.column_name = c.column_name), 0)::int AS "key"
      FROM information_schema.columns c WHERE c.table_schema = current_schema()`,
    foreignKeys: `SELECT child.relname AS child, parent.relname AS parent FROM pg_constraint f
      JOIN pg_class child ON child.oid = f.conrelid JOIN pg_class parent ON parent.oid = f.confrelid
      WHERE f.contype = 'f' AND child.relnamespace = current_schema()::regnamespace`,
  },
} as const;

let app: TestApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

describe('the copy order', () => {
  it('holds every model of the generated client once', () => {
    expect(
      copyOrder()
        .map((model) => model.name)
        .sort(),
    ).toEqual(Object.values(Prisma.ModelName).sort());
  });

  it("names every table of the migrated database but Prisma's own, with its columns and primary key in order", async () => {
    app = await createTestApp();
    const catalog = CATALOG[dialectOf(app.db)];
    const columns = await app.db.$queryRawUnsafe<Column[]>(catalog.columns);
    const tables = new Map<string, { columns: string[]; key: string[] }>();
    for (const { table, column, key } of columns) {
      if (table === '_prisma_migrations') continue;
      const entry = tables.get(table) ?? { columns: [], key: [] };
      entry.columns.push(column);
      if (Number(key) > 0) entry.key[Number(key) - 1] = column;
      tables.set(table, entry);
    }
    const read = new Map(
      copyOrder().map((model) => [
        model.table,
        { columns: model.columns.map(({ column }) => column).sort(), key: model.key.map((field) => model.columns.find((c) => c.field === field)!.column) },
      ]),
    );
    expect(new Map([...tables].map(([table, entry]) => [table, { columns: entry.columns.sort(), key: entry.key }]))).toEqual(read);
  });

  it('puts every table after the tables its foreign keys point to', async () => {
    app = await createTestApp();
    const foreignKeys = await app.db.$queryRawUnsafe<ForeignKey[]>(CATALOG[dialectOf(app.db)].foreignKeys);
    const position = new Map(copyOrder().map((model, index) => [model.table, index]));
    expect(foreignKeys.length).toBeGreaterThan(20);
    const backwards = foreignKeys.filter(({ child, parent }) => child !== parent && position.get(parent)! >= position.get(child)!);
    expect(backwards).toEqual([]);
  });
});

describe('reading a schema', () => {
  const schema = `
model Book {
  id       Int      @id @default(autoincrement()) // the book's number
  title    String   @map("book_title")
  authorId Int
  author   Author   @relation(fields: [authorId], references: [id])
  /// A book's shelf, with @relation(fields: …) in the comment only.
  shelf    Shelf?
  @@map("books")
}

model Shelf {
  bookId Int
  row    Int
  book   Book @relation(fields: [bookId], references: [id], onDelete: Cascade)

  @@id([bookId, row])
}

model Author {
  id    Int    @id
  books Book[]
}
`;

  it('reads tables, columns, keys and the side of each relation that holds the foreign key', () => {
    expect(Object.fromEntries(readModels(schema))).toEqual({
      Book: {
        table: 'books',
        key: ['id'],
        columns: [
          { field: 'id', column: 'id' },
          { field: 'title', column: 'book_title' },
          { field: 'authorId', column: 'authorId' },
        ],
        parents: ['Author'],
      },
      Shelf: { table: 'Shelf', key: ['bookId', 'row'], columns: expect.any(Array), parents: ['Book'] },
      Author: { table: 'Author', key: ['id'], columns: [{ field: 'id', column: 'id' }], parents: [] },
    });
    expect(orderModels(readModels(schema), ['Book', 'Shelf', 'Author'] as never).map((model) => `${model.delegate}:${model.table}`)).toEqual([
      'author:Author',
      'book:books',
      'shelf:Shelf',
    ]);
  });

  it('refuses a schema that names other models than the client, or whose relations form a cycle', () => {
    expect(() => orderModels(readModels(schema), ['Book', 'Author'] as never)).toThrow(/different models \(Shelf\)/);
    const cycle = `model A {\n  id Int @id\n  bId Int\n  b B @relation(fields: [bId], references: [id])\n}\nmodel B {\n  id Int @id\n  aId Int\n  a A @relation(fields: [aId], references: [id])\n}\n`;
    expect(() => orderModels(readModels(cycle), ['A', 'B'] as never)).toThrow(/A, B form a cycle/);
  });
});
