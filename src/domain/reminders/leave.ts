/**
 * Leave (请假): a person on leave gets no non-urgent reminders and does not count against their
 * unit's pace (see src/domain/quota/quotaGaps.ts). Set by the person themselves, or by a lead of
 * their unit for them (audited, and the person is told).
 */
import { text } from '../notify/message.ts';
import { notifyPeople } from '../notify/notify.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps, Store } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { addDaysToKey, daysBetweenKeys, isDateKey, localDateKey, startOfDayKey } from '../time/index.ts';

/** The longest leave set at once, in days (our choice: long absences are set in parts). */
const MAX_LEAVE_DAYS = 92;

/** `2026-11-23..2026-11-27` (also with ~ 至 到), or one day `2026-11-23`; null when it does not read. */
export function parseLeaveRange(input: string): { from: string; to: string } | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:\.\.|~|～|至|到)\s*(\d{4}-\d{2}-\d{2}))?$/.exec(input.trim());
  if (!match) return null;
  return { from: match[1]!, to: match[2] ?? match[1]! };
}

/**
 * Whose leave `actor` may set: their own, or (a lead) that of a person of their unit. Fails with
 * `PERSON.UNKNOWN`, `AUTH.FORBIDDEN` (not a lead) or `LEAVE.NOT_YOUR_UNIT`.
 */
async function subjectOf(store: Store, actor: PersonRecord, personCode?: string): Promise<Result<PersonRecord>> {
  if (!personCode || personCode === actor.code) return ok(actor);
  const person = await store.people.byCode(personCode);
  if (!person?.active) return fail('PERSON.UNKNOWN', { code: personCode });
  if (!actor.roles.includes('lead')) return fail('AUTH.FORBIDDEN');
  if (!actor.unit || person.unit?.id !== actor.unit.id) return fail('LEAVE.NOT_YOUR_UNIT', { name: person.name });
  return ok(person);
}

/**
 * Records a leave from local day `from` to `to` (both included) for the actor, or for `personCode`
 * when the actor is a lead of that person's unit; a leave of theirs that overlaps is replaced.
 */
export async function setLeave(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'timezone'>,
  input: { actor: PersonRecord; personCode?: string; from: string; to: string },
): Promise<Result<{ person: PersonRecord; from: string; to: string }>> {
  const { from, to } = input;
  if (!isDateKey(from) || !isDateKey(to) || daysBetweenKeys(from, to) < 0) return fail('LEAVE.RANGE');
  const now = deps.clock.now();
  if (to < localDateKey(now, deps.timezone)) return fail('LEAVE.PAST');
  if (daysBetweenKeys(from, to) + 1 > MAX_LEAVE_DAYS) return fail('LEAVE.TOO_LONG', { max: MAX_LEAVE_DAYS });
  const subject = await subjectOf(deps.store, input.actor, input.personCode);
  if (!subject.ok) return subject;
  const person = subject.value;
  await deps.store.transaction(async (tx) => {
    await tx.leave.add({
      personId: person.id,
      from: startOfDayKey(from, deps.timezone),
      until: startOfDayKey(addDaysToKey(to, 1), deps.timezone),
      setBy: input.actor.code,
    });
    if (person.id !== input.actor.id) {
      await tx.audit.record({ at: now, actor: input.actor.code, action: 'leave.set', subject: `person:${person.code}`, after: { from, to } });
      const params = { lead: input.actor.name, from, to };
      await notifyPeople(tx, [person.id], { title: text('leave.notice.title', params), lines: [text('leave.notice.body', params)] }, now);
    }
  });
  return ok({ person, from, to });
}

/**
 * Ends the leave of the actor (or of `personCode`, by a lead of their unit) from today: a
 * current leave ends yesterday, one not begun is removed. Fails with `LEAVE.NONE` when there is
 * neither.
 */
export async function endLeave(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'timezone'>,
  input: { actor: PersonRecord; personCode?: string },
): Promise<Result<{ person: PersonRecord }>> {
  const subject = await subjectOf(deps.store, input.actor, input.personCode);
  if (!subject.ok) return subject;
  const person = subject.value;
  const now = deps.clock.now();
  const today = startOfDayKey(localDateKey(now, deps.timezone), deps.timezone);
  const changed = await deps.store.transaction(async (tx) => {
    const count = await tx.leave.end(person.id, today);
    if (count > 0 && person.id !== input.actor.id) {
      await tx.audit.record({
        at: now,
        actor: input.actor.code,
        action: 'leave.end',
        subject: `person:${person.code}`,
        after: { endedFrom: localDateKey(now, deps.timezone) },
      });
      await notifyPeople(tx, [person.id], { lines: [text('leave.endNotice', { lead: input.actor.name })] }, now);
    }
    return count;
  });
  return changed > 0 ? ok({ person }) : fail('LEAVE.NONE');
}
