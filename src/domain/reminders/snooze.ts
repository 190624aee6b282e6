/**
 * Snooze (延后提醒): a person holds back reminders of one kind for an hour or until the next
 * working day, with the two buttons every non-urgent reminder carries. A held reminder is not
 * recorded in the nudge ledger, so it goes out after the snooze if its reason is still there.
 * Urgent chasers (`urgent.*`) cannot be snoozed: an emergency report waits for no one.
 */
import { text, type OutMessage } from '../notify/message.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { addWorkingDays, localDateKey, nextWorkingTime, startOfDayKey, type WorkCalendar } from '../time/index.ts';

const SNOOZE_CHOICES = ['1h', 'tomorrow'] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number];

/** A reminder kind as written in the ledger (`quota.remind`), or `*` for every non-urgent kind. */
const KIND = /^(?:\*|[a-z]+(?:\.[a-z]+){0,3})$/;
const MAX_KIND = 40;

/** The action data of a snooze button: short (within Telegram's 64 bytes) and validated on the way back. */
const snoozeAction = (kind: string, choice: SnoozeChoice) => `snooze:${kind}:${choice}`;
export const SNOOZE_ACTION = /^snooze:(\*|[a-z]+(?:\.[a-z]+){0,3}):(1h|tomorrow)$/;

/** Urgent reminders (`urgent.*`) ignore working time, leave and snooze. */
export const isUrgentKind = (kind: string) => kind === 'urgent' || kind.startsWith('urgent.');

/** The row of snooze buttons on a reminder of `kind`: 延后1小时 / 明天再提醒. */
export function snoozeButtons(kind: string): NonNullable<OutMessage['buttons']>[number] {
  return [
    { label: text('reminders.button.hour'), action: snoozeAction(kind, '1h') },
    { label: text('reminders.button.tomorrow'), action: snoozeAction(kind, 'tomorrow') },
  ];
}

/**
 * When a snooze chosen at `now` ends: `1h` an hour later (a reminder then falling outside working
 * time waits for the next working minute anyway); `tomorrow` at the start of working time on the
 * next working day (Friday → Monday 08:30; the day before a holiday → the first day after it).
 */
export function snoozeUntil(choice: SnoozeChoice, now: Date, calendar: WorkCalendar): Date {
  if (choice === '1h') return new Date(now.getTime() + 3600_000);
  const nextDay = addWorkingDays(localDateKey(now, calendar.tz), 1, calendar);
  return nextWorkingTime(startOfDayKey(nextDay, calendar.tz), calendar);
}

/** Holds `person`'s reminders of `kind` (or every non-urgent kind, `*`) until `until`. */
export async function snooze(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { person: PersonRecord; kind: string; until: Date },
): Promise<Result<{ kind: string; until: Date }>> {
  const { kind, until } = input;
  if (kind.length > MAX_KIND || !KIND.test(kind) || isUrgentKind(kind)) return fail('SNOOZE.KIND');
  if (until.getTime() <= deps.clock.now().getTime()) return fail('SNOOZE.PAST');
  await deps.store.snoozes.set(input.person.id, kind, until);
  return ok({ kind, until });
}
