import type { DomainDeps } from '../ports.ts';
import type { PersonRecord } from '../org/port.ts';
import { fail, ok, type Result } from '../result.ts';
import type { MissRecord } from './port.ts';

/**
 * An editor withdraws a missed report recorded by mistake (/unmissed #N). The record is kept,
 * marked withdrawn, so it counts nowhere from then on (penalties, award eligibility, the
 * timeliness circular, the export); audited as `urgent.unmissed`. A second withdrawal of the same
 * record is refused.
 */
export async function withdrawMissedReport(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { editor: PersonRecord; missId: number },
): Promise<Result<MissRecord>> {
  if (!input.editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const miss = await tx.urgent.missById(input.missId);
    if (!miss) return fail('URGENT.MISS_UNKNOWN', { id: input.missId });
    if (!(await tx.urgent.withdrawMiss(miss.id, input.editor.id, now))) return fail('URGENT.MISS_WITHDRAWN', { id: miss.id });
    await tx.audit.record({
      at: now,
      actor: input.editor.code,
      action: 'urgent.unmissed',
      subject: `unit:${miss.unit.code}`,
      before: { id: miss.id, occurredAt: miss.occurredAt.toISOString(), note: miss.note },
      after: { id: miss.id, withdrawnAt: now.toISOString() },
    });
    return ok({ ...miss, withdrawnAt: now });
  });
}
