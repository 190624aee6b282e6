/** The office's people (Person) and their roles (PersonRole). */
import type { PeopleRepo } from '../../domain/org/port.ts';
import { personSelect, toPerson, type Tx } from '../records.ts';

export function peopleRepo(db: Tx): PeopleRepo {
  return {
    async byId(id) {
      const row = await db.person.findUnique({ where: { id }, select: personSelect });
      return row ? toPerson(row) : null;
    },
    async byCode(code) {
      const row = await db.person.findUnique({ where: { code }, select: personSelect });
      return row ? toPerson(row) : null;
    },
    async byIdentity(platform, platformUserId) {
      const row = await db.chatIdentity.findUnique({
        where: { platform_platformUserId: { platform, platformUserId } },
        select: { person: { select: personSelect } },
      });
      return row ? toPerson(row.person) : null;
    },
    async withRole(role, unitId) {
      const rows = await db.person.findMany({
        where: { active: true, roles: { some: { role } }, ...(unitId === undefined ? {} : { unitId }) },
        select: personSelect,
        orderBy: { id: 'asc' },
      });
      return rows.map(toPerson);
    },
    async upsert(spec) {
      const unitId = spec.unitCode ? (await db.unit.findUniqueOrThrow({ where: { code: spec.unitCode } })).id : null;
      const existing = await db.person.findUnique({ where: { code: spec.code }, include: { roles: true } });
      const roles = [...new Set(spec.roles)].sort();
      if (
        existing &&
        existing.name === spec.name &&
        existing.unitId === unitId &&
        existing.leaderLevel === spec.leaderLevel &&
        existing.active &&
        JSON.stringify(existing.roles.map((r) => r.role).sort()) === JSON.stringify(roles)
      ) {
        return false;
      }
      const person = await db.person.upsert({
        where: { code: spec.code },
        create: { code: spec.code, name: spec.name, unitId, leaderLevel: spec.leaderLevel },
        update: { name: spec.name, unitId, leaderLevel: spec.leaderLevel, active: true },
      });
      await db.personRole.deleteMany({ where: { personId: person.id } });
      for (const role of roles) await db.personRole.create({ data: { personId: person.id, role } });
      return true;
    },
    async setLocale(personId, locale) {
      await db.person.update({ where: { id: personId }, data: { locale } });
    },
    async isBound(personId) {
      return (await db.chatIdentity.count({ where: { personId } })) > 0;
    },
  };
}
