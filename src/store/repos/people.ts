/** The office's people (Person) and their roles (PersonRole). */
import type { PeopleRepo } from '../../domain/org/port.ts';
import { personSelect, toPerson, type Tx } from '../records.ts';

/** A person with their unit, one row per role, as `byIdentity` reads them. */
type IdentityRow = {
  id: number;
  code: string;
  name: string;
  locale: string | null;
  leaderLevel: string | null;
  active: boolean | number;
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
  unitKind: string | null;
  unitSignOff: boolean | number | null;
  unitActive: boolean | number | null;
  role: string | null;
};

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
      // Every update starts here, so it is one statement (a row per role) rather than Prisma's
      // four (identity, person, unit, roles).
      const rows = await db.$queryRaw<IdentityRow[]>`
        SELECT p."id", p."code", p."name", p."locale", p."leaderLevel", p."active",
               u."id" AS "unitId", u."code" AS "unitCode", u."name" AS "unitName", u."kind" AS "unitKind",
               u."signOff" AS "unitSignOff", u."active" AS "unitActive", r."role"
        FROM "ChatIdentity" ci
        JOIN "Person" p ON p."id" = ci."personId"
        LEFT JOIN "Unit" u ON u."id" = p."unitId"
        LEFT JOIN "PersonRole" r ON r."personId" = p."id"
        WHERE ci."platform" = ${platform} AND ci."platformUserId" = ${platformUserId}`;
      const [row] = rows;
      if (!row) return null;
      return toPerson({
        id: row.id,
        code: row.code,
        name: row.name,
        locale: row.locale,
        leaderLevel: row.leaderLevel,
        active: Boolean(row.active),
        unit:
          row.unitId === null
            ? null
            : {
                id: row.unitId,
                code: row.unitCode!,
                name: row.unitName!,
                kind: row.unitKind!,
                signOff: Boolean(row.unitSignOff),
                active: Boolean(row.unitActive),
              },
        roles: rows.filter((each) => each.role !== null).map((each) => ({ role: each.role! })),
      });
    },
    async withRole(role, unitId) {
      const rows = await db.person.findMany({
        where: { active: true, roles: { some: { role } }, ...(unitId === undefined ? {} : { unitId }) },
        select: personSelect,
        orderBy: { id: 'asc' },
      });
      return rows.map(toPerson);
    },
    async upsert(spec, at) {
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
        create: { code: spec.code, name: spec.name, unitId, leaderLevel: spec.leaderLevel, createdAt: at },
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
