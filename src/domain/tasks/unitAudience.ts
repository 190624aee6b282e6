import type { PersonRecord } from '../org/port.ts';
import type { Store } from '../ports.ts';

/**
 * Who in a unit hears about its tasks: its reporters, and its leads when `withLeads` (or when
 * the unit has no reporter, so the message still reaches someone). Each person once, with
 * whether they are told as a lead (and not as a reporter).
 */
export async function unitAudience(store: Store, unitId: number, withLeads: boolean): Promise<{ person: PersonRecord; asLead: boolean }[]> {
  const reporters = await store.people.withRole('reporter', unitId);
  const leads = withLeads || reporters.length === 0 ? await store.people.withRole('lead', unitId) : [];
  const seen = new Set(reporters.map((person) => person.id));
  return [
    ...reporters.map((person) => ({ person, asLead: false })),
    ...leads.filter((person) => !seen.has(person.id)).map((person) => ({ person, asLead: true })),
  ];
}
