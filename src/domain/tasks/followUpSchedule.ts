/**
 * When something the office is waiting for (a leader-instruction feedback, a commissioned item)
 * is reminded and chased (domain rules 3 and 4): one reminder `remindBeforeHours` before it is
 * due (or, for a commission opened later than that, halfway to it), then once it is overdue a chaser every
 * `chaseEveryHours`, with no end until the thing
 * arrives. The first chaser goes to the unit's reporters; from the second on the unit lead is
 * told too (escalation). Pure: a function of the due time and `now`.
 */

const HOUR = 3600_000;

export type FollowUpTiming = { remindBeforeHours: number; chaseEveryHours: number };

export type FollowUpNudge = {
  /** The nudge-ledger slot: `before`, or `<due ISO>#<n>` for the n-th interval since due. */
  slot: string;
  stage: 'before' | 'overdue';
  /** The interval since due (0 for the first chaser); -1 for the reminder before. */
  index: number;
  /** Whether the unit lead is told as well. */
  escalate: boolean;
};

/**
 * When the reminder before is due: `remindBeforeHours` before the due time. For something opened
 * less than that before it is due, halfway between its opening and its due time with `halfway` (a
 * commission for tomorrow morning), else none: the opening notice said when it is due. Null when
 * there is no reminder before.
 */
export function reminderBeforeAt(input: Pick<FollowUpTiming, 'remindBeforeHours'> & { dueAt: Date; openedAt: Date; halfway?: boolean }): Date | null {
  if (input.remindBeforeHours <= 0) return null;
  const remindAt = input.dueAt.getTime() - input.remindBeforeHours * HOUR;
  const opened = input.openedAt.getTime();
  if (remindAt >= opened) return new Date(remindAt);
  return input.halfway ? new Date(opened + (input.dueAt.getTime() - opened) / 2) : null;
}

/**
 * The reminder or chaser due at `now` for something due at `dueAt`, or null when none is.
 * Only the latest one is returned, so after downtime one catch-up is sent, not a burst. The
 * reminder before comes at `reminderBeforeAt`; the job runs only in working time, so one falling
 * outside it goes at the next working minute, if that is still before the due time.
 */
export function followUpNudge(input: FollowUpTiming & { dueAt: Date; openedAt: Date; now: Date; halfway?: boolean }): FollowUpNudge | null {
  const { dueAt, now, chaseEveryHours } = input;
  const untilDue = dueAt.getTime() - now.getTime();
  if (untilDue > 0) {
    const remindAt = reminderBeforeAt(input);
    if (!remindAt || now.getTime() < remindAt.getTime()) return null;
    return { slot: 'before', stage: 'before', index: -1, escalate: false };
  }
  const index = Math.floor(-untilDue / (chaseEveryHours * HOUR));
  return { slot: `${dueAt.toISOString()}#${index}`, stage: 'overdue', index, escalate: index >= 1 };
}
