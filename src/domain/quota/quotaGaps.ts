/**
 * Quota gaps (目标进度): each unit and each person with a target for a period, compared with a
 * linear pace through the period. Pure: a function of `now` and the data handed in.
 *
 * The pace counts working days (the office calendar: weekends, China's holidays and 调休 days),
 * so a holiday week does not put everyone behind:
 *
 *     expected = floor(target × elapsed working days / working days of the period)
 *
 * where the elapsed working days are those of the period before the trigger's day (the day of
 * the reminder is still to be worked) and from the later of the period's start, the office's
 * go-live day and the person's own start (when they were added): an office that started on
 * 1 December is not expected to have sent eleven months of its year's target. A unit or person is
 * behind when `done < expected`: at least one whole item short of the pace. `done` counts items
 * submitted (reached the office: signed off where the unit requires it) from the period's start
 * until `now`, so a unit that caught up since the trigger is no longer reminded.
 *
 * A unit's pace is its reporters' (leave and start dates do not drag it): its expected count is
 * scaled by the share of its reporters' working days they were there — started and not on leave:
 *
 *     expected = floor(target × Σ_reporters available elapsed working days / (reporters × working days of the period))
 *
 * (with no reporter, the plain formula from the office's start). A person's own target is scaled
 * by their own available days. Targets are resolved as /status and /rank show them
 * (src/domain/scoring/targets.ts).
 */
import type { UnitRecord } from '../org/port.ts';
import type { LeaveRecord } from '../reminders/port.ts';
import type { OwnTarget, UnitMember } from './port.ts';
import type { Rules } from '../rules/schema.ts';
import { unitTarget } from '../scoring/targets.ts';
import { addDaysToKey, daysLeft, isWorkingDay, localDateKey, periodDays, type Period, type WorkCalendar } from '../time/index.ts';
import type { QuotaTrigger } from './quotaTriggers.ts';

export type Pace = { target: number; done: number; expected: number; gap: number; behind: boolean };

export type PersonQuota = Pace & { personId: number; name: string; unitId: number | null };

export type UnitQuota = {
  unit: UnitRecord;
  /** The unit's own pace, or null when it has no target for the period (its people may have). */
  pace: Pace | null;
  /** Its reporters not on leave now: who is reminded when the unit is behind. */
  reporters: UnitMember[];
  leads: UnitMember[];
  /** Reporters not on leave with nothing submitted in the period so far. */
  silent: UnitMember[];
  /** Reporters on leave now. */
  onLeave: UnitMember[];
  /** Its people with their own target who are behind. */
  people: PersonQuota[];
};

export type QuotaGaps = { period: Period; trigger: QuotaTrigger; daysLeft: number; units: UnitQuota[]; people: PersonQuota[] };

export type QuotaInput = {
  now: Date;
  calendar: WorkCalendar;
  rules: Rules;
  period: Period;
  trigger: QuotaTrigger;
  /** The office's units (inactive ones are left out). */
  units: UnitRecord[];
  members: UnitMember[];
  /** Own targets (Target rows); units without one for the period's kind take the rules' default for their kind. */
  targets: OwnTarget[];
  /** Items submitted in [period start, now) per unit and author. */
  counts: { unitId: number; authorId: number; count: number }[];
  /** Leaves overlapping the period up to now. */
  leaves: LeaveRecord[];
  /** The office's go-live day (YYYY-MM-DD, office time), if known: no pace is counted before it. */
  officeStart?: string | null;
};

/** A leave's days as local date keys, first and last (both included). */
function leaveDays(leave: LeaveRecord, tz: string): { first: string; last: string } {
  return { first: localDateKey(leave.from, tz), last: localDateKey(new Date(leave.until.getTime() - 1), tz) };
}

function paceOf(target: number, done: number, available: number, capacity: number): Pace {
  const expected = capacity > 0 ? Math.floor((target * available) / capacity) : 0;
  return { target, done, expected, gap: Math.max(0, target - done), behind: done < expected };
}

