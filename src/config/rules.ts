import { readFileSync } from 'node:fs';
import { rulesProblems } from '../domain/rules/parseRules.ts';
import { parseRules } from '../domain/rules/parseRules.ts';
import type { Rules } from '../domain/rules/schema.ts';

/** The text of the rules file in XINBAO_RULES and its rules. Throws one sentence on a bad or unreadable file. */
export function readRulesFile(path: string): { text: string; rules: Rules } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`XINBAO_RULES: cannot read ${path}; check the path or unset XINBAO_RULES to use the built-in rules.`);
  }
  const parsed = parseRules(text);
  if (!parsed.ok) {
    const [first] = rulesProblems(text);
    throw new Error(`XINBAO_RULES: ${path}:${first?.line ?? 0}: ${first?.key ? `${first.key}: ` : ''}${first?.reason ?? 'invalid rules'}`);
  }
  return { text, rules: parsed.value };
}
