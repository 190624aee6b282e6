import { attachFiles } from '../attachments/attachFiles.ts';
import type { PendingAttachment } from '../attachments/receiveFile.ts';
import type { DomainDeps, Store } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { trimText } from '../text.ts';
import { SEVERITIES, type Severity } from '../vocabulary.ts';
import { validateUrgentText } from './declareUrgent.ts';
import { nextFollowUpDue, timeliness } from './deadlines.ts';
import type { NewUrgent, UrgentRecord } from './port.ts';

/** The text and severity of a new urgent report, checked: URGENT.TEXT, URGENT.SEVERITY. */
export function checkReportText(input: { what: string; severity?: string }): Result<{ what: string; severity: Severity }> {
  const what = validateUrgentText(input.what);
  if (!what.ok) return what;
  const severity = (input.severity ?? 'general') as Severity;
  if (!SEVERITIES.includes(severity)) return fail('URGENT.SEVERITY');
  return ok({ what: what.value, severity });
}

/**
 * Writes a new urgent report, sent in chat or logged from a phone call, with its attachments
 * (docs/urgent.md). Its timeliness is measured from the event (`occurredAt`) to `reportedBy`, the
 * moment the unit reported, and its next follow-up falls due by severity from then.
 */
export async function openReport(
  tx: Store,
  deps: Pick<DomainDeps, 'rules' | 'rulesVersion'>,
  input: {
    unitId: number;
    reporterId: number;
    what: string;
    severity: Severity;
    place?: string;
    casualties?: string;
    occurredAt: Date;
    reportedBy: Date;
    now: Date;
    phone?: Pick<NewUrgent, 'channel' | 'calledAt' | 'loggedById'>;
    attachments?: PendingAttachment[];
  },
): Promise<UrgentRecord> {
  const { occurredAt, reportedBy, severity, now } = input;
  const report = await tx.urgent.create({
    unitId: input.unitId,
    reporterId: input.reporterId,
    what: input.what,
    place: trimText(input.place ?? '') || null,
    occurredAt,
    reportedAt: now,
    severity,
    casualties: trimText(input.casualties ?? '') || null,
    ...timeliness(occurredAt, reportedBy, severity, deps.rules),
    nextDueAt: nextFollowUpDue(reportedBy, severity, deps.rules),
    rulesVersion: deps.rulesVersion,
    ...input.phone,
  });
  await attachFiles(tx, { urgentReportId: report.id }, { attachments: input.attachments, addedById: input.reporterId, at: now });
  return report;
}
