import type { DomainDeps } from '../ports.ts';
import { notifyPeople } from '../notify/notify.ts';
import type { PersonRecord } from '../org/port.ts';
import type { InstructionRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { unitAudience } from '../tasks/unitAudience.ts';
import { resolvedNotice } from './instructionMessages.ts';
import { leaderResolvedNotice, leaderToTell } from './leaderNotices.ts';

/**
 * An editor closes a leader-instruction follow-up (办结): no more reminders or chasers. The
 * unit's reporters and leads are told, so is the leader who gave the instruction (unless they
 * turned feedback notices off; src/domain/instructions/leaderNotices.ts), and the change is audited, in one transaction.
 */
export async function resolveInstruction(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'timezone'>,
  input: { editor: PersonRecord; instructionId: number },
): Promise<Result<InstructionRecord>> {
  const { editor } = input;
  if (!editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const instruction = await tx.instructions.byId(input.instructionId);
    if (!instruction) return fail('INSTRUCTION.UNKNOWN', { id: input.instructionId });
    if (!(await tx.instructions.resolve(instruction.id, now))) return fail('INSTRUCTION.RESOLVED', { id: instruction.id });
    const resolved = (await tx.instructions.byId(instruction.id))!;
    const audience = await unitAudience(tx, resolved.unit.id, true);
    await notifyPeople(
      tx,
      audience.map((member) => member.person.id),
      resolvedNotice(resolved, deps.timezone),
      now,
    );
    const leader = await leaderToTell(tx, resolved);
    if (leader !== null) await notifyPeople(tx, [leader], leaderResolvedNotice(resolved, deps.timezone), now);
    await tx.audit.record({
      at: now,
      actor: editor.code,
      action: 'instruction.resolve',
      subject: `instruction:${resolved.id}`,
      before: { status: 'open' },
      after: { status: 'resolved', resolvedAt: now.toISOString(), feedbackCount: resolved.feedbackCount },
    });
    return ok(resolved);
  });
}
