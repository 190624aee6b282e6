/** Single-use invites (Invite), kept as the hash of their code. */
import type { InvitesRepo } from '../../domain/accounts/port.ts';
import type { Tx } from '../records.ts';

export function invitesRepo(db: Tx): InvitesRepo {
  return {
    async create(personId, codeHash, expiresAt) {
      await db.invite.create({ data: { personId, codeHash, expiresAt } });
    },
    async byHash(codeHash) {
      return db.invite.findUnique({ where: { codeHash }, select: { id: true, personId: true, expiresAt: true, usedAt: true } });
    },
    async markUsed(id, at) {
      const { count } = await db.invite.updateMany({ where: { id, usedAt: null }, data: { usedAt: at } });
      return count === 1;
    },
    async validUntil(personId, at) {
      const row = await db.invite.findFirst({
        where: { personId, usedAt: null, expiresAt: { gt: at } },
        orderBy: { expiresAt: 'desc' },
        select: { expiresAt: true },
      });
      return row?.expiresAt ?? null;
    },
    async revokeUnused(personId, at) {
      await db.invite.updateMany({ where: { personId, usedAt: null, expiresAt: { gt: at } }, data: { expiresAt: at } });
    },
  };
}
