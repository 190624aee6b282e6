import type { Store } from '../ports.ts';
import type { UrgentRecord } from './port.ts';
import type { Role } from '../vocabulary.ts';

/** The office people alerted to every urgent report: duty officers, editors and leaders (003 篇3). */
export async function officeAlertRecipients(store: Store): Promise<number[]> {
  const { duty, others } = await officeAlertGroups(store);
  return [...duty, ...others];
}

/**
 * The same people in two groups: the duty officers, whose alert carries the duty desk's buttons
 * (docs/urgent.md#the-duty-desk), and the editors and leaders who are not also duty officers.
 */
export async function officeAlertGroups(store: Store): Promise<{ duty: number[]; others: number[] }> {
  const [duty, editors, leaders] = await Promise.all((['duty', 'editor', 'leader'] as const).map((role) => store.people.withRole(role)));
  const dutyIds = new Set(duty!.map((person) => person.id));
  const others = new Set([...editors!, ...leaders!].map((person) => person.id).filter((id) => !dutyIds.has(id)));
  return { duty: [...dutyIds], others: [...others] };
}

/**
 * Who answers for a report's follow-ups as its reporter: the reporter who sent it, or for a report
 * the duty office logged from a phone call, the unit's reporters (docs/urgent.md#the-duty-desk).
 */
export async function reportersOf(store: Store, report: UrgentRecord): Promise<number[]> {
  if (report.channel !== 'phone') return [report.reporterId];
  return (await store.people.withRole('reporter', report.unit.id)).map((person) => person.id);
}

/** The people in `audience` for one report: its reporter(s), the unit's leads, and office roles. */
export async function audienceOf(store: Store, report: UrgentRecord, audience: ('reporter' | Role)[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const who of audience) {
    if (who === 'reporter') for (const id of await reportersOf(store, report)) ids.add(id);
    else if (who === 'lead') for (const p of await store.people.withRole('lead', report.unit.id)) ids.add(p.id);
    else for (const p of await store.people.withRole(who)) ids.add(p.id);
  }
  return [...ids];
}
