/**
 * The office's rules as numbered versions. The highest version stored is in force; before any is
 * loaded the built-in defaults are, as version 0. Loading a file adds a version and keeps the
 * older ones for history; points already earned keep the version they were priced with until an
 * editor asks for a recompute (recomputePoints.ts).
 */
import type { DomainDeps, Store } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { defaultRules } from './defaults.ts';
import { parseRules } from './parseRules.ts';
import { completeRulesSchema, type Rules } from './schema.ts';

export type ActiveRules = { version: number; rules: Rules };

/** The version in force and its rules: the highest stored version, or the built-in defaults as version 0. */
export async function activeRules(store: Store): Promise<ActiveRules> {
  const stored = await store.rules.active();
  if (!stored) return { version: 0, rules: defaultRules };
  const parsed = completeRulesSchema.safeParse(stored.rules);
  if (!parsed.success) {
    // A fault, not a user's mistake: what was valid when loaded no longer fits this release.
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `the rules in force (version ${stored.version}) do not fit this release at ${issue.path.join('.') || 'the top'}: ${issue.message} ` +
        'Load the office rules file again with: xinbao rules load FILE.yaml',
    );
  }
  return { version: stored.version, rules: parsed.data };
}

export type LoadedRules = {
  /** The version in force after the load. */
  version: number;
  /** The version in force before it. */
  previous: number;
  /** False when the file's rules are those already in force: no version was added. */
  changed: boolean;
  rules: Rules;
};

/**
 * Validates a rules file and, when its rules differ from those in force, stores them as the next
 * version, audit-logged with the keys that changed. A bad file is `RULES.INVALID` with
 * `{ line, key, reason }` of its first problem and changes nothing; the same rules again add
 * nothing (`changed: false`).
 */
export async function loadRulesVersion(deps: Pick<DomainDeps, 'store' | 'clock'>, input: { text: string; actor: string }): Promise<Result<LoadedRules>> {
  const parsed = parseRules(input.text);
  if (!parsed.ok) return parsed;
  const rules = parsed.value;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const current = await tx.rules.active();
    const previous = current?.version ?? 0;
    const inForce = current ? current.rules : defaultRules;
    if (canonicalJson(inForce) === canonicalJson(rules)) return ok({ version: previous, previous, changed: false, rules });
    const version = previous + 1;
    if (!(await tx.rules.add(version, rules, input.actor, now))) return fail('RULES.CONFLICT');
    const changes = rulesChanges(inForce, rules);
    await tx.audit.record({
      at: now,
      actor: input.actor,
      action: 'rules.load',
      subject: 'rules',
      before: { version: previous, ...changes.before },
      after: { version, ...changes.after },
    });
    return ok({ version, previous, changed: true, rules });
  });
}

/**
 * The rules in force when the app starts. With the text of XINBAO_RULES (already validated), a
 * file whose rules differ from those in force is loaded first as a new version, by `XINBAO_RULES`.
 */
export async function rulesAtStart(deps: Pick<DomainDeps, 'store' | 'clock'>, fileText?: string): Promise<ActiveRules> {
  if (fileText !== undefined) {
    const loaded = await loadRulesVersion(deps, { text: fileText, actor: 'XINBAO_RULES' });
    // RULES.CONFLICT: another process started at the same moment and loaded it; read what is in force.
    if (!loaded.ok && loaded.error.code !== 'RULES.CONFLICT') {
      throw new Error(
        `XINBAO_RULES: ${loaded.error.params?.line ?? 0}: ${loaded.error.params?.key ?? ''}: ${loaded.error.params?.reason ?? loaded.error.code}`,
      );
    }
  }
  return activeRules(deps.store);
}

/** JSON with object keys sorted, so that equal rules give equal text whatever the key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

const MAX_CHANGES = 100;

/**
 * What differs between two rules values, by dotted key, as `before` and `after` maps: mappings
 * are compared key by key, publications by code (`publications.lvliang-putong.points`), other
 * lists whole; a key missing on one side is null there. At most 100 keys are listed; `more`
 * counts the rest.
 */
function rulesChanges(before: unknown, after: unknown): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const out = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  let listed = 0;
  let more = 0;
  const visit = (a: unknown, b: unknown, key: string) => {
    if (isMapping(a) && isMapping(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) visit(a[k], b[k], key ? `${key}.${k}` : k);
      return;
    }
    if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) return;
    if (listed >= MAX_CHANGES) {
      more += 1;
      return;
    }
    listed += 1;
    out.before[key] = a ?? null;
    out.after[key] = b ?? null;
  };
  visit(byPublicationCode(before), byPublicationCode(after), '');
  if (more > 0) out.after.more = more;
  return out;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The rules with their publications as a mapping from code to the rest of the entry. */
function byPublicationCode(rules: unknown): unknown {
  if (!isMapping(rules) || !Array.isArray(rules.publications)) return rules;
  const publications = Object.fromEntries(
    rules.publications.map((p: unknown, i) => {
      if (!isMapping(p) || typeof p.code !== 'string') return [String(i), p];
      const { code, ...rest } = p;
      return [code, rest];
    }),
  );
  return { ...rules, publications };
}
