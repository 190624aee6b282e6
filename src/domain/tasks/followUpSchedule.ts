/**
 * When something the office is waiting for (a leader-instruction feedback, a commissioned item)
 * is reminded and chased (domain rules 3 and 4): one reminder `remindBeforeHours` before it is
 * due, then once it is overdue a chaser every `chaseEveryHours`, with no end until the thing
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
 * The reminder or chaser due at `now` for something due at `dueAt`, or null when none is.
 * Only the latest one is returned, so after downtime one catch-up is sent, not a burst. No
 * reminder before is due when its time came before the thing was opened (`openedAt`): the
 * opening notice already said when it is due.
 */
export function followUpNudge(input: FollowUpTiming & { dueAt: Date; openedAt: Date; now: Date }): FollowUpNudge | null {
  const { dueAt, openedAt, now, remindBeforeHours, chaseEveryHours } = input;
  const untilDue = dueAt.getTime() - now.getTime();
  if (untilDue > 0) {
    const remindAt = dueAt.getTime() - remindBeforeHours * HOUR;
    if (remindBeforeHours <= 0 || now.getTime() < remindAt || remindAt < openedAt.getTime()) return null;
    return { slot: 'before', stage: 'before', index: -1, escalate: false };
  }
  const index = Math.floor(-untilDue / (chaseEveryHours * HOUR));
  return { slot: `${dueAt.toISOString()}#${index}`, stage: 'overdue', index, escalate: index >= 1 };
}
