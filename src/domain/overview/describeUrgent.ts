import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import type { UrgentRecord } from '../urgent/port.ts';
import { readsOpenWork } from './listOpenWork.ts';
import type { UrgentUpdateRecord } from './port.ts';

export type UrgentDetail = { report: UrgentRecord; overdue: boolean; updates: UrgentUpdateRecord[] };

/**
 * One urgent report as the /open detail shows it (docs/open-work.md): what, where, the unit,
 * severity, when it was reported, the next due time (overdue when passed) and its updates.
 * Editors and leaders only; reads only.
 */
export async function describeUrgent(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { viewer: PersonRecord; reportId: number },
): Promise<Result<UrgentDetail>> {
  if (!readsOpenWork(input.viewer)) return fail('AUTH.FORBIDDEN');
  const report = await deps.store.urgent.byId(input.reportId);
  if (!report) return fail('URGENT.UNKNOWN', { id: input.reportId });
  const overdue = report.status === 'open' && report.nextDueAt !== null && report.nextDueAt.getTime() <= deps.clock.now().getTime();
  return ok({ report, overdue, updates: await deps.store.overview.urgentUpdates(report.id) });
}
