/**
 * A period's figures for the spreadsheet (/export, `xinbao export`): the units ranked with where
 * their points come from, the people ranked by name, every adoption, and the urgent reports with
 * the missed ones. Language-neutral:
 * src/reports/periodWorkbook.ts words and writes them.
 */
import type { DomainDeps } from '../ports.ts';
import type { AdoptionDetail, MissDetail, UrgentDetail } from '../scoring/port.ts';
import { unitScores, type UnitPoints } from '../scoring/scores.ts';
import { rankPeopleFor, rankUnitsFor } from '../ranking/rankUnitsFor.ts';
import type { RankedPerson, RankedUnit } from '../ranking/rankUnits.ts';
import { ok, type Result } from '../result.ts';
import { parsePeriod, periodContaining, type Period } from '../time/index.ts';

export type PeriodExport = {
  period: Period;
  units: RankedUnit[];
  people: RankedPerson[];
  adoptions: AdoptionDetail[];
  urgent: UrgentDetail[];
  misses: MissDetail[];
  /** Each unit's points by source (the scores the ranking's points come from), by unit id; absent for a unit with nothing in the period. */
  unitPoints: Map<number, UnitPoints>;
  /** How many photos, files and locations each adopted item carries, by item id (docs/attachments.md); absent for none. */
  attachmentCounts: Map<number, number>;
};

/** The period as written (PERIOD.INVALID if it cannot be read), or the current month. */
export function periodOrThisMonth(deps: Pick<DomainDeps, 'clock' | 'timezone'>, written?: string): Result<Period> {
  if (written?.trim()) return parsePeriod(written, deps.timezone);
  return ok(periodContaining('month', deps.clock.now(), deps.timezone));
}

/** Gathers the period's figures; the ranking's movement is measured from the previous circular, as in the circulars. */
export async function gatherExport(deps: Pick<DomainDeps, 'store' | 'rules' | 'timezone'>, period: Period): Promise<PeriodExport> {
  const range = { from: period.start, to: period.end };
  const [units, people, adoptions, urgent, unitPoints] = await Promise.all([
    rankUnitsFor(deps, period),
    rankPeopleFor(deps, period),
    deps.store.scoring.adoptions(range),
    deps.store.scoring.urgent(range),
    unitScores(deps, range),
  ]);
  const attachmentCounts = await deps.store.attachments.countByItem([...new Set(adoptions.map((adoption) => adoption.itemId))]);
  return { period, units, people, adoptions, urgent: urgent.reports, misses: urgent.misses, unitPoints, attachmentCounts };
}
