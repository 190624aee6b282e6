import type { DomainDeps } from '../ports.ts';
import { notifyPeople } from '../notify/notify.ts';
import type { PersonRecord } from '../org/port.ts';
import type { InstructionRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { instructionBonus } from '../rules/points.ts';
import { hoursAfter } from '../tasks/due.ts';
import { validateText } from '../tasks/text.ts';
import { unitAudience } from '../tasks/unitAudience.ts';
import { instructionNotice } from './instructionMessages.ts';
import { identifyLeader } from './leaders.ts';

/** Items a leader can have written on: they reached the office (submitted) or were adopted. */
const INSTRUCTABLE = new Set(['submitted', 'adopted']);

/**
 * An editor records a leader's instruction (批示) on an item (000: 获…省政府领导批示). It earns
 * the unit the rules' bonus for the leader's level, and opens a follow-up: the item's unit must
 * report how it was carried out by `dueAt` (default: the rules' `instruction.dueDays` from now)
 * and is chased until an editor resolves it. A leader named as a person of the org file is linked
 * (`leaderId`): they are told of the unit's feedback (src/domain/instructions/leaderNotices.ts). The instruction, the notice to the unit's reporters
 * and leads, and the audit entry are written in one transaction.
 */
export async function recordInstruction(
  deps: DomainDeps,
  input: { editor: PersonRecord; itemId: number; leader: string; text: string; dueAt?: Date },
): Promise<Result<InstructionRecord>> {
  const { editor } = input;
  if (!editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const body = validateText(input.text, 'INSTRUCTION.TEXT', 2, 2000);
  if (!body.ok) return body;
  const now = deps.clock.now();
  const dueAt = input.dueAt ?? hoursAfter(now, deps.rules.instruction.dueDays * 24);
  if (dueAt.getTime() <= now.getTime()) return fail('DUE.PAST');
  return deps.store.transaction(async (tx) => {
    const item = await tx.items.byId(input.itemId);
    if (!item) return fail('INSTRUCTION.ITEM_UNKNOWN', { id: input.itemId });
    if (!INSTRUCTABLE.has(item.status)) return fail('INSTRUCTION.ITEM_STATUS', { id: item.id });
    const leader = await identifyLeader(tx, input.leader);
    if (!leader.ok) return leader;
    const instruction = await tx.instructions.create({
      itemId: item.id,
      unitId: item.unitId,
      leaderName: leader.value.name,
      leaderLevel: leader.value.level,
      leaderId: leader.value.personId,
      text: body.value,
      bonusPoints: instructionBonus(deps.rules, leader.value.level),
      rulesVersion: deps.rulesVersion,
      dueAt,
      createdById: editor.id,
      createdAt: now,
    });
    const audience = await unitAudience(tx, instruction.unit.id, true);
    await notifyPeople(
      tx,
      audience.map((member) => member.person.id),
      instructionNotice(instruction, deps.timezone),
      now,
    );
    await tx.audit.record({
      at: now,
      actor: editor.code,
      action: 'instruction.record',
      subject: `instruction:${instruction.id}`,
      after: {
        itemId: item.id,
        unit: instruction.unit.code,
        leader: instruction.leaderName,
        level: instruction.leaderLevel,
        leaderId: instruction.leaderId,
        text: instruction.text,
        bonusPoints: instruction.bonusPoints,
        dueAt: dueAt.toISOString(),
      },
    });
    return ok(instruction);
  });
}
