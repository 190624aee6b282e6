/**
 * The quota reminder job (`quota.remind`), a function of `now` and the data (domain rule 5: units
 * below pace are reminded before the period ends, not after). For each period kind whose trigger
 * is due (see quotaTriggers.ts) and each unit behind its pace (see quotaGaps.ts):
 * - its reporters not on leave get the unit's figures: target, done, gap, days left, the pace;
 * - its leads get a summary of who is behind (`quota.summary`);
 * - each person behind on their own target gets their own figures.
 * A unit on pace, with nobody behind on a personal target, gets nothing. After
 * `reminders.capBeforeEscalation` reminders about one period's target to a person, the next goes
 * to their unit's leads instead. Keyed (kind, unit or person and period, day of the trigger,
 * recipient) in the nudge ledger: once a day at most, and after downtime the due trigger is sent
 * if the unit is still behind and skipped if it caught up. The whole sweep reads the data in a
 * few grouped statements and writes in batches.
 */
import type { OutMessage } from '../notify/message.ts';
import type { DomainDeps } from '../ports.ts';
import { capKey, cappedRecipients } from '../reminders/caps.ts';
import { holdsAt } from '../reminders/holds.ts';
import { officeCalendar } from '../reminders/officeCalendar.ts';
import { sendReminders, unsentReminders, type Reminder } from '../reminders/sendReminders.ts';
import { periodContaining } from '../time/index.ts';
import { PERIOD_KINDS } from '../vocabulary.ts';
import { quotaGaps, type Pace, type QuotaGaps } from './quotaGaps.ts';
import { escalation, leadSummary, personReminder, unitReminder } from './quotaMessages.ts';
import { dueQuotaTrigger } from './quotaTriggers.ts';

const QUOTA_KIND = 'quota.remind';
const SUMMARY_KIND = 'quota.summary';

/** A reminder to a reporter or a person, and what its escalation needs. */
type Nudge = Reminder & { escalate: { unitId: number | null; unitName: string; name: string; pace: Pace; gaps: QuotaGaps } };

/** The ledger subject of a unit's or a person's target for a period. */
const unitSubject = (unitId: number, periodKey: string) => `quota:unit:${unitId}:${periodKey}`;
const personSubject = (personId: number, periodKey: string) => `quota:person:${personId}:${periodKey}`;

/** Runs the quota reminders for `now`; returns how many messages were sent. */
export async function remindQuotas(deps: Pick<DomainDeps, 'store' | 'rules' | 'timezone'>, now: Date): Promise<number> {
  const { store, rules } = deps;
  const calendar = officeCalendar(rules, deps.timezone);
  const due = PERIOD_KINDS.flatMap((kind) => {
    const period = periodContaining(kind, now, calendar.tz);
    const trigger = dueQuotaTrigger(period, now, calendar, rules);
    return trigger ? [{ period, trigger }] : [];
  });
  if (due.length === 0) return 0;

  const earliest = new Date(Math.min(...due.map((d) => d.period.start.getTime())));
  const [units, members, targets, leaves, holds] = await Promise.all([
    store.units.list(),
    store.quota.unitMembers(),
    store.quota.ownTargets(),
    store.leave.during(earliest, new Date(now.getTime() + 1)),
    holdsAt(store, now),
  ]);
  const unitNames = new Map(units.map((unit) => [unit.id, unit.name]));

  const nudges: Nudge[] = [];
  const summaries: Reminder[] = [];
  for (const { period, trigger } of due) {
    const counts = await store.quota.submittedCounts(period.start, now);
    const gaps = quotaGaps({ now, calendar, rules, period, trigger, units, members, targets, counts, leaves });
    const slot = trigger.day;
    for (const quota of gaps.units) {
      const subject = unitSubject(quota.unit.id, period.key);
      const { pace } = quota;
      if (pace?.behind) {
        const message = unitReminder({ ...quota, pace }, period, gaps.daysLeft);
        for (const reporter of quota.reporters) {
          nudges.push({
            key: { kind: QUOTA_KIND, subject, slot, recipientId: reporter.personId },
            message,
            escalate: { unitId: quota.unit.id, unitName: quota.unit.name, name: reporter.name, pace, gaps },
          });
        }
      }
      const summary = leadSummary(quota, period, gaps.daysLeft);
      for (const lead of quota.leads) summaries.push({ key: { kind: SUMMARY_KIND, subject, slot, recipientId: lead.personId }, message: summary });
    }
    for (const person of gaps.people) {
      nudges.push({
        key: { kind: QUOTA_KIND, subject: personSubject(person.personId, period.key), slot, recipientId: person.personId },
        message: personReminder(person, period, gaps.daysLeft),
        escalate: {
          unitId: person.unitId,
          unitName: person.unitId === null ? '' : (unitNames.get(person.unitId) ?? ''),
          name: person.name,
          pace: person,
          gaps,
        },
      });
    }
  }

  // The cap: whoever had their share of reminders about a target without catching up is not
  // reminded again; their unit's leads are, once per target and day, naming them.
  const fresh = (await unsentReminders(store, nudges, now, holds)) as Nudge[];
  const capped = await cappedRecipients(
    store,
    rules,
    QUOTA_KIND,
    [...new Set(fresh.map((n) => n.key.subject))].map((subject) => ({ subject })),
  );
  const leadsByUnit = new Map<number, typeof members>();
  for (const m of members) if (m.lead) (leadsByUnit.get(m.unitId) ?? leadsByUnit.set(m.unitId, []).get(m.unitId)!).push(m);
  const leadsOf = (unitId: number | null) => (unitId === null ? [] : (leadsByUnit.get(unitId) ?? []));
  const out: Reminder[] = [...summaries];
  const over = new Map<string, Nudge[]>();
  for (const nudge of fresh) {
    const { subject, recipientId } = nudge.key;
    if (capped.has(capKey(subject, recipientId)) && leadsOf(nudge.escalate.unitId).some((lead) => lead.personId !== recipientId)) {
      (over.get(subject) ?? over.set(subject, []).get(subject)!).push(nudge);
    } else {
      out.push(nudge);
    }
  }
  for (const [subject, list] of over) {
    const { unitId, unitName, pace, gaps } = list[0]!.escalate;
    const message: OutMessage = escalation({
      unitName,
      pace,
      period: gaps.period,
      daysLeft: gaps.daysLeft,
      people: list.map((n) => n.escalate),
      cap: rules.reminders.capBeforeEscalation,
    });
    for (const lead of leadsOf(unitId)) {
      if (list.some((n) => n.key.recipientId === lead.personId)) continue;
      out.push({ key: { kind: QUOTA_KIND, subject, slot: `${gaps.trigger.day}>lead`, recipientId: lead.personId }, message });
    }
  }
  // Quota reminders go to many at once: the bulk lane, behind anything urgent or personal.
  return sendReminders(store, out, now, { lane: 'bulk' });
}
