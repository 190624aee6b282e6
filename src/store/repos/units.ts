/** The office's units (Unit) and their own targets (Target). */
import type { UnitsRepo } from '../../domain/org/port.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { sameTargets, toTarget, toUnit, unitSelect, type Tx } from '../records.ts';

export function unitsRepo(db: Tx): UnitsRepo {
  return {
    async byCode(code) {
      const row = await db.unit.findUnique({ where: { code }, select: unitSelect });
      return row ? toUnit(row) : null;
    },
    async list() {
      return (await db.unit.findMany({ select: unitSelect, orderBy: { id: 'asc' } })).map(toUnit);
    },
    async targets(unitId) {
      return (await db.target.findMany({ where: { unitId } })).map(toTarget);
    },
    async upsert(patch, at) {
      const existing = await db.unit.findUnique({ where: { code: patch.code }, include: { targets: true } });
      if (!existing) {
        const unit = await db.unit.create({
          data: {
            code: patch.code,
            name: patch.name!,
            kind: patch.kind!,
            signOff: patch.signOff ?? false,
            active: patch.active ?? true,
            deactivatedAt: patch.active === false ? at : null,
          },
        });
        for (const target of patch.targets ?? []) await db.target.create({ data: { unitId: unit.id, ...target } });
        return { change: 'created', active: unit.active, wasActive: null };
      }
      const data: Prisma.UnitUpdateInput = {};
      if (patch.name !== undefined && patch.name !== existing.name) data.name = patch.name;
      if (patch.kind !== undefined && patch.kind !== existing.kind) data.kind = patch.kind;
      if (patch.signOff !== undefined && patch.signOff !== existing.signOff) data.signOff = patch.signOff;
      if (patch.active !== undefined && patch.active !== existing.active)
        Object.assign(data, { active: patch.active, deactivatedAt: patch.active ? null : at });
      const targetsChanged = patch.targets !== undefined && !sameTargets(existing.targets.map(toTarget), patch.targets);
      if (Object.keys(data).length === 0 && !targetsChanged) return { change: 'unchanged', active: existing.active, wasActive: existing.active };
      if (Object.keys(data).length > 0) await db.unit.update({ where: { id: existing.id }, data });
      if (targetsChanged) {
        await db.target.deleteMany({ where: { unitId: existing.id } });
        for (const target of patch.targets!) await db.target.create({ data: { unitId: existing.id, ...target } });
      }
      return { change: 'updated', active: patch.active ?? existing.active, wasActive: existing.active };
    },
  };
}
