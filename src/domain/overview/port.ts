/**
 * The open-work overview (/open, docs/open-work.md): what it reads besides the features' own
 * repositories — the updates of an urgent report, with who sent them.
 */

/** One follow-up (续报), final report (终报) or phone closing of an urgent report. */
export type UrgentUpdateRecord = { id: number; kind: 'followup' | 'final' | 'phone'; text: string; authorName: string; at: Date; late: boolean };

export interface OverviewRepo {
  /** The updates of an urgent report, oldest first. */
  urgentUpdates(reportId: number): Promise<UrgentUpdateRecord[]>;
}
