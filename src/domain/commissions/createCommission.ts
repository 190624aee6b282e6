import type { DomainDeps, Store } from '../ports.ts';
import { notifyPeople } from '../notify/notify.ts';
import { officeCalendar } from '../reminders/officeCalendar.ts';
import { addWorkingDays, isWorkingDay, localDateKey } from '../time/index.ts';
import type { PersonRecord, UnitRecord } from '../org/port.ts';
import type { CommissionRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { validateText } from '../tasks/text.ts';
import { commissionAudience } from './commissionAudience.ts';
import { commissionNotice } from './commissionMessages.ts';

/** What a commission's creator is warned of: a due day that is no working day (with the next one), and units nobody there can be told. */
export type CommissionWarnings = { dayOff: { day: string; next: string } | null; unreached: UnitRecord[] };

/**
 * One unit or person asked: a unit code, or a person's code (the commission goes to their unit,
 * addressed to them), with its own due time when it differs from the commission's.
 */
export type CommissionTarget = string | { code: string; dueAt?: Date };

/** A due time on a day that is not a working day (a weekend, a holiday), and the next working day; null on a working day. */
export function dueOnDayOff(deps: Pick<DomainDeps, 'rules' | 'timezone'>, dueAt: Date): { day: string; next: string } | null {
  const calendar = officeCalendar(deps.rules, deps.timezone);
  const day = localDateKey(dueAt, deps.timezone);
  return isWorkingDay(day, calendar) ? null : { day, next: addWorkingDays(day, 1, calendar) };
}

type Asked = { unit: UnitRecord; person: PersonRecord | null; dueAt: Date | null };

/** The units asked, each once: `'all'` the active units, else each target by its unit or person code. */
async function unitsAsked(tx: Store, targets: 'all' | CommissionTarget[], now: Date): Promise<Result<Asked[]>> {
  if (targets === 'all') return ok((await tx.units.list()).filter((unit) => unit.active).map((unit) => ({ unit, person: null, dueAt: null })));
  const asked = new Map<number, Asked & { code: string }>();
  for (const target of targets) {
    const { code: typed, dueAt = null } = typeof target === 'string' ? { code: target } : target;
    const code = typed.trim().toLowerCase();
    if (code === '') continue;
    if (dueAt && dueAt.getTime() <= now.getTime()) return fail('COMMISSION.UNIT_DUE_PAST', { code });
    // Codes are matched as people usually type them (lower case), else exactly as written.
    const unit = (await tx.units.byCode(code)) ?? (await tx.units.byCode(typed.trim()));
    let row: Asked;
    if (unit) {
      if (!unit.active) return fail('UNIT.UNKNOWN', { code });
      row = { unit, person: null, dueAt };
    } else {
      const person = (await tx.people.byCode(code)) ?? (await tx.people.byCode(typed.trim()));
      if (!person?.active) return fail('UNIT.UNKNOWN', { code });
      if (!person.unit?.active) return fail('COMMISSION.PERSON_NO_UNIT', { code, name: person.name });
      row = { unit: person.unit, person, dueAt };
    }
    const earlier = asked.get(row.unit.id);
    if (earlier && earlier.code !== code) return fail('COMMISSION.UNIT_TWICE', { unit: row.unit.name });
    asked.set(row.unit.id, { ...row, code });
  }
  return ok([...asked.values()]);
}

/**
 * An editor commissions an item on a topic (约稿; 000 约稿制度) from some units — `'all'` the
 * active units, or unit codes, or people's codes (addressed to that person in their unit) — by
 * `dueAt`, a unit's own due time where one is given, with optional requirements
 * (docs/instructions-and-commissions.md). Each unit's reporters — or the person it is addressed
 * to — are told with a button that starts the submit form for it; the unit is reminded before
 * its due time and chased after it until it answers or the commission is withdrawn. The
 * commission, its units, the notices and the audit entry are written in one transaction. The
 * editor is warned (not refused) of a due time on a day that is not a working day (`dayOff`:
 * nobody may be at their desk, and reminders wait for working time) and of the units none of
 * whose people could be told (`unreached`: nobody bound to a chat account), to call them.
 */
export async function createCommission(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'timezone' | 'rules'>,
  input: { editor: PersonRecord; units: 'all' | CommissionTarget[]; dueAt: Date; topic: string; requirements?: string },
): Promise<Result<CommissionRecord & CommissionWarnings>> {
  const { editor } = input;
  if (!editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const topic = validateText(input.topic, 'COMMISSION.TOPIC', 2, 200);
  if (!topic.ok) return topic;
  let requirements: string | null = null;
  if (input.requirements !== undefined && input.requirements.trim() !== '') {
    const checked = validateText(input.requirements, 'COMMISSION.REQUIREMENTS', 2, 1000);
    if (!checked.ok) return checked;
    requirements = checked.value;
  }
  const now = deps.clock.now();
  if (input.dueAt.getTime() <= now.getTime()) return fail('DUE.PAST');
  return deps.store.transaction(async (tx) => {
    const asked = await unitsAsked(tx, input.units, now);
    if (!asked.ok) return asked;
    if (asked.value.length === 0) return fail('COMMISSION.NO_UNITS');
    const commission = await tx.commissions.create({
      topic: topic.value,
      requirements,
      dueAt: input.dueAt,
      createdById: editor.id,
      createdAt: now,
      units: asked.value.map((row) => ({ unitId: row.unit.id, personId: row.person?.id ?? null, dueAt: row.dueAt })),
    });
    const unreached: UnitRecord[] = [];
    for (const row of commission.units) {
      const queued = await notifyPeople(tx, await commissionAudience(tx, row), commissionNotice(commission, deps.timezone, row), now);
      if (queued === 0) unreached.push(row.unit);
    }
    const addressed = asked.value.filter((row) => row.person !== null);
    const ownDue = asked.value.filter((row) => row.dueAt !== null);
    await tx.audit.record({
      at: now,
      actor: editor.code,
      action: 'commission.create',
      subject: `commission:${commission.id}`,
      after: {
        topic: commission.topic,
        dueAt: commission.dueAt.toISOString(),
        units: asked.value.map((row) => row.unit.code),
        ...(requirements ? { requirements } : {}),
        ...(addressed.length ? { addressed: Object.fromEntries(addressed.map((row) => [row.unit.code, row.person!.code])) } : {}),
        ...(ownDue.length ? { unitDue: Object.fromEntries(ownDue.map((row) => [row.unit.code, row.dueAt!.toISOString()])) } : {}),
      },
    });
    return ok({ ...commission, dayOff: dueOnDayOff(deps, input.dueAt), unreached });
  });
}
