/** Commissions (约稿): a topic asked of some units (or of a person in a unit) by a due time, and each unit's answer. */
import type { UnitRecord } from '../org/port.ts';

/** One asked unit: its answer, the person it was addressed to (null: the unit as a whole) and its own due time (null: the commission's). */
export type CommissionUnitRecord = {
  unit: UnitRecord;
  answeredAt: Date | null;
  answerItemId: number | null;
  personId: number | null;
  dueAt: Date | null;
};

export type CommissionRecord = {
  id: number;
  topic: string;
  /** What the office asks for (length, angle, …), or null. */
  requirements: string | null;
  dueAt: Date;
  status: 'open' | 'withdrawn';
  createdById: number | null;
  createdAt: Date;
  units: CommissionUnitRecord[];
};

/** One unit to ask in a new commission: addressed to `personId` when set, due at its own `dueAt` when set. */
export type NewCommissionUnit = { unitId: number; personId: number | null; dueAt: Date | null };

export interface CommissionsRepo {
  /** Creates the commission and one row per unit in one statement. */
  create(commission: {
    topic: string;
    requirements: string | null;
    dueAt: Date;
    createdById: number | null;
    createdAt: Date;
    units: NewCommissionUnit[];
  }): Promise<CommissionRecord>;
  byId(id: number): Promise<CommissionRecord | null>;
  /** Open (not withdrawn) commissions, soonest due first. */
  listOpen(): Promise<CommissionRecord[]>;
  /** Open commissions asked of the unit that it has not answered yet, soonest due first. */
  openForUnit(unitId: number): Promise<CommissionRecord[]>;
  /** Records the unit's answer only if it has not answered yet; false if it had. */
  markAnswered(answer: { commissionId: number; unitId: number; itemId: number; at: Date }): Promise<boolean>;
  /** Withdraws a commission only if it is still open; false if it was not. */
  withdraw(id: number): Promise<boolean>;
}
