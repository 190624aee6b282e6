import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { validateReason } from '../review/checks.ts';
import { formatLocal, isDateKey, parsePeriod, periodContaining, previousPeriod, startOfDayKey, type Period } from '../time/index.ts';

export type Awarded = {
  target: { kind: 'unit' | 'person'; id: number; code: string; name: string };
  points: number;
  reason: string;
  awardedAt: Date;
  /** The period the award is for, when one was named: it counts in the rankings that cover it. */
  period?: Period;
};

/** The largest award or deduction one entry may make. */
const MAX_AWARD = 1000;

const WHOLE_NUMBER = /^[+-]?\d{1,4}$/;

/** Points as typed (`50`, `+50`, `-5`): a non-zero whole number within ±1000, else null. */
export function parseAwardPoints(text: string): number | null {
  const trimmed = String(text)
    .trim()
    .replace(/^＋/, '+')
    .replace(/^[－—]/, '-');
  if (!WHOLE_NUMBER.test(trimmed)) return null;
  const points = Number(trimmed);
  return points !== 0 && Math.abs(points) <= MAX_AWARD ? points : null;
}

/**
 * An editor or admin records a manual award or deduction (domain rule 6: e.g. +50 for a unit on
 * the province's advanced list, 000) for a unit or a person (by code), with a reason. It counts
 * in the period of its date: today, or `date` (`@YYYY-MM-DD`, office time) for one earned
 * earlier, from the earliest day `earliestAwardDay` allows up to today; or, when `date` names a
 * period instead (`@2026`, `@2026-11`, `@2026-Q4`, `@2026-W47`, begun by now), in every ranking
 * whose period covers that one — the year's +50 in the year's ranking, not in the month it was
 * entered. Audited with the reason, in the same transaction.
 */
export async function recordAward(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'timezone'>,
  input: { editor: PersonRecord; target: string; points: string; reason: string; date?: string },
): Promise<Result<Awarded>> {
  if (!input.editor.roles.some((role) => role === 'editor' || role === 'admin')) return fail('AUTH.FORBIDDEN');
  const points = parseAwardPoints(input.points);
  if (points === null) return fail('AWARD.POINTS', { text: String(input.points).trim() });
  const reason = validateReason(input.reason);
  if (!reason.ok) return reason;
  const now = deps.clock.now();
  let awardedAt = now;
  let period: Period | undefined;
  if (input.date !== undefined) {
    const day = input.date.trim().replace(/^@/, '');
    const earliest = await earliestAwardDay(deps, now);
    const window = {
      text: input.date.trim(),
      earliest: formatLocal(earliest, deps.timezone, 'yyyy-MM-dd'),
      latest: formatLocal(now, deps.timezone, 'yyyy-MM-dd'),
    };
    if (isDateKey(day)) {
      awardedAt = startOfDayKey(day, deps.timezone);
      if (awardedAt.getTime() > now.getTime() || awardedAt.getTime() < earliest.getTime()) return fail('AWARD.DATE', window);
    } else {
      const named = parsePeriod(day, deps.timezone);
      if (!named.ok || named.value.start.getTime() > now.getTime() || named.value.end.getTime() <= earliest.getTime()) return fail('AWARD.DATE', window);
      period = named.value;
    }
  }
  const code = input.target.trim();
  return deps.store.transaction(async (tx) => {
    const unit = await tx.units.byCode(code);
    const person = unit ? null : await tx.people.byCode(code);
    if (!(unit?.active || person?.active)) return fail('AWARD.TARGET', { code });
    const target = unit
      ? { kind: 'unit' as const, id: unit.id, code: unit.code, name: unit.name }
      : { kind: 'person' as const, id: person!.id, code: person!.code, name: person!.name };
    await tx.review.addAward({
      unitId: unit ? unit.id : null,
      personId: unit ? null : person!.id,
      points,
      reason: reason.value,
      awardedAt,
      recordedById: input.editor.id,
      ...(period ? { period: { key: period.key, start: period.start, end: period.end } } : {}),
    });
    await tx.audit.record({
      at: now,
      actor: input.editor.code,
      action: 'award.add',
      subject: `${target.kind}:${target.code}`,
      after: { points, reason: reason.value, awardedAt: formatLocal(awardedAt, deps.timezone), ...(period ? { period: period.key } : {}) },
    });
    return ok({ target, points, reason: reason.value, awardedAt, ...(period ? { period } : {}) });
  });
}

/**
 * The earliest day an award may be dated: the first day of the office's first month on Xinbao,
 * the month of its first organisation import (1 January of last year if none is recorded).
 * Before it the office has no record for an award to sit in. See docs/scores-and-circulars.md,
 * "Manual awards (/award)".
 */
export async function earliestAwardDay(deps: Pick<DomainDeps, 'store' | 'timezone'>, now: Date): Promise<Date> {
  const firstImport = await deps.store.audit.firstAt('org.import');
  if (firstImport) return periodContaining('month', firstImport, deps.timezone).start;
  return previousPeriod(periodContaining('year', now, deps.timezone), deps.timezone).start;
}
