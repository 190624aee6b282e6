/**
 * What a circular records when it is sent (CircularRun.snapshot): its period, the ranks it
 * showed (the next circular's movement is measured from them), and its chart, kept once here
 * and attached to every recipient's message by reference.
 */
import type { Store } from '../ports.ts';
import type { Period } from '../time/index.ts';
import { periodOfKey, type CircularKind } from './schedule.ts';

export type CircularSnapshot = {
  period: { key: string; start: string; end: string };
  /** Nothing at all was recorded in the period: the circular was not sent. */
  empty?: boolean;
  /** Who sent it by hand (/circulate), or absent for a scheduled one. */
  manualBy?: string;
  /** The ranking circulars: each unit's rank and points as circulated. */
  ranks?: { unitId: number; rank: number; points: number }[];
  /** The urgent-timeliness circular: each unit's figures. */
  urgent?: { unitId: number; reports: number; late: number; missed: number; lateFollowUps?: number; averageDelay: number | null }[];
  /** The chart sent with it (PNG, base64). */
  chart?: { name: string; mime: string; base64: string };
};

/** The reference an OutMessage uses for a circular's chart (see storedFile in notify/files.ts). */
export const chartRef = (runId: number) => `circular:${runId}`;

/**
 * The ranks of the previous circular of `kind` for `period`: the latest sent circular of that kind
 * (scheduled or by hand) whose period ended at or before `period` starts and that ranked units.
 * Null when there is none, so every unit is new.
 */
export async function previousRanks(store: Store, kind: CircularKind, period: Period, tz: string): Promise<{ unitId: number; rank: number }[] | null> {
  const runs = (await store.circulars.list(kind))
    .map((run) => ({ run, covered: periodOfKey(run.periodKey, tz) }))
    .filter((entry) => entry.covered !== null && entry.covered.end.getTime() <= period.start.getTime())
    .sort((a, b) => b.covered!.end.getTime() - a.covered!.end.getTime() || b.run.sentAt.getTime() - a.run.sentAt.getTime() || b.run.id - a.run.id);
  for (const { run } of runs) {
    const snapshot = (await store.circulars.snapshot(run.id)) as CircularSnapshot | null;
    if (snapshot?.ranks) return snapshot.ranks.map(({ unitId, rank }) => ({ unitId, rank }));
  }
  return null;
}
