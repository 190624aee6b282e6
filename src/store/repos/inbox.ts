/** Updates taken from a platform and not yet handled (InboundUpdate). */
import { Prisma } from '../generated/sqlite/client.ts';
import type { InboxRepo } from '../../domain/chatState/port.ts';
import type { Tx } from '../records.ts';

export function inboxRepo(db: Tx): InboxRepo {
  return {
    async record(platform, updates) {
      if (updates.length === 0) return;
      const rows = updates.map((update) => Prisma.sql`(${platform}, ${update.updateId}, ${update.chatId}, ${update.payload})`);
      // One statement for a whole batch; a redelivered update is already here and stays as it is.
      await db.$executeRaw`INSERT INTO "InboundUpdate" ("platform", "updateId", "chatId", "payload") VALUES ${Prisma.join(rows)} ON CONFLICT DO NOTHING`;
    },
    async done(platform, updateId) {
      await db.inboundUpdate.deleteMany({ where: { platform, updateId } });
    },
    async pending(platform, limit) {
      return db.inboundUpdate.findMany({
        where: { platform },
        orderBy: { receivedAt: 'asc' },
        take: limit,
        select: { updateId: true, chatId: true, payload: true },
      });
    },
  };
}
