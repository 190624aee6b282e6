/**
 * Reads a YAML file against a zod schema and reports each problem with its line and key path,
 * so a person fixing a file is told exactly where to look.
 */
import { LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';

export type FileProblem = { line: number; key: string; reason: string };

/** A problem found by a check of its own, at a key path of the file (e.g. `['people', 3, 'unit']`). */
export type PathProblem = { path: (string | number)[]; message: string };

/** The 1-based line of the node at `path` in the document, or of its nearest existing parent. */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: (string | number)[]): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === step);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const child = node.items[step] as Node | undefined;
      if (!child) break;
      offset = child.range?.[0] ?? offset;
      node = child;
    } else break;
  }
  return counter.linePos(offset).line;
}

/**
 * Parses `text` as YAML and validates it; every problem found is returned, first by line.
 * `check`, when given, looks at the parsed file as written (whatever the schema thinks of it), so
 * its problems come in the same round as the schema's.
 */
export function readYamlFile<S extends z.ZodType>(
  text: string,
  schema: S,
  check?: (raw: unknown) => PathProblem[],
): { ok: true; value: z.output<S> } | { ok: false; problems: FileProblem[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        line: error.linePos?.[0]?.line ?? 0,
        key: '',
        reason: error.message.split('\n')[0]!,
      })),
    };
  }
  const raw: unknown = doc.toJS();
  const parsed = schema.safeParse(raw);
  const checked = (check?.(raw) ?? []).map((problem) => ({ line: lineOf(doc, counter, problem.path), key: problem.path.join('.'), reason: problem.message }));
  if (parsed.success && checked.length === 0) return { ok: true, value: parsed.data };
  const problems = (parsed.success ? [] : parsed.error.issues).flatMap((issue) => {
    const path = issue.path.filter((step): step is string | number => typeof step !== 'symbol');
    // zod puts an unknown key on its parent's path: report each such key at its own line.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [null];
    return keys.map((key) => {
      const at = key === null ? path : [...path, key];
      const reason = key === null ? issue.message : `unknown key "${key}": remove it or check its spelling`;
      return { line: lineOf(doc, counter, at), key: at.join('.'), reason };
    });
  });
  problems.push(...checked);
  problems.sort((a, b) => a.line - b.line);
  return { ok: false, problems };
}
