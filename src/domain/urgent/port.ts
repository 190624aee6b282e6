/** Urgent reports (紧急信息): the first report, its follow-ups and final report, and missed reports. */
import type { UnitRecord } from '../org/port.ts';
import type { TimeRange } from '../ports.ts';
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
  /**
   * How the unit reported: `chat` (its reporter sent it) or `phone` (the duty office logged a call:
   * `calledAt` is when the call came, `reportedAt` when it was logged, `loggedById` the duty
   * officer, who is also its `reporterId`; see docs/urgent.md#the-duty-desk).
   */
  channel: 'chat' | 'phone';
  calledAt: Date | null;
  loggedById: number | null;
  /** When a duty officer acknowledged receipt of a chat report, and who; null until then. */
  acknowledgedAt: Date | null;
  acknowledgedById: number | null;
};

/** When the unit reported: the call for a phone report, else when the report came. Timeliness is measured to it. */
export const unitReportedAt = (report: Pick<UrgentRecord, 'calledAt' | 'reportedAt'>): Date => report.calledAt ?? report.reportedAt;

export type NewUrgent = Omit<
  UrgentRecord,
  'id' | 'unit' | 'updates' | 'closedAt' | 'status' | 'channel' | 'calledAt' | 'loggedById' | 'acknowledgedAt' | 'acknowledgedById'
> & { unitId: number; rulesVersion: number } & Partial<Pick<UrgentRecord, 'channel' | 'calledAt' | 'loggedById'>>;

/**
 * An update on a report: a follow-up (续报), the final report (终报), or `phone`, the report closed
 * by the duty office on the unit's word by phone. `dueAt` is the deadline it answered; it is
 * `late` (续报迟报) when it came after it, `delayMinutes` after.
 */
export type NewUpdate = {
  reportId: number;
  kind: 'followup' | 'final' | 'phone';
  text: string;
  authorId: number;
  at: Date;
  dueAt: Date | null;
  late: boolean;
  delayMinutes: number;
};

/** A late follow-up or final report, for the timeliness circular and the export. */
export type LateFollowUp = { reportId: number; unitId: number; unitName: string; at: Date; dueAt: Date; delayMinutes: number };

/** A missed report (漏报) as recorded; `withdrawnAt` is set once an editor withdrew it. */
export type MissRecord = { id: number; unit: UnitRecord; occurredAt: Date; note: string; withdrawnAt: Date | null };

export interface UrgentRepo {
  create(report: NewUrgent): Promise<UrgentRecord>;
  byId(id: number): Promise<UrgentRecord | null>;
  /** Open reports, soonest follow-up due first. */
  listOpen(): Promise<UrgentRecord[]>;
  /** Open reports whose follow-up was due at or before `at`. */
  overdue(at: Date): Promise<UrgentRecord[]>;
  /** Records an update; its id is what its attachments hang on (docs/attachments.md). */
  addUpdate(update: NewUpdate): Promise<{ id: number }>;
  setNextDue(reportId: number, nextDueAt: Date): Promise<void>;
  close(reportId: number, at: Date): Promise<void>;
  /** Records receipt by `byId`, only if nobody acknowledged it yet; false when someone had. */
  acknowledge(reportId: number, byId: number, at: Date): Promise<boolean>;
  /** Late follow-ups and final reports in `range`, by the time they came, oldest first. */
  lateFollowUps(range: TimeRange): Promise<LateFollowUp[]>;
  /** Records a missed report (漏报); its id. */
  recordMiss(miss: { unitId: number; occurredAt: Date; note: string; recordedById: number; at: Date }): Promise<number>;
  /** The unit's missed report (not withdrawn) of an event in [from, to), if there is one. */
  missDuring(unitId: number, range: TimeRange): Promise<MissRecord | null>;
  missById(id: number): Promise<MissRecord | null>;
  /** Marks a missed report withdrawn, only if it is not withdrawn yet; false when it was. */
  withdrawMiss(id: number, byId: number, at: Date): Promise<boolean>;
}
