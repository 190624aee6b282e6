/** The figures the quota reminders read: the reporting units' members, the own targets, and the submissions. */
import type { OwnTarget, QuotaRepo, UnitMember } from '../../domain/quota/port.ts';
import type { PeriodKind } from '../../domain/vocabulary.ts';
import type { Tx } from '../records.ts';

export function quotaRepo(db: Tx): QuotaRepo {
  return {
    async unitMembers() {
      const rows = await db.person.findMany({
        // Active people of active units: the deactivated are reminded of nothing.
        where: { active: true, unitId: { not: null }, unit: { active: true }, roles: { some: { role: { in: ['reporter', 'lead'] } } } },
        select: { id: true, name: true, unitId: true, createdAt: true, roles: { select: { role: true } } },
        orderBy: { id: 'asc' },
      });
      return rows.map((row): UnitMember => {
        const roles = row.roles.map((r) => r.role);
        return {
          personId: row.id,
          name: row.name,
          unitId: row.unitId!,
          reporter: roles.includes('reporter'),
          lead: roles.includes('lead'),
          since: row.createdAt,
        };
      });
    },
    async ownTargets() {
      const rows = await db.target.findMany({
        orderBy: { id: 'asc' },
        include: { person: { select: { id: true, name: true, unitId: true, active: true, createdAt: true, unit: { select: { active: true } } } } },
      });
      return rows.map(
        (row): OwnTarget => ({
          unitId: row.unitId,
          // A person of a deactivated unit is reminded of nothing, as if deactivated too.
          person: row.person && {
            id: row.person.id,
            name: row.person.name,
            unitId: row.person.unitId,
            active: row.person.active && (row.person.unit?.active ?? true),
            since: row.person.createdAt,
          },
          periodKind: row.periodKind as PeriodKind,
          submitted: row.submitted,
          adopted: row.adopted,
        }),
      );
    },
    async submittedCounts(from, to) {
      const groups = await db.item.groupBy({
        by: ['unitId', 'authorId'],
        where: { submittedAt: { gte: from, lt: to }, status: { not: 'withdrawn' } },
        _count: { _all: true },
      });
      return groups.map((group) => ({ unitId: group.unitId, authorId: group.authorId, count: group._count._all }));
    },
  };
}
