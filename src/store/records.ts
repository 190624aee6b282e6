/**
 * What every repository shares: the `select` constants and the mappers from Prisma rows to
 * domain records (repositories return domain records, never Prisma models).
 */
import type { ItemRecord, PersonRecord, UnitRecord, UrgentRecord } from '../domain/ports.ts';
import type { Category, ItemStatus, Role, Severity, UnitKind } from '../domain/vocabulary.ts';
import type { Prisma } from './generated/client.ts';

export type Tx = Prisma.TransactionClient;

export const unitSelect = { id: true, code: true, name: true, kind: true, signOff: true, active: true } as const;
export const personSelect = {
  id: true,
  code: true,
  name: true,
  locale: true,
  leaderLevel: true,
  active: true,
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
  adoptions: { where: { deletedAt: null }, select: { publicationCode: true, points: true, adoptedAt: true }, orderBy: { adoptedAt: 'asc' } },
} as const;

export const urgentSelect = {
  id: true,
  reporterId: true,
  what: true,
  place: true,
  occurredAt: true,
  reportedAt: true,
  severity: true,
  casualties: true,
  delayMinutes: true,
  late: true,
  status: true,
  nextDueAt: true,
  closedAt: true,
  unit: { select: unitSelect },
  _count: { select: { updates: true } },
} as const;

export type UnitRow = Prisma.UnitGetPayload<{ select: typeof unitSelect }>;
export type PersonRow = Prisma.PersonGetPayload<{ select: typeof personSelect }>;
export type ItemRow = Prisma.ItemGetPayload<{ select: typeof itemSelect }>;

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
});
export const toItem = (row: ItemRow): ItemRecord => ({
  ...row,
  category: row.category as Category,
  status: row.status as ItemStatus,
});

/** Whether a Prisma error is a unique-constraint violation (P2002). */
export const isUniqueViolation = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';

export type UrgentRow = Prisma.UrgentReportGetPayload<{ select: typeof urgentSelect }>;
export const toUrgent = ({ _count, unit, ...row }: UrgentRow): UrgentRecord => ({
  ...row,
  unit: toUnit(unit),
  severity: row.severity as Severity,
  status: row.status === 'closed' ? 'closed' : 'open',
  updates: _count.updates,
});
