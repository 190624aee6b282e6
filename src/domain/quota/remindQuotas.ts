/**
 * The quota reminder job (`quota.remind`), a function of `now` and the data (domain rule 5: units
 * below pace are reminded before the period ends, not after). For the day's round (see
 * quotaTriggers.ts: every period — week, month, quarter, year — with a trigger that day) and each
 * unit behind its pace (see quotaGaps.ts):
 * - its reporters not on leave get the unit's figures: target, done, gap, days left, the pace;
 * - its leads get a summary of who is behind (`quota.summary`);
 * - each person behind on their own target gets their own figures.
 * A unit on pace, with nobody behind on a personal target, gets nothing. After
 * `reminders.capBeforeEscalation` reminders about one period's target to a person, the next goes
 * to their unit's leads instead.
 *
 * **One message a person a day.** Whatever is due for a person that day — several periods,
 * several units, a summary and an escalation — goes as one message, recorded in the nudge ledger
 * under (quota.remind, `quota`, the day, the person), and each part under its own key (kind, unit or
 * person and period, day of the trigger, recipient) as before, so each part is sent once and
 * counts towards the cap. After downtime the due round is sent if the unit is still behind and
 * skipped if it caught up. The whole sweep reads the data in a few grouped statements and writes
 * in batches.
 */
import type { OutMessage } from '../notify/message.ts';
import type { DomainDeps } from '../ports.ts';
import { capKey, cappedRecipients } from '../reminders/caps.ts';
import { holdsAt } from '../reminders/holds.ts';
import { nudgeKey, type NudgeKey } from '../reminders/nudgeKey.ts';
import { officeCalendar } from '../reminders/officeCalendar.ts';
import { sendReminders, type Reminder } from '../reminders/sendReminders.ts';
import { GO_LIVE_SETTING } from '../settings/port.ts';
import { officeStart } from '../org/goLive.ts';
import { localDateKey } from '../time/index.ts';
import { PERIOD_KINDS } from '../vocabulary.ts';
import { quotaGaps, type Pace, type QuotaGaps } from './quotaGaps.ts';
import { dailyMessage, escalation, leadSummary, personReminder, unitReminder } from './quotaMessages.ts';
import { dueQuotaRound } from './quotaTriggers.ts';

const QUOTA_KIND = 'quota.remind';
const SUMMARY_KIND = 'quota.summary';

/** The ledger subject of a unit's or a person's target for a period. */
const unitSubject = (unitId: number, periodKey: string) => `quota:unit:${unitId}:${periodKey}`;
const personSubject = (personId: number, periodKey: string) => `quota:person:${personId}:${periodKey}`;
/** The ledger key of a person's one quota message of a day. */
const dayKey = (recipientId: number, day: string): NudgeKey => ({ kind: QUOTA_KIND, subject: 'quota', slot: day, recipientId });

/** One part of a person's message: what it says, the key it is recorded under, where it goes in the message. */
type Part = { key: NudgeKey; message: OutMessage; order: number; escalate?: { unitId: number | null; name: string; pace: Pace; gaps: QuotaGaps } };

