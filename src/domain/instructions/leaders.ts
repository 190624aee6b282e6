/**
 * The leader behind an instruction (批示), as an editor writes them: a person in the org file
 * with the leader role (by code or name; the level is their `leaderLevel`), or any name with
 * the level given after it in brackets: `张省长（省）`, `张省长[province]`, `王市长【市级】`.
 */
import type { Store } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { trimText } from '../text.ts';
import { LEADER_LEVELS, type LeaderLevel } from '../vocabulary.ts';

const LEVEL_WORDS: Record<string, LeaderLevel> = {
  县: 'county',
  县级: 'county',
  区: 'county',
  县区: 'county',
  county: 'county',
  市: 'city',
  市级: 'city',
  city: 'city',
  省: 'province',
  省级: 'province',
  province: 'province',
  国: 'state',
  国家: 'state',
  国家级: 'state',
  中央: 'state',
  state: 'state',
};

const NAME_MAX = 40;

/** A leader's level written by a person: 县/市/省/国家 (with or without 级) or county/city/province/state. */
export function leaderLevelFromWord(word: string): LeaderLevel | undefined {
  return LEVEL_WORDS[word.trim().toLowerCase()];
}

/** `张省长（省）` → name and level word; `huangmin` → the name or code alone. */
export function parseLeader(text: string): { name: string; level?: string } {
  const trimmed = trimText(text);
  const match = /^(.*?)\s*[[【(（]\s*([^\]】)）]+?)\s*[\]】)）]$/.exec(trimmed);
  return match ? { name: trimText(match[1]!), level: match[2]! } : { name: trimmed };
}

/**
 * The leader's name and level, and the leader as a person (`personId`, null for a name outside
 * the org file) so that they can be told of feedback. A level given in brackets wins; otherwise the person must be a
 * leader in the org file with a level. Refusals: INSTRUCTION.LEADER_EMPTY (no visible name),
 * INSTRUCTION.LEADER_UNKNOWN (no such leader and
 * no level given), INSTRUCTION.LEADER_LEVEL (a leader without a level), INSTRUCTION.LEVEL (a
 * level word that is not one).
 */
export async function identifyLeader(store: Store, text: string): Promise<Result<{ name: string; level: LeaderLevel; personId: number | null }>> {
  const parsed = parseLeader(text);
  if (parsed.name === '') return fail('INSTRUCTION.LEADER_EMPTY');
  if ([...parsed.name].length > NAME_MAX) return fail('INSTRUCTION.LEADER_UNKNOWN', { leader: parsed.name });
  const leaders = await store.people.withRole('leader');
  const known = leaders.find((person) => person.code === parsed.name.toLowerCase() || person.name === parsed.name);
  if (parsed.level !== undefined) {
    const level = leaderLevelFromWord(parsed.level);
    if (!level) return fail('INSTRUCTION.LEVEL', { level: parsed.level });
    return ok({ name: known?.name ?? parsed.name, level, personId: known?.id ?? null });
  }
  if (!known) return fail('INSTRUCTION.LEADER_UNKNOWN', { leader: parsed.name });
  const level = known.leaderLevel as LeaderLevel | null;
  if (!level || !LEADER_LEVELS.includes(level)) return fail('INSTRUCTION.LEADER_LEVEL', { leader: known.name });
  return ok({ name: known.name, level, personId: known.id });
}
