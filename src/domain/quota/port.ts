/** The figures the quota reminders are computed from: who reports for each unit, the targets, and what was submitted. */
import type { PeriodKind } from '../vocabulary.ts';

/** A target of a unit or of a person (a person's comes with who they are). */
export type OwnTarget = {
  unitId: number | null;
  person: { id: number; name: string; unitId: number | null; active: boolean; since: Date } | null;
  periodKind: PeriodKind;
  submitted: number | null;
  adopted: number | null;
};

/** A reporter or lead of a reporting unit, as the reminder sweeps need them; `since`: when they were added (their pace starts then). */
export type UnitMember = { personId: number; name: string; unitId: number; reporter: boolean; lead: boolean; since: Date };

export interface QuotaRepo {
  /** The active people of the reporting units who are reporters or leads (name, unit, which of the two, when added). */
  unitMembers(): Promise<UnitMember[]>;
  /** Every unit's and person's own targets (org file, Target rows); a person's with their name, unit, whether they are active and when added. */
  ownTargets(): Promise<OwnTarget[]>;
  /** Items submitted (by submittedAt) in [from, to), counted per unit and author. */
  submittedCounts(from: Date, to: Date): Promise<{ unitId: number; authorId: number; count: number }[]>;
}
