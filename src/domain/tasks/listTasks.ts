import type { DomainDeps } from '../ports.ts';
import { unitDueAt } from '../commissions/commissionAudience.ts';
import { nextFeedbackDue } from '../instructions/feedbackDue.ts';
import type { PersonRecord } from '../org/port.ts';
import { fail, ok, type Result } from '../result.ts';
import type { LeaderLevel } from '../vocabulary.ts';

/** One thing a unit owes the office: an item for a commission, or feedback on an instruction. */
export type Task =
  | {
      kind: 'commission';
      id: number;
      topic: string;
      /** What the office asks for, or null. */
      requirements: string | null;
      /** The unit's due time: its own when the commission gave it one. */
      dueAt: Date;
      overdue: boolean;
    }
  | {
      kind: 'instruction';
      id: number;
      itemId: number;
      leaderName: string;
      leaderLevel: LeaderLevel;
      text: string;
      /** When the next feedback is due (the due date, or one chase interval after the latest feedback). */
      dueAt: Date;
      overdue: boolean;
      feedbackCount: number;
    };

/**
 * A reporter's or lead's unit's open tasks (`/tasks`): the commissions it has not answered and
 * the open leader-instruction follow-ups, soonest due first.
 */
export async function listTasks(deps: Pick<DomainDeps, 'store' | 'clock' | 'rules'>, input: { viewer: PersonRecord }): Promise<Result<Task[]>> {
  const { viewer } = input;
  if (!viewer.roles.some((role) => role === 'reporter' || role === 'lead')) return fail('AUTH.FORBIDDEN');
  if (!viewer.unit) return fail('AUTH.NO_UNIT');
  const now = deps.clock.now().getTime();
  const [commissions, instructions] = await Promise.all([deps.store.commissions.openForUnit(viewer.unit.id), deps.store.instructions.listOpen(viewer.unit.id)]);
  const tasks: Task[] = [
    ...commissions.map((c): Task => {
      const row = c.units.find((r) => r.unit.id === viewer.unit!.id);
      const dueAt = row ? unitDueAt(c, row) : c.dueAt;
      return { kind: 'commission', id: c.id, topic: c.topic, requirements: c.requirements, dueAt, overdue: dueAt.getTime() <= now };
    }),
    ...instructions.map((i): Task => {
      const dueAt = nextFeedbackDue(i, deps.rules);
      return {
        kind: 'instruction',
        id: i.id,
        itemId: i.itemId,
        leaderName: i.leaderName,
        leaderLevel: i.leaderLevel,
        text: i.text,
        dueAt,
        overdue: dueAt.getTime() <= now,
        feedbackCount: i.feedbackCount,
      };
    }),
  ];
  return ok(tasks.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.kind.localeCompare(b.kind) || a.id - b.id));
}
