/**
 * What every repository shares: the `select` constants and the mappers from Prisma rows to
 * domain records (repositories return domain records, never Prisma models).
 */
import type { ItemRecord } from '../domain/items/port.ts';
import type { PersonRecord, TargetSpec, UnitRecord } from '../domain/org/port.ts';
import type { Category, ItemStatus, PeriodKind, Role, UnitKind } from '../domain/vocabulary.ts';
import type { Prisma } from './generated/sqlite/client.ts';

export type Tx = Prisma.TransactionClient;

export const unitSelect = { id: true, code: true, name: true, kind: true, signOff: true, active: true, deactivatedAt: true } as const;
export const personSelect = {
  id: true,
  code: true,
  name: true,
  locale: true,
  leaderLevel: true,
  active: true,
  deactivatedAt: true,
  unit: { select: unitSelect },
  roles: { select: { role: true } },
} as const;
export const itemSelect = {
  id: true,
  title: true,
  body: true,
  category: true,
  status: true,
  authorId: true,
  unitId: true,
  commissionId: true,
  createdAt: true,
  submittedAt: true,
  reviewNote: true,
  version: true,
  revisedAt: true,
  withdrawnAt: true,
  adoptions: { where: { deletedAt: null }, select: { publicationCode: true, points: true, adoptedAt: true }, orderBy: { adoptedAt: 'asc' } },
} as const;

type UnitRow = Prisma.UnitGetPayload<{ select: typeof unitSelect }>;
type PersonRow = Prisma.PersonGetPayload<{ select: typeof personSelect }>;
type ItemRow = Prisma.ItemGetPayload<{ select: typeof itemSelect }>;

export const toUnit = (row: UnitRow): UnitRecord => ({ ...row, kind: row.kind as UnitKind });
export const toPerson = (row: PersonRow): PersonRecord => ({
  id: row.id,
  code: row.code,
  name: row.name,
  unit: row.unit ? toUnit(row.unit) : null,
  roles: row.roles.map((r) => r.role as Role).sort(),
  locale: row.locale === 'en' || row.locale === 'zh-CN' ? row.locale : null,
  leaderLevel: row.leaderLevel,
  active: row.active,
  deactivatedAt: row.deactivatedAt,
});
export const toTarget = (row: { periodKind: string; submitted: number | null; adopted: number | null }): TargetSpec => ({
  periodKind: row.periodKind as PeriodKind,
  submitted: row.submitted,
  adopted: row.adopted,
});
/** Whether two sets of targets (a unit's or a person's) are the same, whatever their order. */
export const sameTargets = (a: TargetSpec[], b: TargetSpec[]) => {
  const sorted = (list: TargetSpec[]) => JSON.stringify([...list].sort((x, y) => x.periodKind.localeCompare(y.periodKind)).map(toTarget));
  return sorted(a) === sorted(b);
};
export const toItem = (row: ItemRow): ItemRecord => ({
  ...row,
  category: row.category as Category,
  status: row.status as ItemStatus,
});
