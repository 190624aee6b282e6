import type { DomainDeps } from '../ports.ts';
import type { PersonRecord } from '../org/port.ts';
import { fail, ok, type Result } from '../result.ts';

/**
 * A leader turns off (or back on) the notices of feedback on their instructions
 * (docs/instructions-and-commissions.md, "Leaders told of feedback"). Only leaders have them.
 * A change is audited; setting what is already set changes nothing and records nothing.
 */
export async function setFeedbackNotices(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { leader: PersonRecord; on: boolean },
): Promise<Result<{ on: boolean; changed: boolean }>> {
  const { leader, on } = input;
  if (!leader.roles.includes('leader')) return fail('AUTH.FORBIDDEN');
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const before = await tx.people.feedbackNotices(leader.id);
    if (before === on) return ok({ on, changed: false });
    await tx.people.setFeedbackNotices(leader.id, on);
    await tx.audit.record({
      at: now,
      actor: leader.code,
      action: 'notices.feedback',
      subject: `person:${leader.code}`,
      before: { feedbackNotices: before },
      after: { feedbackNotices: on },
    });
    return ok({ on, changed: true });
  });
}

/** Whether a leader is told of feedback on their instructions now. */
export async function feedbackNoticesOn(deps: Pick<DomainDeps, 'store'>, leader: PersonRecord): Promise<Result<boolean>> {
  if (!leader.roles.includes('leader')) return fail('AUTH.FORBIDDEN');
  return ok(await deps.store.people.feedbackNotices(leader.id));
}
