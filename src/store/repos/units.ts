/** The office's units (Unit) and their own targets (Target). */
import type { TargetSpec, UnitsRepo } from '../../domain/org/port.ts';
import type { PeriodKind } from '../../domain/vocabulary.ts';
import { toUnit, unitSelect, type Tx } from '../records.ts';

const toTarget = (row: { periodKind: string; submitted: number | null; adopted: number | null }): TargetSpec => ({
  periodKind: row.periodKind as PeriodKind,
  submitted: row.submitted,
  adopted: row.adopted,
});

const sameTargets = (a: TargetSpec[], b: TargetSpec[]) =>
  JSON.stringify([...a].sort((x, y) => x.periodKind.localeCompare(y.periodKind))) ===
  JSON.stringify([...b].sort((x, y) => x.periodKind.localeCompare(y.periodKind)));

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
    async upsert(spec) {
      const existing = await db.unit.findUnique({ where: { code: spec.code }, include: { targets: true } });
      if (
        existing &&
        existing.name === spec.name &&
        existing.kind === spec.kind &&
        existing.signOff === spec.signOff &&
        existing.active &&
        sameTargets(existing.targets.map(toTarget), spec.targets)
      ) {
        return false;
      }
      const unit = await db.unit.upsert({
        where: { code: spec.code },
        create: { code: spec.code, name: spec.name, kind: spec.kind, signOff: spec.signOff },
        update: { name: spec.name, kind: spec.kind, signOff: spec.signOff, active: true },
      });
      await db.target.deleteMany({ where: { unitId: unit.id } });
      for (const target of spec.targets) {
        await db.target.create({ data: { unitId: unit.id, periodKind: target.periodKind, submitted: target.submitted, adopted: target.adopted } });
      }
      return true;
    },
  };
}
