/**
 * The calendar job (`calendar.years`), a function of `now` and the data: China's public holidays
 * and 调休 working days of a year are published late in the year before (see docs/rules.md, "The
 * working calendar"). From 1 December, while the coming year's are neither in the chinese-days
 * package nor in the rules, and in any week of a year whose dates are unknown, each editor is told
 * once a week (the ledger slot is the ISO week) how to load them. Without them reminders and the
 * quota pace would treat 国庆 and 春节 as working days.
 */
import { text, type OutMessage } from '../notify/message.ts';
import type { DomainDeps } from '../ports.ts';
import { localDateKey, periodContaining } from '../time/index.ts';
import { knownHolidayYears } from '../time/publicHolidays.ts';
import { sendReminders } from './sendReminders.ts';

const KIND = 'calendar.years';

/** The years whose holidays are wanted at `now` and not known: this year, and from December the next. */
export function missingHolidayYears(deps: Pick<DomainDeps, 'rules' | 'timezone'>, now: Date): string[] {
  const today = localDateKey(now, deps.timezone);
  const year = Number(today.slice(0, 4));
  const wanted = today.slice(5, 7) === '12' ? [year, year + 1] : [year];
  const known = knownHolidayYears(deps.rules.calendar);
  return wanted.map(String).filter((each) => !known.has(each));
}

/** Tells the editors which years' holidays are missing, once a week each; returns how many were told now. */
export async function remindHolidayYears(deps: Pick<DomainDeps, 'store' | 'rules' | 'timezone'>, now: Date): Promise<number> {
  const missing = missingHolidayYears(deps, now);
  if (missing.length === 0) return 0;
  const years = missing.join('、');
  const message: OutMessage = { title: text('calendar.missing.title', { years }), lines: [text('calendar.missing.body', { years })] };
  const editors = await deps.store.people.withRole('editor');
  const slot = periodContaining('week', now, deps.timezone).key;
  const subject = `calendar:${missing.join(',')}`;
  return sendReminders(
    deps.store,
    editors.map((editor) => ({ key: { kind: KIND, subject, slot, recipientId: editor.id }, message })),
    now,
    { snoozeButtons: false },
  );
}
