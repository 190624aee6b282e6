import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ItemRecord } from './port.ts';
import { maySearch } from './rights.ts';

/** The latest items this person may read (the choices of a bare /item): every item for office staff, else their unit's. */
export async function listReadableItems(deps: Pick<DomainDeps, 'store'>, input: { viewer: PersonRecord; limit: number }): Promise<ItemRecord[]> {
  const { viewer, limit } = input;
  if (maySearch(viewer)) return deps.store.items.list({}, limit);
  if (!viewer.unit || !viewer.roles.some((role) => role === 'reporter' || role === 'lead')) return [];
  return deps.store.items.list({ unitId: viewer.unit.id }, limit);
}
