import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { Identity } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { hashInviteCode } from './invites.ts';

/**
 * Binds a chat account to the person an invite was made for. An invite works once and only
 * before it expires; a chat account already bound to someone else is refused.
 */
export async function bindAccount(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { code: string; identity: Identity },
): Promise<Result<{ person: PersonRecord; alreadyBound: boolean }>> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const current = await tx.people.byIdentity(input.identity.platform, input.identity.platformUserId);
    const invite = await tx.invites.byHash(hashInviteCode(input.code));
    if (!invite) return fail('INVITE.UNKNOWN');
    if (current && current.id !== invite.personId) return fail('IDENTITY.BOUND_OTHER', { name: current.name });
    if (invite.usedAt) {
      if (current) return ok({ person: current, alreadyBound: true });
      return fail('INVITE.USED');
    }
    if (invite.expiresAt.getTime() <= now.getTime()) return fail('INVITE.EXPIRED');
    if (!(await tx.invites.markUsed(invite.id, now))) return fail('INVITE.USED');
    const person = await tx.people.byId(invite.personId);
    if (!person) return fail('INVITE.UNKNOWN');
    if (!current) await tx.identities.bind(person.id, input.identity);
    return ok({ person, alreadyBound: false });
  });
}
