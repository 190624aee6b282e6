import type { Store } from '../ports.ts';
import type { UrgentRecord } from './port.ts';
import type { Role } from '../vocabulary.ts';

/** The office people alerted to every urgent report: duty officers, editors and leaders (003 篇3). */
export async function officeAlertRecipients(store: Store): Promise<number[]> {
  const groups = await Promise.all((['duty', 'editor', 'leader'] as const).map((role) => store.people.withRole(role)));
  return [...new Set(groups.flat().map((person) => person.id))];
}

/** The people in `audience` for one report: its reporter, the unit's leads, and office roles. */
export async function audienceOf(store: Store, report: UrgentRecord, audience: ('reporter' | Role)[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const who of audience) {
    if (who === 'reporter') ids.add(report.reporterId);
    else if (who === 'lead') for (const p of await store.people.withRole('lead', report.unit.id)) ids.add(p.id);
    else for (const p of await store.people.withRole(who)) ids.add(p.id);
  }
  return [...ids];
}
