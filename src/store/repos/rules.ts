/** The office's rules versions (RulesVersion) and the re-pricing of points already earned. */
import type { TimeRange } from '../../domain/ports.ts';
import type { RulesRepo } from '../../domain/rules/port.ts';
import type { Tx } from '../records.ts';
import { isUniqueViolation } from '../uniqueViolation.ts';

const adoptedIn = (range?: TimeRange) => (range ? { adoptedAt: { gte: range.from, lt: range.to } } : {});
const createdIn = (range?: TimeRange) => (range ? { createdAt: { gte: range.from, lt: range.to } } : {});

export function rulesRepo(db: Tx): RulesRepo {
  return {
    async active() {
      const row = await db.rulesVersion.findFirst({ orderBy: { version: 'desc' }, select: { version: true, source: true } });
      return row ? { version: row.version, rules: JSON.parse(row.source) as unknown } : null;
    },
    async add(version, rules, loadedBy, at) {
      try {
        await db.rulesVersion.create({ data: { version, source: JSON.stringify(rules), loadedBy, loadedAt: at } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async list() {
      return db.rulesVersion.findMany({ orderBy: { version: 'asc' }, select: { version: true, loadedAt: true, loadedBy: true } });
    },
    async pointsTotals(range) {
      const [adoptions, instructions] = await Promise.all([
        db.adoption.aggregate({ where: { deletedAt: null, ...adoptedIn(range) }, _sum: { points: true } }),
        db.instruction.aggregate({ where: createdIn(range), _sum: { bonusPoints: true } }),
      ]);
      return { adoptions: adoptions._sum.points ?? 0, instructions: instructions._sum.bonusPoints ?? 0 };
    },
    async repriceAdoptions(publicationCode, points, rulesVersion, range) {
      const { count } = await db.adoption.updateMany({
        where: { publicationCode, deletedAt: null, ...adoptedIn(range), OR: [{ points: { not: points } }, { rulesVersion: { not: rulesVersion } }] },
        data: { points, rulesVersion },
      });
      return count;
    },
    async repriceInstructions(leaderLevel, points, rulesVersion, range) {
      const { count } = await db.instruction.updateMany({
        where: { leaderLevel, ...createdIn(range), OR: [{ bonusPoints: { not: points } }, { rulesVersion: { not: rulesVersion } }] },
        data: { bonusPoints: points, rulesVersion },
      });
      return count;
    },
    async countAdoptionsOutside(codes, range) {
      return db.adoption.count({ where: { deletedAt: null, publicationCode: { notIn: codes }, ...adoptedIn(range) } });
    },
  };
}
