import type { DomainDeps } from '../ports.ts';
import type { PersonRecord } from '../org/port.ts';
import { fail, ok, type Result } from '../result.ts';
import { trimText } from '../text.ts';
import { addDaysToKey, localDateKey, startOfDayKey } from '../time/index.ts';

/**
 * An editor records that a unit failed to report an emergency (漏报). It counts against the
 * unit's points and its eligibility for the year's awards; the change is audited. One missed
 * report per unit and event day (in the office's time zone): a second is refused, naming the
 * first, so the same lapse is never counted twice; `/unmissed` withdraws one recorded by mistake.
 */
export async function recordMissedReport(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'timezone'>,
  input: { editor: PersonRecord; unitCode: string; occurredAt: Date; note: string },
): Promise<Result<{ id: number }>> {
  if (!input.editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const note = trimText(input.note);
  if (note.length < 2) return fail('URGENT.MISS_NOTE');
  const now = deps.clock.now();
  if (input.occurredAt.getTime() > now.getTime()) return fail('URGENT.FUTURE');
  const day = localDateKey(input.occurredAt, deps.timezone);
  const range = { from: startOfDayKey(day, deps.timezone), to: startOfDayKey(addDaysToKey(day, 1), deps.timezone) };
  return deps.store.transaction(async (tx) => {
    const unit = await tx.units.byCode(input.unitCode);
    if (!unit) return fail('UNIT.UNKNOWN', { code: input.unitCode });
    const earlier = await tx.urgent.missDuring(unit.id, range);
    if (earlier) return fail('URGENT.MISS_DUPLICATE', { unit: unit.name, date: day, id: earlier.id, note: earlier.note });
    const id = await tx.urgent.recordMiss({ unitId: unit.id, occurredAt: input.occurredAt, note, recordedById: input.editor.id, at: now });
    await tx.audit.record({
      at: now,
      actor: input.editor.code,
      action: 'urgent.missed',
      subject: `unit:${unit.code}`,
      after: { id, occurredAt: input.occurredAt.toISOString(), note },
    });
    return ok({ id });
  });
}