/** Runs the quota reminders for `now`; returns how many messages were sent. */
export async function remindQuotas(deps: Pick<DomainDeps, 'store' | 'rules' | 'timezone'>, now: Date): Promise<number> {
  const { store, rules } = deps;
  const calendar = officeCalendar(rules, deps.timezone);
  const round = dueQuotaRound(now, calendar, rules);
  if (!round || round.due.length === 0) return 0;

  const earliest = new Date(Math.min(...round.due.map((d) => d.period.start.getTime())));
  const [units, members, targets, leaves, holds, goLive] = await Promise.all([
    store.units.list(),
    store.quota.unitMembers(),
    store.quota.ownTargets(),
    store.leave.during(earliest, new Date(now.getTime() + 1)),
    holdsAt(store, now),
    store.settings.get(GO_LIVE_SETTING),
  ]);
  const start = officeStart(rules, goLive, calendar.tz);
  const leadsByUnit = new Map<number, typeof members>();
  for (const m of members) if (m.lead) (leadsByUnit.get(m.unitId) ?? leadsByUnit.set(m.unitId, []).get(m.unitId)!).push(m);
  const leadsOf = (unitId: number | null) => (unitId === null ? [] : (leadsByUnit.get(unitId) ?? []));

  const parts: Part[] = [];
  for (const { period, trigger } of round.due) {
    const counts = await store.quota.submittedCounts(period.start, now);
    const gaps = quotaGaps({ now, calendar, rules, period, trigger, units, members, targets, counts, leaves, officeStart: start });
    const order = PERIOD_KINDS.indexOf(period.kind as (typeof PERIOD_KINDS)[number]) * 10;
    const slot = trigger.day;
    for (const person of gaps.people) {
      parts.push({
        key: { kind: QUOTA_KIND, subject: personSubject(person.personId, period.key), slot, recipientId: person.personId },
        message: personReminder(person, period, gaps.daysLeft),
        order,
        escalate: { unitId: person.unitId, name: person.name, pace: person, gaps },
      });
    }
    for (const quota of gaps.units) {
      const subject = unitSubject(quota.unit.id, period.key);
      const { pace } = quota;
      if (pace?.behind) {
        const message = unitReminder({ ...quota, pace }, period, gaps.daysLeft);
        for (const reporter of quota.reporters) {
          parts.push({
            key: { kind: QUOTA_KIND, subject, slot, recipientId: reporter.personId },
            message,
            order: order + 1,
            escalate: { unitId: quota.unit.id, name: reporter.name, pace, gaps },
          });
        }
      }
      const summary = leadSummary(quota, period, gaps.daysLeft);
      for (const lead of quota.leads)
        parts.push({ key: { kind: SUMMARY_KIND, subject, slot, recipientId: lead.personId }, message: summary, order: order + 2 });
    }
  }

  // What is sent already: each part, and each person's message of today, in one read.
  const today = localDateKey(now, calendar.tz);
  const keys = new Set<string>();
  for (const part of parts) keys.add(nudgeKey(part.key)).add(nudgeKey(dayKey(part.key.recipientId, today)));
  const claimed = await store.nudges.claimedKeys([...keys]);
  const held = (recipientId: number, kind: string) => holds.isHeld(recipientId, QUOTA_KIND) || holds.isHeld(recipientId, kind);
  const seen = new Set<string>();
  const fresh = parts.filter((part) => {
    const key = nudgeKey(part.key);
    if (seen.has(key) || claimed.has(key) || held(part.key.recipientId, part.key.kind)) return false;
    seen.add(key);
    return true;
  });

  // The cap: whoever had their share of reminders about a target without catching up is not
  // reminded again; their unit's leads are, once per target and day, naming them.
  const capped = await cappedRecipients(
    store,
    rules,
    QUOTA_KIND,
    [...new Set(fresh.filter((part) => part.escalate).map((part) => part.key.subject))].map((subject) => ({ subject })),
  );
  const kept: Part[] = [];
  const over = new Map<string, Part[]>();
  for (const part of fresh) {
    const { subject, recipientId } = part.key;
    if (part.escalate && capped.has(capKey(subject, recipientId)) && leadsOf(part.escalate.unitId).some((lead) => lead.personId !== recipientId)) {
      (over.get(subject) ?? over.set(subject, []).get(subject)!).push(part);
    } else {
      kept.push(part);
    }
  }
  // Escalations (rare): what of them is sent already, in a second read.
  const escalationKey = (part: Part, leadId: number): NudgeKey => ({ ...part.key, slot: `${round.day}>lead`, recipientId: leadId });
  if (over.size > 0) {
    const more = [...over.values()].flatMap(([first]) =>
      leadsOf(first!.escalate!.unitId).flatMap((lead) => [nudgeKey(escalationKey(first!, lead.personId)), nudgeKey(dayKey(lead.personId, today))]),
    );
    for (const key of await store.nudges.claimedKeys(more)) claimed.add(key);
  }
  for (const list of over.values()) {
    const first = list[0]!;
    const { unitId, pace, gaps } = first.escalate!;
    const message = escalation({
      unitName: units.find((unit) => unit.id === unitId)?.name ?? '',
      pace,
      period: gaps.period,
      daysLeft: gaps.daysLeft,
      people: list.map((part) => part.escalate!),
      cap: rules.reminders.capBeforeEscalation,
    });
    for (const lead of leadsOf(unitId)) {
      const key = escalationKey(first, lead.personId);
      if (list.some((part) => part.key.recipientId === lead.personId) || claimed.has(nudgeKey(key)) || held(lead.personId, QUOTA_KIND)) continue;
      kept.push({ key, message, order: first.order + 3 });
    }
  }

  // One message a person: their parts in order, unless they had today's already.
  const byRecipient = new Map<number, Part[]>();
  for (const part of kept) (byRecipient.get(part.key.recipientId) ?? byRecipient.set(part.key.recipientId, []).get(part.key.recipientId)!).push(part);
  const reminders: Reminder[] = [];
  for (const [recipientId, mine] of byRecipient) {
    const key = dayKey(recipientId, today);
    if (claimed.has(nudgeKey(key))) continue;
    mine.sort((a, b) => a.order - b.order);
    reminders.push({ key, message: dailyMessage(mine.map((part) => part.message)), also: mine.map((part) => part.key) });
  }
  // Quota reminders go to many at once: the bulk lane, behind anything urgent or personal.
  return sendReminders(store, reminders, now, { lane: 'bulk' });
}