/** The gaps of one period at its trigger (see the file's note for the formulas). */
export function quotaGaps(input: QuotaInput): QuotaGaps {
  const { now, calendar, rules, period, trigger } = input;
  const tz = calendar.tz;
  const kind = period.kind === 'range' ? null : period.kind;
  const { first, days } = periodDays(period, tz);
  const workingDays: string[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDaysToKey(first, i);
    if (isWorkingDay(day, calendar)) workingDays.push(day);
  }
  const total = workingDays.length;
  /** The working days of the period before the trigger's day, in order. */
  const elapsed = workingDays.filter((day) => day < trigger.day);
  const officeStart = input.officeStart && first < input.officeStart ? input.officeStart : first;
  /** Local days of start instants, computed once each (a province has thousands of reporters). */
  const startDays = new Map<number, string>();
  /** The first day a person's pace counts: the later of the office's start and their own. */
  const fromOf = (since?: Date) => {
    if (!since) return officeStart;
    let day = startDays.get(since.getTime());
    if (day === undefined) {
      day = localDateKey(since, tz);
      startDays.set(since.getTime(), day);
    }
    if (day < officeStart) return officeStart;
    return day;
  };
  /** How many elapsed working days fall on or after `from`. */
  const elapsedFrom = (from: string) => {
    let skipped = 0;
    while (skipped < elapsed.length && elapsed[skipped]! < from) skipped += 1;
    return elapsed.length - skipped;
  };

  const leavesOf = new Map<number, { first: string; last: string }[]>();
  const onLeaveNow = new Set<number>();
  for (const leave of input.leaves) {
    (leavesOf.get(leave.personId) ?? leavesOf.set(leave.personId, []).get(leave.personId)!).push(leaveDays(leave, tz));
    if (leave.from.getTime() <= now.getTime() && now.getTime() < leave.until.getTime()) onLeaveNow.add(leave.personId);
  }
  /** A person's elapsed working days since they started, less their leave. */
  const available = (personId: number, since: Date) => {
    const from = fromOf(since);
    const spans = leavesOf.get(personId);
    if (!spans) return elapsedFrom(from);
    return elapsed.filter((day) => from <= day && !spans.some((span) => span.first <= day && day <= span.last)).length;
  };

  const doneByUnit = new Map<number, number>();
  const doneByPerson = new Map<number, number>();
  for (const row of input.counts) {
    doneByUnit.set(row.unitId, (doneByUnit.get(row.unitId) ?? 0) + row.count);
    doneByPerson.set(row.authorId, (doneByPerson.get(row.authorId) ?? 0) + row.count);
  }

  const ownUnitTarget = new Map<number, OwnTarget>();
  const people: PersonQuota[] = [];
  for (const target of input.targets) {
    if (target.periodKind !== kind) continue;
    if (target.unitId !== null) ownUnitTarget.set(target.unitId, target);
    const person = target.person;
    if (person?.active && target.submitted) {
      const pace = paceOf(target.submitted, doneByPerson.get(person.id) ?? 0, available(person.id, person.since), total);
      if (pace.behind && !onLeaveNow.has(person.id)) people.push({ ...pace, personId: person.id, name: person.name, unitId: person.unitId });
    }
  }

  const membersOf = new Map<number, UnitMember[]>();
  for (const member of input.members) (membersOf.get(member.unitId) ?? membersOf.set(member.unitId, []).get(member.unitId)!).push(member);

  const units: UnitQuota[] = [];
  for (const unit of input.units) {
    if (!unit.active || !kind) continue;
    const own = unitTarget(unit.kind, ownUnitTarget.get(unit.id), rules, { kind, times: 1 }).submitted;
    const members = membersOf.get(unit.id) ?? [];
    const allReporters = members.filter((m) => m.reporter);
    let pace: Pace | null = null;
    if (own) {
      const reporterDays = allReporters.reduce((sum, m) => sum + available(m.personId, m.since), 0);
      pace =
        allReporters.length > 0
          ? paceOf(own, doneByUnit.get(unit.id) ?? 0, reporterDays, allReporters.length * total)
          : paceOf(own, doneByUnit.get(unit.id) ?? 0, elapsedFrom(officeStart), total);
    }
    const unitPeople = people.filter((p) => p.unitId === unit.id);
    if (!pace?.behind && unitPeople.length === 0) continue;
    const reporters = allReporters.filter((m) => !onLeaveNow.has(m.personId));
    units.push({
      unit,
      pace,
      reporters,
      leads: members.filter((m) => m.lead),
      silent: reporters.filter((m) => !doneByPerson.get(m.personId)),
      onLeave: allReporters.filter((m) => onLeaveNow.has(m.personId)),
      people: unitPeople,
    });
  }
  return { period, trigger, daysLeft: daysLeft(period, now, tz), units, people };
}
