/** Urgent reports (紧急信息): the first report, its follow-ups and final report, and missed reports. */
import type { UnitRecord } from '../org/port.ts';
import type { Severity } from '../vocabulary.ts';

export type UrgentRecord = {
  id: number;
  unit: UnitRecord;
  reporterId: number;
  what: string;
  place: string | null;
  occurredAt: Date;
  reportedAt: Date;
  severity: Severity;
  casualties: string | null;
  delayMinutes: number;
  late: boolean;
  status: 'open' | 'closed';
  nextDueAt: Date | null;
  closedAt: Date | null;
  updates: number;
};

export type NewUrgent = Omit<UrgentRecord, 'id' | 'unit' | 'updates' | 'closedAt' | 'status'> & { unitId: number; rulesVersion: number };

export interface UrgentRepo {
  create(report: NewUrgent): Promise<UrgentRecord>;
  byId(id: number): Promise<UrgentRecord | null>;
  /** Open reports, soonest follow-up due first. */
  listOpen(): Promise<UrgentRecord[]>;
  /** Open reports whose follow-up was due at or before `at`. */
  overdue(at: Date): Promise<UrgentRecord[]>;
  addUpdate(update: { reportId: number; kind: 'followup' | 'final'; text: string; authorId: number; at: Date }): Promise<void>;
  setNextDue(reportId: number, nextDueAt: Date): Promise<void>;
  close(reportId: number, at: Date): Promise<void>;
  /** Records a missed report (漏报); its id. */
  recordMiss(miss: { unitId: number; occurredAt: Date; note: string; recordedById: number; at: Date }): Promise<number>;
}
