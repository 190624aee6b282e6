import type { PendingAttachment } from '../attachments/receiveFile.ts';
import { notifyPeople } from '../notify/notify.ts';
import type { PersonRecord, UnitRecord } from '../org/port.ts';
import type { DomainDeps, Store } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { alertOffice, isFutureEvent } from './declareUrgent.ts';
import { checkReportText, openReport } from './openReport.ts';
import type { UrgentRecord } from './port.ts';
import { reportersOf } from './recipients.ts';
import { phoneLoggedMessage } from './urgentMessages.ts';
import { urgentSubject } from './urgentSubject.ts';

/** The unit a duty officer names, by code or by name (case does not matter for the code). */
export async function unitNamed(store: Pick<Store, 'units'>, named: string): Promise<Result<UnitRecord>> {
  const wanted = named.trim();
  const units = await store.units.list();
  const unit = units.find((u) => u.code.toLowerCase() === wanted.toLowerCase()) ?? units.find((u) => u.name === wanted);
  if (!unit) return fail('URGENT.UNIT_UNKNOWN', { unit: wanted });
  if (!unit.active) return fail('URGENT.UNIT_INACTIVE', { unit: unit.name });
  return ok(unit);
}

/**
 * The duty office logs an emergency a unit reported by phone (docs/urgent.md#the-duty-desk). It
 * counts for the unit as a chat report does: its timeliness is measured from the event
 * (`occurredAt`, by default the call) to the call (`calledAt`, by default now), the moment the unit
 * reported; `reportedAt` is when it was logged. The duty officer is kept as who logged it and as
 * its reporter row; the unit's reporters answer for its follow-ups. The office is alerted as for
 * a chat report (other duty officers, editors, leaders), the unit's reporters are told its #N and
 * when the next follow-up is due, and it is audited as `urgent.phone`, all in one transaction.
 */
export async function logPhoneReport(
  deps: DomainDeps,
  input: {
    duty: PersonRecord;
    unit: string;
    what: string;
    place?: string;
    occurredAt?: Date;
    calledAt?: Date;
    severity?: string;
    casualties?: string;
    /** Photos, files, locations sent with it (docs/attachments.md), written in the same transaction. */
    attachments?: PendingAttachment[];
  },
): Promise<Result<UrgentRecord>> {
  const { duty } = input;
  if (!duty.roles.includes('duty')) return fail('AUTH.FORBIDDEN');
  const unit = await unitNamed(deps.store, input.unit);
  if (!unit.ok) return unit;
  const checked = checkReportText(input);
  if (!checked.ok) return checked;
  const { severity } = checked.value;
  const now = deps.clock.now();
  const calledAt = input.calledAt ?? now;
  if (isFutureEvent(calledAt, now)) return fail('URGENT.CALL_FUTURE');
  const occurredAt = input.occurredAt ?? calledAt;
  if (isFutureEvent(occurredAt, now)) return fail('URGENT.FUTURE');
  if (occurredAt.getTime() > calledAt.getTime()) return fail('URGENT.CALL_BEFORE_EVENT');
  return deps.store.transaction(async (tx) => {
    const report = await openReport(tx, deps, {
      ...checked.value,
      place: input.place,
      casualties: input.casualties,
      attachments: input.attachments,
      unitId: unit.value.id,
      reporterId: duty.id,
      occurredAt,
      reportedBy: calledAt,
      now,
      phone: { channel: 'phone', calledAt, loggedById: duty.id },
    });
    await tx.audit.record({
      at: now,
      actor: duty.code,
      action: 'urgent.phone',
      subject: urgentSubject(report.id),
      after: {
        unit: unit.value.code,
        severity,
        occurredAt: occurredAt.toISOString(),
        calledAt: calledAt.toISOString(),
        late: report.late,
        delayMinutes: report.delayMinutes,
      },
    });
    await alertOffice(tx, report, duty, now, deps.timezone);
    const reporters = (await reportersOf(tx, report)).filter((id) => id !== duty.id);
    await notifyPeople(tx, reporters, phoneLoggedMessage(report, duty.name, deps.timezone), now, 'urgent', { subject: urgentSubject(report.id) });
    return ok(report);
  });
}
