/**
 * Reads an office's rules file (YAML; JSON is YAML too) into `Rules`, every default filled in.
 * A problem is reported as the dotted key it concerns (`publications.2.points`), the 1-based
 * line of that key in the file (0 when the key is not in the file) and an English sentence.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { fail, ok, type Result } from '../result.ts';
import { rulesSchema, type Rules } from './schema.ts';

export type RulesProblem = { line: number; key: string; reason: string };

/** The rules in `text`, or `RULES.INVALID` with `{ line, key, reason }` for its first problem. */
export function parseRules(text: string): Result<Rules> {
  const { rules, problems } = readRules(text);
  if (problems.length > 0 || !rules) {
    const first = problems[0] ?? { line: 0, key: '', reason: 'The rules file could not be read.' };
    return fail('RULES.INVALID', { line: first.line, key: first.key, reason: first.reason });
  }
  return ok(rules);
}

/** Every problem in `text`, in file order (problems with no line last); empty when it is valid. */
export function rulesProblems(text: string): RulesProblem[] {
  return readRules(text).problems;
}

function readRules(text: string): { rules?: Rules; problems: RulesProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        line: lineCounter.linePos(e.pos[0]).line,
        key: '',
        reason: `The file is not valid YAML: ${sentence(yamlMessage(e.message))}`,
      })),
    };
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    return { problems: [{ line: 0, key: '', reason: `The file could not be read: ${sentence(String((e as Error).message ?? e))}` }] };
  }

  const parsed = rulesSchema.safeParse(data, { error: englishMessage });
  if (parsed.success) return { rules: parsed.data, problems: [] };

  const problems: RulesProblem[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        const path = [...issue.path, k];
        problems.push({ key: dotted(path), line: lineOf(doc, lineCounter, path), reason: `Unknown key "${k}". ${issue.message}` });
      }
    } else {
      problems.push({ key: dotted(issue.path), line: lineOf(doc, lineCounter, issue.path), reason: issue.message });
    }
  }
  const order = (p: RulesProblem) => (p.line > 0 ? p.line : Number.MAX_SAFE_INTEGER);
  problems.sort((a, b) => order(a) - order(b)); // stable: same line keeps the schema's order
  return { problems };
}

const dotted = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** The 1-based line of `path` in the document: the key's line for a mapping, the entry's for a list. */
function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number {
  const at = (offset: number | undefined) => (offset === undefined ? 0 : counter.linePos(offset).line);
  let node: unknown = doc.contents;
  const resolve = (n: unknown) => (isAlias(n) ? n.resolve(doc) : n);
  node = resolve(node);
  let line = path.length === 0 ? at((node as { range?: [number] } | null)?.range?.[0]) || 1 : 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) break;
      line = at(isScalar(pair.key) ? pair.key.range?.[0] : undefined) || line;
      node = resolve(pair.value);
    } else if (isSeq(node)) {
      const item = resolve(node.items[Number(seg)]);
      if (!item) break;
      line = at((item as { range?: [number] }).range?.[0]) || line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

/** yaml's messages, minus advice about its own API. */
const yamlMessage = (message: string) => (/multiple documents/i.test(message) ? 'it holds more than one document; a rules file is a single document' : message);

const sentence = (text: string) => {
  const s = text.trim().replace(/\s+/g, ' ');
  return /[.!?]$/.test(s) ? s : `${s}.`;
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  object: 'a mapping of keys to values',
  array: 'a list',
  boolean: 'true or false',
};

/** Plain English for the issues whose schema has no message of its own. */
function englishMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'A value is required here; this key cannot be left out or set to null.';
      return `Must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describe(issue.input)}.`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array') return `Must list at least ${min} ${min === 1 ? 'entry' : 'entries'}.`;
      if (issue.origin === 'string') return 'Must not be empty.';
      return issue.inclusive === false ? `Must be greater than ${min}, not ${issue.input}.` : `Must be at least ${min}, not ${issue.input}.`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array') return `Must list at most ${max} entries.`;
      if (issue.origin === 'string') return `Must be at most ${max} characters long.`;
      return issue.inclusive === false ? `Must be less than ${max}, not ${issue.input}.` : `Must be at most ${max}, not ${issue.input}.`;
    }
    case 'invalid_value':
      return `Must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, not ${describe(issue.input)}.`;
    case 'unrecognized_keys': {
      const shape = (issue.inst as { shape?: Record<string, unknown> } | undefined)?.shape;
      return shape ? `Allowed keys here: ${Object.keys(shape).join(', ')}.` : 'It is not one of the keys allowed here.';
    }
    case 'invalid_format':
      return `Is not in the expected format.`;
    default:
      return undefined;
  }
}
