/**
 * Urgent-report deadlines from the rules (domain rule 2; seeds 003 篇3, 篇6): the first report is
 * due N hours after the event, follow-ups every M hours while open, and an overdue follow-up
 * climbs a ladder of reminders: the reporter, then after the grace period the unit lead and
 * duty officers, then the office's editors and leaders, up to a cap; past the cap it is chased
 * again every M hours until it comes.
 */
import type { Rules } from '../rules/schema.ts';
import type { Role, Severity } from '../vocabulary.ts';

const HOUR = 3600_000;
const MINUTE = 60_000;

export function firstReportDue(occurredAt: Date, severity: Severity, rules: Rules): Date {
  return new Date(occurredAt.getTime() + rules.urgent[severity].firstReportHours * HOUR);
}

export function nextFollowUpDue(from: Date, severity: Severity, rules: Rules): Date {
  return new Date(from.getTime() + rules.urgent[severity].followUpHours * HOUR);
}

/** Minutes from the event to the first report, and whether that was late (迟报). */
export function timeliness(occurredAt: Date, reportedAt: Date, severity: Severity, rules: Rules): { delayMinutes: number; late: boolean } {
  const delayMinutes = Math.max(0, Math.round((reportedAt.getTime() - occurredAt.getTime()) / MINUTE));
  return { delayMinutes, late: reportedAt.getTime() > firstReportDue(occurredAt, severity, rules).getTime() };
}

/** Whether an update that came at `at` was late for the follow-up due at `dueAt` (续报迟报), and by how many minutes. */
export function followUpTimeliness(dueAt: Date | null, at: Date): { late: boolean; delayMinutes: number } {
  if (!dueAt || at.getTime() <= dueAt.getTime()) return { late: false, delayMinutes: 0 };
  return { late: true, delayMinutes: Math.round((at.getTime() - dueAt.getTime()) / MINUTE) };
}

/**
 * A reminder due for an overdue follow-up: a ladder step (`step` 0 … cap − 1), or after the ladder
 * a `repeat` (1, 2, …), which the nudge ledger keys apart (`slot`).
 */
export type ChaseStep = { step: number; repeat: number; slot: string; at: Date; audience: ('reporter' | Role)[] };

/**
 * The reminder due at `now` for a follow-up that was due at `dueAt`, or null if none yet.
 * Step 0 at the due time goes to the reporter; each grace period after, one step more, up to the
 * cap; from step 1 the unit lead and duty officers are told too, and from `escalateAfter` the
 * editors and leaders. After the ladder the report is still chased, at its severity's follow-up
 * interval from the due time (the `repeat`-th interval), to the reporter, the unit lead and the
 * duty officers, until a follow-up comes or the report is closed: an open emergency is never
 * left alone. Only the latest reminder due is returned: after downtime, one catch-up, not a burst.
 */
export function chaseStep(dueAt: Date, now: Date, rules: Rules, severity: Severity): ChaseStep | null {
  const { graceMinutes, reminderCap, escalateAfter } = rules.urgent;
  const elapsed = now.getTime() - dueAt.getTime();
  if (elapsed < 0) return null;
  const interval = rules.urgent[severity].followUpHours * HOUR;
  const ladderEnd = (reminderCap - 1) * graceMinutes * MINUTE;
  const repeat = Math.floor(elapsed / interval);
  if (repeat >= 1 && repeat * interval > ladderEnd) {
    return { step: reminderCap - 1, repeat, slot: `r${repeat}`, at: new Date(dueAt.getTime() + repeat * interval), audience: ['reporter', 'lead', 'duty'] };
  }
  const step = Math.min(reminderCap - 1, graceMinutes > 0 ? Math.floor(elapsed / (graceMinutes * MINUTE)) : reminderCap - 1);
  const audience: ChaseStep['audience'] = ['reporter'];
  if (step >= 1) audience.push('lead', 'duty');
  if (step >= escalateAfter) audience.push('editor', 'leader');
  return { step, repeat: 0, slot: String(step), at: new Date(dueAt.getTime() + step * graceMinutes * MINUTE), audience };
}
