import type { Store } from '../ports.ts';
import { isUrgentKind } from './snooze.ts';

/** Who may not be reminded at one instant: people on leave, and people who snoozed a kind (or `*`). */
export type Holds = { isHeld(personId: number, kind: string): boolean };

/**
 * The holds at `at`, for everyone or for the people named, read in two statements. Urgent kinds
 * are never held. A held reminder is not recorded in the ledger: it goes out when the hold ends,
 * if its reason is still there.
 */
export async function holdsAt(store: Store, at: Date, personIds?: number[]): Promise<Holds> {
  const [leaves, snoozes] = await Promise.all([store.leave.during(at, new Date(at.getTime() + 1), personIds), store.snoozes.at(at, personIds)]);
  const onLeave = new Set(leaves.map((leave) => leave.personId));
  const snoozed = new Set(snoozes.map((row) => `${row.personId}|${row.kind}`));
  return {
    isHeld: (personId, kind) => !isUrgentKind(kind) && (onLeave.has(personId) || snoozed.has(`${personId}|${kind}`) || snoozed.has(`${personId}|*`)),
  };
}
