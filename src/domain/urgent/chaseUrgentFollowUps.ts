import type { DomainDeps } from '../ports.ts';
import { text } from '../notify/message.ts';
import { sendNudge } from '../notify/notify.ts';
import { chaseStep } from './deadlines.ts';
import { audienceOf, reportersOf } from './recipients.ts';
import { urgentParams } from './urgentMessages.ts';
import { urgentSubject } from './urgentSubject.ts';

/**
 * The urgent chaser job, a function of `now` and the data: every open report whose follow-up is
 * overdue gets the reminder step due now (reporter; then unit lead and duty officers; then
 * editors and leaders; past the ladder's cap, the reporter, lead and duty officers again at each
 * follow-up interval). Urgent reminders ignore working hours and holidays. Each reminder is
 * keyed (report, due time, step, recipient) in the nudge ledger, so running the same instant
 * twice sends nothing twice. Returns how many reminders were sent.
 */
export async function chaseUrgentFollowUps(deps: Pick<DomainDeps, 'store' | 'rules' | 'timezone'>, now: Date): Promise<number> {
  let sent = 0;
  for (const report of await deps.store.urgent.overdue(now)) {
    const step = chaseStep(report.nextDueAt!, now, deps.rules, report.severity);
    if (!step) continue;
    const overdueMinutes = Math.round((now.getTime() - report.nextDueAt!.getTime()) / 60_000);
    const params = { ...urgentParams(report, deps.timezone), minutes: overdueMinutes };
    const reporters = new Set(await reportersOf(deps.store, report));
    for (const personId of await audienceOf(deps.store, report, step.audience)) {
      const toReporter = reporters.has(personId);
      const message = {
        title: text(toReporter ? 'urgent.chase.reporterTitle' : 'urgent.chase.escalationTitle', params),
        lines: [text(toReporter ? 'urgent.chase.reporter' : 'urgent.chase.escalation', params), text('urgent.line.what', params)],
      };
      const key = { kind: 'urgent.chase', subject: urgentSubject(report.id), slot: `${report.nextDueAt!.toISOString()}#${step.slot}`, recipientId: personId };
      if (await sendNudge(deps.store, key, message, now, { lane: 'urgent' })) sent += 1;
    }
  }
  return sent;
}
