/**
 * Urgent-report deadlines from the rules (domain rule 2; seeds 003 篇3, 篇6): the first report is
 * due N hours after the event, follow-ups every M hours while open, and an overdue follow-up
 * climbs a ladder of reminders: the reporter, then after the grace period the unit lead and
 * duty officers, then the office's editors and leaders, up to a cap.
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

export type ChaseStep = { step: number; at: Date; audience: ('reporter' | Role)[] };

/**
 * The reminder step due at `now` for a follow-up that was due at `dueAt`, or null if none yet.
 * Step 0 at the due time goes to the reporter; each grace period after, one step more, up to the
 * cap; from step 1 the unit lead and duty officers are told too, and from `escalateAfter` the
 * editors and leaders. Only the latest step due is returned: after downtime, one catch-up
 * reminder, not a burst.
 */
export function chaseStep(dueAt: Date, now: Date, rules: Rules): ChaseStep | null {
  const { graceMinutes, reminderCap, escalateAfter } = rules.urgent;
  const elapsed = now.getTime() - dueAt.getTime();
  if (elapsed < 0) return null;
  const step = Math.min(reminderCap - 1, graceMinutes > 0 ? Math.floor(elapsed / (graceMinutes * MINUTE)) : reminderCap - 1);
  const audience: ChaseStep['audience'] = ['reporter'];
  if (step >= 1) audience.push('lead', 'duty');
  if (step >= escalateAfter) audience.push('editor', 'leader');
  return { step, at: new Date(dueAt.getTime() + step * graceMinutes * MINUTE), audience };
}
