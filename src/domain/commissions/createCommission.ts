import type { DomainDeps } from '../ports.ts';
import { notifyPeople } from '../notify/notify.ts';
import { officeCalendar } from '../reminders/officeCalendar.ts';
import { addWorkingDays, isWorkingDay, localDateKey } from '../time/index.ts';
import type { PersonRecord, UnitRecord } from '../org/port.ts';
import type { CommissionRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { validateText } from '../tasks/text.ts';
import { unitAudience } from '../tasks/unitAudience.ts';
import { commissionNotice } from './commissionMessages.ts';

/** What a commission's creator is warned of: a due day that is no working day (with the next one), and units nobody there can be told. */
export type CommissionWarnings = { dayOff: { day: string; next: string } | null; unreached: UnitRecord[] };

/** A due time on a day that is not a working day (a weekend, a holiday), and the next working day; null on a working day. */
export function dueOnDayOff(deps: Pick<DomainDeps, 'rules' | 'timezone'>, dueAt: Date): { day: string; next: string } | null {
  const calendar = officeCalendar(deps.rules, deps.timezone);
  const day = localDateKey(dueAt, deps.timezone);
  return isWorkingDay(day, calendar) ? null : { day, next: addWorkingDays(day, 1, calendar) };
}

/**
 * An editor commissions an item on a topic (约稿; 000 约稿制度) from some units — `'all'` the
 * active units, or unit codes — by `dueAt`. Each unit's reporters are told with a button that
 * starts the submit form for it; the unit is reminded before the due time and chased after it
 * until it answers or the commission is withdrawn. The commission, its units, the notices and the
 * audit entry are written in one transaction. The editor is warned (not refused) of a due time
 * on a day that is not a working day (`dayOff`: nobody may be at their desk, and reminders wait
 * for working time) and of the units none of whose people could be told (`unreached`: nobody
 * bound to a chat account), to call them.
 */
export async function createCommission(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'timezone' | 'rules'>,
  input: { editor: PersonRecord; units: 'all' | string[]; dueAt: Date; topic: string },
): Promise<Result<CommissionRecord & CommissionWarnings>> {
  const { editor } = input;
  if (!editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const topic = validateText(input.topic, 'COMMISSION.TOPIC', 2, 200);
  if (!topic.ok) return topic;
  const now = deps.clock.now();
  if (input.dueAt.getTime() <= now.getTime()) return fail('DUE.PAST');
  return deps.store.transaction(async (tx) => {
    let units: UnitRecord[];
    if (input.units === 'all') {
      units = (await tx.units.list()).filter((unit) => unit.active);
    } else {
      units = [];
      for (const code of new Set(input.units.map((c) => c.trim().toLowerCase()).filter((c) => c !== ''))) {
        const unit = await tx.units.byCode(code);
        if (!unit?.active) return fail('UNIT.UNKNOWN', { code });
        units.push(unit);
      }
    }
    if (units.length === 0) return fail('COMMISSION.NO_UNITS');
    const commission = await tx.commissions.create({
      topic: topic.value,
      dueAt: input.dueAt,
      createdById: editor.id,
      createdAt: now,
      unitIds: units.map((u) => u.id),
    });
    const notice = commissionNotice(commission, deps.timezone);
    const unreached: UnitRecord[] = [];
    for (const unit of units) {
      const audience = await unitAudience(tx, unit.id, false);
      const queued = await notifyPeople(
        tx,
        audience.map((member) => member.person.id),
        notice,
        now,
      );
      if (queued === 0) unreached.push(unit);
    }
    await tx.audit.record({
      at: now,
      actor: editor.code,
      action: 'commission.create',
      subject: `commission:${commission.id}`,
      after: { topic: commission.topic, dueAt: commission.dueAt.toISOString(), units: units.map((unit) => unit.code) },
    });
    return ok({ ...commission, dayOff: dueOnDayOff(deps, input.dueAt), unreached });
  });
}
