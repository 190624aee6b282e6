import { text, type Text } from '../notify/message.ts';
import type { DomainDeps, TimeRange } from '../ports.ts';
import { bulletinPublications } from './bulletinPublication.ts';

/**
 * How many issues of each of the office's bulletins are dated in `range` (全年编发《X》N期), in
 * the rules' order; publications with none are named with 0 (docs/scores-and-circulars.md).
 */
export async function bulletinCounts(deps: Pick<DomainDeps, 'store' | 'rules'>, range: TimeRange): Promise<{ code: string; name: string; issues: number }[]> {
  const bulletins = bulletinPublications(deps.rules);
  if (bulletins.length === 0) return [];
  const counts = await deps.store.bulletins.countsIn(range);
  return bulletins.map((p) => ({ code: p.code, name: p.name, issues: counts.get(p.code) ?? 0 }));
}

/** The annual circular's lines: 全年编发《X》N期, one per bulletin; none without bulletins. */
export const bulletinCountLines = (counts: { name: string; issues: number }[]): Text[] =>
  counts.map((c) => text('bulletin.yearCount', { name: c.name, issues: c.issues }));
