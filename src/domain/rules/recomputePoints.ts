/**
 * Re-prices points already earned with the rules in force. Points are fixed when an adoption or
 * an instruction is recorded; loading a new rules version changes nothing until an editor asks
 * for this.
 */
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps, TimeRange } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { parsePeriod } from '../time/period.ts';
import { LEADER_LEVELS } from '../vocabulary.ts';
import { activeRules } from './versions.ts';

/** An editor or admin in chat, or the operator at the `xinbao` command line (who runs it owns the database). */
export type RulesActor = PersonRecord | { operator: string };

export type Recomputed = {
  /** The rules version the points are now priced with. */
  version: number;
  /** The period's key, or null for all time. */
  period: string | null;
  /** Adoptions and instructions whose points (or rules version) changed. */
  adoptionsChanged: number;
  instructionsChanged: number;
  /** Adoptions by a publication no longer in the rules: they keep their points. */
  adoptionsKept: number;
  before: { adoptions: number; instructions: number };
  after: { adoptions: number; instructions: number };
};

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Every non-deleted adoption in the period (by adoption time; all time without one) gets its
 * publication's points under the rules in force, and every leader instruction (by the time it was
 * recorded) the bonus for its leader's level, with the version recorded — in one transaction,
 * audit-logged with the count and the totals before and after. Running it again changes nothing
 * and logs nothing. Editors and admins only (`AUTH.FORBIDDEN`); a bad period is `PERIOD.INVALID`.
 */
export async function recomputePoints(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'timezone'>,
  input: { editor: RulesActor; period?: string },
): Promise<Result<Recomputed>> {
  const actor = 'operator' in input.editor ? input.editor.operator : input.editor.code;
  if (!('operator' in input.editor) && !input.editor.roles.some((role) => role === 'editor' || role === 'admin')) {
    return fail('AUTH.FORBIDDEN');
  }
  let range: TimeRange | undefined;
  let periodKey: string | null = null;
  if (input.period !== undefined && input.period.trim() !== '') {
    const period = parsePeriod(input.period, deps.timezone);
    if (!period.ok) return period;
    range = { from: period.value.start, to: period.value.end };
    periodKey = period.value.key;
  }
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const { version, rules } = await activeRules(tx);
    const before = await tx.rules.pointsTotals(range);
    let adoptionsChanged = 0;
    for (const publication of rules.publications) {
      adoptionsChanged += await tx.rules.repriceAdoptions(publication.code, publication.points, version, range);
    }
    let instructionsChanged = 0;
    for (const level of LEADER_LEVELS) {
      instructionsChanged += await tx.rules.repriceInstructions(level, rules.bonuses.leaderInstruction[level], version, range);
    }
    const adoptionsKept = await tx.rules.countAdoptionsOutside(
      rules.publications.map((p) => p.code),
      range,
    );
    const after = await tx.rules.pointsTotals(range);
    const result: Recomputed = {
      version,
      period: periodKey,
      adoptionsChanged,
      instructionsChanged,
      adoptionsKept,
      before: { adoptions: round(before.adoptions), instructions: round(before.instructions) },
      after: { adoptions: round(after.adoptions), instructions: round(after.instructions) },
    };
    if (adoptionsChanged + instructionsChanged > 0) {
      await tx.audit.record({
        at: now,
        actor,
        action: 'rules.recompute',
        subject: `points:${periodKey ?? 'all'}`,
        before: { adoptionPoints: result.before.adoptions, instructionPoints: result.before.instructions },
        after: {
          rulesVersion: version,
          adoptionsChanged,
          instructionsChanged,
          adoptionPoints: result.after.adoptions,
          instructionPoints: result.after.instructions,
        },
      });
    }
    return ok(result);
  });
}
