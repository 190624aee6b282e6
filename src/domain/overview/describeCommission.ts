import { unitDueAt } from '../commissions/commissionAudience.ts';
import type { CommissionRecord } from '../commissions/port.ts';
import type { PersonRecord, UnitRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { readsOpenWork } from './listOpenWork.ts';

/** One asked unit in a commission's detail: its answer (item and time) or silence, its addressee and its own due time. */
export type CommissionUnitDetail = {
  unit: UnitRecord;
  answeredAt: Date | null;
  answerItemId: number | null;
  /** The person it was addressed to (by name), or null for the unit as a whole. */
  addressee: { code: string; name: string } | null;
  /** The unit's own due time, when it differs from the commission's; null otherwise. */
  ownDueAt: Date | null;
  /** Silent and past its due time. */
  overdue: boolean;
};

export type CommissionDetail = { commission: CommissionRecord; answered: number; asked: number; units: CommissionUnitDetail[] };

/**
 * One commission as the /open detail shows it (docs/open-work.md): topic, requirements, due time
 * and, per unit, whether it answered (with the item and the time) or is silent, the person it was
 * addressed to and its own due time; answered units after the silent ones. Editors and leaders
 * only; reads only.
 */
export async function describeCommission(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { viewer: PersonRecord; commissionId: number },
): Promise<Result<CommissionDetail>> {
  if (!readsOpenWork(input.viewer)) return fail('AUTH.FORBIDDEN');
  const commission = await deps.store.commissions.byId(input.commissionId);
  if (!commission) return fail('COMMISSION.UNKNOWN', { id: input.commissionId });
  const now = deps.clock.now().getTime();
  const units: CommissionUnitDetail[] = [];
  for (const row of commission.units) {
    const person = row.personId === null ? null : await deps.store.people.byId(row.personId);
    units.push({
      unit: row.unit,
      answeredAt: row.answeredAt,
      answerItemId: row.answerItemId,
      addressee: person ? { code: person.code, name: person.name } : null,
      ownDueAt: row.dueAt !== null && row.dueAt.getTime() !== commission.dueAt.getTime() ? row.dueAt : null,
      overdue: commission.status === 'open' && row.answeredAt === null && unitDueAt(commission, row).getTime() <= now,
    });
  }
  const silentFirst = (a: CommissionUnitDetail, b: CommissionUnitDetail) => Number(a.answeredAt !== null) - Number(b.answeredAt !== null);
  const answered = units.filter((row) => row.answeredAt !== null).length;
  return ok({ commission, answered, asked: units.length, units: units.sort(silentFirst) });
}
