import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { INVITE_DAYS, hashInviteCode, newInviteCode } from './invites.ts';

/**
 * Issues a new single-use invite for a person; their earlier unused invites stop working.
 * Returns the plain code, which is shown once and never stored.
 */
export async function issueInvite(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { personCode: string },
): Promise<Result<{ code: string; expiresAt: Date }>> {
  const person = await deps.store.people.byCode(input.personCode);
  if (!person) return fail('PERSON.UNKNOWN', { code: input.personCode });
  const now = deps.clock.now();
  const code = newInviteCode();
  const expiresAt = new Date(now.getTime() + INVITE_DAYS * 24 * 3600_000);
  await deps.store.transaction(async (tx) => {
    await tx.invites.revokeUnused(person.id, now);
    await tx.invites.create(person.id, hashInviteCode(code), expiresAt);
  });
  return ok({ code, expiresAt });
}
