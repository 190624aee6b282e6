/** Who an issue goes to: the leaders, and the reporters and leads of the units whose items are in it (docs/bulletins.md#issuing). */
import type { PersonRecord } from '../org/port.ts';
import type { Store } from '../ports.ts';

/** The names printed at an issue's foot: 报送 the leaders, 分送 the units in it (in the issue's order). */
export async function audienceNames(store: Store, items: { unit: { id: number; name: string } }[]): Promise<{ leaders: string[]; units: string[] }> {
  const leaders = (await store.people.withRole('leader')).filter((person) => person.active);
  return { leaders: leaders.map((person) => person.name), units: [...new Set(items.map((item) => item.unit.name))] };
}

/** The people an issue is sent to: leaders (office staff), and each unit's reporters and leads; a person is sent it once, as a unit member if they have a unit in it. */
export async function issueAudience(store: Store, unitIds: number[]): Promise<{ leaders: PersonRecord[]; units: Map<number, PersonRecord[]> }> {
  const [leaders, reporters, leads] = await Promise.all([store.people.withRole('leader'), store.people.withRole('reporter'), store.people.withRole('lead')]);
  const units = new Map(unitIds.map((id) => [id, [] as PersonRecord[]]));
  const seen = new Set<number>();
  for (const person of [...reporters, ...leads]) {
    const group = person.unit ? units.get(person.unit.id) : undefined;
    if (!group || seen.has(person.id) || !person.active) continue;
    seen.add(person.id);
    group.push(person);
  }
  return { leaders: leaders.filter((person) => person.active && !seen.has(person.id)), units };
}
