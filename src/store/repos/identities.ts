/** Chat accounts bound to people (ChatIdentity). */
import type { Address, IdentitiesRepo, Identity } from '../../domain/accounts/port.ts';
import { chunks, IDS_PER_STATEMENT } from '../chunk.ts';
import type { Tx } from '../records.ts';

export function identitiesRepo(db: Tx): IdentitiesRepo {
  return {
    async forPerson(personId) {
      const rows = await db.chatIdentity.findMany({ where: { personId }, orderBy: { id: 'asc' } });
      return rows.map((row): Identity => ({ platform: row.platform, platformUserId: row.platformUserId, chatId: row.chatId }));
    },
    async forPeople(personIds) {
      const out: Address[] = [];
      for (const part of chunks([...new Set(personIds)], IDS_PER_STATEMENT)) {
        out.push(
          ...(await db.chatIdentity.findMany({
            where: { personId: { in: part } },
            select: { personId: true, platform: true, chatId: true },
            orderBy: { id: 'asc' },
          })),
        );
      }
      return out;
    },
    async boundUsers(platform, platformUserIds) {
      const bound = new Set<string>();
      for (const part of chunks([...new Set(platformUserIds)], IDS_PER_STATEMENT)) {
        const rows = await db.chatIdentity.findMany({ where: { platform, platformUserId: { in: part } }, select: { platformUserId: true } });
        for (const row of rows) bound.add(row.platformUserId);
      }
      return bound;
    },
    async bind(personId, identity) {
      await db.chatIdentity.create({ data: { personId, ...identity } });
    },
  };
}
