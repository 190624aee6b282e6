/** Platform updates already processed (ProcessedUpdate), unique per platform and update id. */
import type { ProcessedRepo } from '../../domain/chatState/port.ts';
import type { Tx } from '../records.ts';
import { isUniqueViolation } from '../uniqueViolation.ts';

export function processedRepo(db: Tx): ProcessedRepo {
  return {
    async markOnce(platform, updateId) {
      try {
        await db.processedUpdate.create({ data: { platform, updateId } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async forget(platform, updateId) {
      await db.processedUpdate.deleteMany({ where: { platform, updateId } });
    },
  };
}
