import type { Store } from '../ports.ts';
import { unitAudience } from '../tasks/unitAudience.ts';
import type { CommissionRecord, CommissionUnitRecord } from './port.ts';

/** When a unit's answer is due: its own due time when it has one, else the commission's. */
export const unitDueAt = (commission: Pick<CommissionRecord, 'dueAt'>, row: Pick<CommissionUnitRecord, 'dueAt'>): Date => row.dueAt ?? commission.dueAt;

/**
 * Who is told of a commission for one of its units (docs/instructions-and-commissions.md): the
 * person it was addressed to while they are active and still in that unit, else the unit's
 * reporters (its leads when it has none), as for any commission.
 */
export async function commissionAudience(store: Store, row: Pick<CommissionUnitRecord, 'unit' | 'personId'>): Promise<number[]> {
  const addressee = await addresseeOf(store, row);
  if (addressee !== null) return [addressee];
  return (await unitAudience(store, row.unit.id, false)).map((member) => member.person.id);
}

/** The addressed person's id while they are active and in the row's unit; null otherwise (or when none). */
export async function addresseeOf(store: Store, row: Pick<CommissionUnitRecord, 'unit' | 'personId'>): Promise<number | null> {
  if (row.personId === null) return null;
  const person = await store.people.byId(row.personId);
  return person?.active && person.unit?.id === row.unit.id ? person.id : null;
}
