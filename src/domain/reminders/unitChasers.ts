/**
 * Chasers addressed to units (a commission not answered, a leader instruction without feedback),
 * sent as one sweep: the units' reporters and leads are read once, the ledger once, the caps in
 * one grouped read, and the messages go in batches (see sendReminders.ts).
 */
import type { OutMessage } from '../notify/message.ts';
import type { DomainDeps } from '../ports.ts';
import type { UnitMember } from '../quota/port.ts';
import { capKey, cappedRecipients } from './caps.ts';
import { sendReminders, unsentReminders, type Reminder } from './sendReminders.ts';

/** One chaser due now for one unit. */
export type UnitChaser = {
  kind: string;
  subject: string;
  slot: string;
  unitId: number;
  /** Whether the unit's leads are told as well. */
  escalate: boolean;
  /** The one person of the unit chased instead of its reporters (a commission addressed to them). */
  personId?: number;
  /** Reminders before this do not count towards the cap (the last answer that did not end it). */
  since?: Date;
  message(asLead: boolean): OutMessage;
};

type Member = { personId: number; asLead: boolean };

/**
 * Who in a unit hears a chaser: its reporters, and its leads when `withLeads` (or when the unit
 * has no reporter, so it still reaches someone); a lead who is also a reporter is told as a reporter.
 * With `personId` (a commission addressed to one person), that person instead of the reporters.
 */
function chaserAudience(members: UnitMember[], withLeads: boolean, personId?: number): Member[] {
  if (personId !== undefined) {
    const leads = withLeads ? members.filter((m) => m.lead && m.personId !== personId) : [];
    return [{ personId, asLead: false }, ...leads.map((m) => ({ personId: m.personId, asLead: true }))];
  }
  const reporters = members.filter((m) => m.reporter);
  const leads = withLeads || reporters.length === 0 ? members.filter((m) => m.lead && !m.reporter) : [];
  return [...reporters.map((m) => ({ personId: m.personId, asLead: false })), ...leads.map((m) => ({ personId: m.personId, asLead: true }))];
}

/**
 * Sends the chasers due now. After the cap (`reminders.capBeforeEscalation`) a reporter's chaser
 * goes to the unit's leads instead; a unit without a lead keeps chasing its reporters.
 * Returns how many messages were sent.
 */
export async function sendUnitChasers(deps: Pick<DomainDeps, 'store' | 'rules'>, chasers: UnitChaser[], now: Date): Promise<number> {
  if (chasers.length === 0) return 0;
  const byUnit = new Map<number, UnitMember[]>();
  for (const member of await deps.store.quota.unitMembers()) (byUnit.get(member.unitId) ?? byUnit.set(member.unitId, []).get(member.unitId)!).push(member);
  const reminderOf = (chaser: UnitChaser, member: Member): Reminder & { chaser: UnitChaser; asLead: boolean } => ({
    key: { kind: chaser.kind, subject: chaser.subject, slot: chaser.slot, recipientId: member.personId },
    message: chaser.message(member.asLead),
    chaser,
    asLead: member.asLead,
  });
  const all = chasers.flatMap((chaser) =>
    chaserAudience(byUnit.get(chaser.unitId) ?? [], chaser.escalate, chaser.personId).map((member) => reminderOf(chaser, member)),
  );
  const fresh = (await unsentReminders(deps.store, all, now)) as typeof all;
  // The cap, for the reporters about to be chased again.
  const toReporters = fresh.filter((r) => !r.asLead);
  const kinds = new Set(toReporters.map((r) => r.chaser.kind));
  const capped = new Set<string>();
  for (const kind of kinds) {
    const subjects = [
      ...new Map(
        toReporters.filter((r) => r.chaser.kind === kind).map((r) => [r.chaser.subject, { subject: r.chaser.subject, since: r.chaser.since }]),
      ).values(),
    ];
    for (const key of await cappedRecipients(deps.store, deps.rules, kind, subjects)) capped.add(`${kind}|${key}`);
  }
  const isCapped = (r: (typeof all)[number]) => !r.asLead && capped.has(`${r.chaser.kind}|${capKey(r.chaser.subject, r.key.recipientId)}`);
  const out: Reminder[] = [];
  const escalated = new Set<UnitChaser>();
  for (const r of fresh) {
    if (!isCapped(r)) {
      out.push(r);
      continue;
    }
    const leads = (byUnit.get(r.chaser.unitId) ?? []).filter((m) => m.lead && m.personId !== r.key.recipientId);
    if (leads.length === 0) out.push(r);
    else if (!escalated.has(r.chaser)) {
      escalated.add(r.chaser);
      out.push(...leads.map((lead) => reminderOf(r.chaser, { personId: lead.personId, asLead: true })));
    }
  }
  return sendReminders(deps.store, out, now);
}
