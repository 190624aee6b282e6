/** The office's people (Person) and their roles (PersonRole). */
import type { PeopleRepo } from '../../domain/org/port.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { personSelect, sameTargets, toPerson, toTarget, type Tx } from '../records.ts';

/** A person with their unit, one row per role, as `byIdentity` reads them. */
type IdentityRow = {
  id: number;
  code: string;
  name: string;
  locale: string | null;
  leaderLevel: string | null;
  active: boolean | number;
  deactivatedAt: Date | string | null;
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
  unitKind: string | null;
  unitSignOff: boolean | number | null;
  unitActive: boolean | number | null;
  unitDeactivatedAt: Date | string | null;
  role: string | null;
};

/** A raw statement's time (a Date, or the stored ISO text). */
const instant = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

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
        SELECT p."id", p."code", p."name", p."locale", p."leaderLevel", p."active", p."deactivatedAt",
               u."id" AS "unitId", u."code" AS "unitCode", u."name" AS "unitName", u."kind" AS "unitKind",
               u."signOff" AS "unitSignOff", u."active" AS "unitActive", u."deactivatedAt" AS "unitDeactivatedAt", r."role"
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
        deactivatedAt: instant(row.deactivatedAt),
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
                deactivatedAt: instant(row.unitDeactivatedAt),
              },
        roles: rows.filter((each) => each.role !== null).map((each) => ({ role: each.role! })),
      });
    },
    async withRole(role, unitId) {
      // Active people only, and only of an active unit (or of none): the deactivated get no reminders or alerts.
      const rows = await db.person.findMany({
        where: {
          active: true,
          roles: { some: { role } },
          ...(unitId === undefined ? { OR: [{ unitId: null }, { unit: { active: true } }] } : { unitId, unit: { active: true } }),
        },
        select: personSelect,
        orderBy: { id: 'asc' },
      });
      return rows.map(toPerson);
    },
    async all() {
      return (await db.person.findMany({ select: personSelect, orderBy: { id: 'asc' } })).map(toPerson);
    },
    async targets(personId) {
      return (await db.target.findMany({ where: { personId }, orderBy: { id: 'asc' } })).map(toTarget);
    },
    async upsert(patch, at) {
      const unitId =
        patch.unitCode === undefined ? undefined : patch.unitCode === null ? null : (await db.unit.findUniqueOrThrow({ where: { code: patch.unitCode } })).id;
      const roles = patch.roles ? [...new Set(patch.roles)].sort() : undefined;
      const existing = await db.person.findUnique({ where: { code: patch.code }, include: { roles: true, targets: true } });
      if (!existing) {
        const person = await db.person.create({
          data: {
            code: patch.code,
            name: patch.name!,
            unitId: unitId ?? null,
            leaderLevel: patch.leaderLevel ?? null,
            active: patch.active ?? true,
            deactivatedAt: patch.active === false ? at : null,
            // Added as of the import: the quota pace counts from here (docs/reminders.md).
            createdAt: at,
          },
        });
        for (const role of roles ?? []) await db.personRole.create({ data: { personId: person.id, role } });
        for (const target of patch.targets ?? []) await db.target.create({ data: { personId: person.id, ...target } });
        return { change: 'created', active: person.active, wasActive: null };
      }
      const data: Prisma.PersonUpdateInput = {};
      if (patch.name !== undefined && patch.name !== existing.name) data.name = patch.name;
      if (unitId !== undefined && unitId !== existing.unitId) data.unit = unitId === null ? { disconnect: true } : { connect: { id: unitId } };
      if (patch.leaderLevel !== undefined && patch.leaderLevel !== existing.leaderLevel) data.leaderLevel = patch.leaderLevel;
      if (patch.active !== undefined && patch.active !== existing.active)
        Object.assign(data, { active: patch.active, deactivatedAt: patch.active ? null : at });
      const rolesChanged = roles !== undefined && JSON.stringify(existing.roles.map((r) => r.role).sort()) !== JSON.stringify(roles);
      const targetsChanged = patch.targets !== undefined && !sameTargets(existing.targets.map(toTarget), patch.targets);
      if (Object.keys(data).length === 0 && !rolesChanged && !targetsChanged)
        return { change: 'unchanged', active: existing.active, wasActive: existing.active };
      if (Object.keys(data).length > 0) await db.person.update({ where: { id: existing.id }, data });
      if (rolesChanged) {
        await db.personRole.deleteMany({ where: { personId: existing.id } });
        for (const role of roles) await db.personRole.create({ data: { personId: existing.id, role } });
      }
      if (targetsChanged) {
        await db.target.deleteMany({ where: { personId: existing.id } });
        for (const target of patch.targets!) await db.target.create({ data: { personId: existing.id, ...target } });
      }
      return { change: 'updated', active: patch.active ?? existing.active, wasActive: existing.active };
    },
    async setLocale(personId, locale) {
      await db.person.update({ where: { id: personId }, data: { locale } });
    },
    async isBound(personId) {
      return (await db.chatIdentity.count({ where: { personId } })) > 0;
    },
    async feedbackNotices(personId) {
      return (await db.person.findUnique({ where: { id: personId }, select: { feedbackNotices: true } }))?.feedbackNotices ?? false;
    },
    async setFeedbackNotices(personId, on) {
      await db.person.update({ where: { id: personId }, data: { feedbackNotices: on } });
    },
  };
}
