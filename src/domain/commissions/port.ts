/** Commissions (约稿): a topic asked of some units by a due time, and each unit's answer. */
import type { UnitRecord } from '../org/port.ts';

export type CommissionRecord = {
  id: number;
  topic: string;
  dueAt: Date;
  status: 'open' | 'withdrawn';
  createdById: number | null;
  createdAt: Date;
  units: { unit: UnitRecord; answeredAt: Date | null; answerItemId: number | null }[];
};

export interface CommissionsRepo {
  /** Creates the commission and one row per unit in one statement. */
  create(commission: { topic: string; dueAt: Date; createdById: number | null; createdAt: Date; unitIds: number[] }): Promise<CommissionRecord>;
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
