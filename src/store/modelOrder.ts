/**
 * The models of the schema in the order an office's data is copied in (`xinbao db copy`,
 * docs/moving-to-postgresql.md): every model after the models its foreign keys point to, each
 * with its primary key and columns. The generated client names the models (`Prisma.ModelName`)
 * but Prisma 7's client no longer carries which side of a relation holds the foreign key, so that
 * is read from the schema itself, prisma/schema.prisma.
 */
import { readFileSync } from 'node:fs';
import { Prisma } from './generated/sqlite/client.ts';
import { schemaPath } from './migrate.ts';

export type ModelName = Prisma.ModelName;

/** A model as the copy sees it. */
export type ModelPlan = {
  name: ModelName;
  /** The client's property for it: `auditLog` for AuditLog. */
  delegate: string;
  /** Its table (`@@map`, or the model's name). */
  table: string;
  /** Its primary key's fields, in order: rows are read in this order. */
  key: string[];
  /** Its scalar fields (a row's properties) and their columns (`@map`, or the field's name). */
  columns: { field: string; column: string }[];
  /** The models its foreign keys point to (itself left out). */
  parents: string[];
};

/**
 * Reads the models of a schema text: each model's table, columns, primary key (`@id` or `@@id`),
 * and the models its relations that hold the foreign key (`@relation(fields: …)`) point to.
 */
export function readModels(text: string): Map<string, Omit<ModelPlan, 'name' | 'delegate'>> {
  const blocks = [...text.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)];
  const names = new Set(blocks.map((block) => block[1]!));
  const models = new Map<string, Omit<ModelPlan, 'name' | 'delegate'>>();
  for (const [, name, body] of blocks) {
    const model = { table: name!, key: [] as string[], columns: [] as ModelPlan['columns'], parents: [] as string[] };
    for (const raw of body!.split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      const compoundKey = /^@@id\(\s*(?:fields:\s*)?\[([^\]]*)\]/.exec(line);
      if (compoundKey) model.key = compoundKey[1]!.split(',').map((field) => field.trim());
      const table = /^@@map\(\s*(?:name:\s*)?"([^"]+)"/.exec(line);
      if (table) model.table = table[1]!;
      const field = /^(\w+)\s+(\w+)(?:\[\]|\?)?(.*)$/.exec(line);
      if (!field) continue;
      const [, fieldName, type, attributes] = field as unknown as [string, string, string, string];
      if (names.has(type)) {
        if (/@relation\([^)]*\bfields\s*:/.test(attributes) && type !== name && !model.parents.includes(type)) model.parents.push(type);
        continue;
      }
      model.columns.push({ field: fieldName, column: /@map\(\s*(?:name:\s*)?"([^"]+)"/.exec(attributes)?.[1] ?? fieldName });
      if (/(^|\s)@id\b/.test(attributes)) model.key = [fieldName];
    }
    models.set(name!, model);
  }
  return models;
}

let order: ModelPlan[] | undefined;

/**
 * Every model of the generated client, parents before children (in the schema's order where
 * either would do). Throws when the schema and the generated client disagree (the client was not
 * generated again), when a model has no primary key, or when relations form a cycle.
 */
export function copyOrder(): ModelPlan[] {
  order ??= orderModels(readModels(readFileSync(schemaPath, 'utf8')), Object.values(Prisma.ModelName));
  return order;
}

/** `names` (the client's models) ordered by the relations in `models`. */
export function orderModels(models: Map<string, Omit<ModelPlan, 'name' | 'delegate'>>, names: ModelName[]): ModelPlan[] {
  const unknown = [...models.keys()].filter((name) => !names.includes(name as ModelName));
  const missing = names.filter((name) => !models.has(name));
  if (unknown.length > 0 || missing.length > 0) {
    throw new Error(
      `prisma/schema.prisma and the generated client name different models (${[...unknown, ...missing].join(', ')}): run node scripts/generate-client.mjs.`,
    );
  }
  const ordered: ModelPlan[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const next = names.find((name) => !placed.has(name) && models.get(name)!.parents.every((parent) => placed.has(parent)));
    if (next === undefined) throw new Error(`The relations of ${names.filter((name) => !placed.has(name)).join(', ')} form a cycle: no order copies them.`);
    const model = models.get(next)!;
    if (model.key.length === 0) throw new Error(`Model ${next} has no @id or @@id: rows cannot be read in order.`);
    placed.add(next);
    ordered.push({ name: next, delegate: next[0]!.toLowerCase() + next.slice(1), ...model });
  }
  return ordered;
}
