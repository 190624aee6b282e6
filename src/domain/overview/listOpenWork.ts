import { unitDueAt } from '../commissions/commissionAudience.ts';
import { nextFeedbackDue } from '../instructions/feedbackDue.ts';
import type { PersonRecord, UnitRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import type { Severity } from '../vocabulary.ts';

/** The overview's sections, in the order it shows them. */
export const OPEN_SECTIONS = ['instructions', 'commissions', 'urgent'] as const;
export type OpenSection = (typeof OPEN_SECTIONS)[number];

/** An open leader-instruction follow-up: `dueAt` is when the unit's next feedback is due. */
export type OpenInstruction = {
  kind: 'instruction';
  id: number;
  itemId: number;
  unit: UnitRecord;
  leaderName: string;
  dueAt: Date;
  overdue: boolean;
  lastFeedbackAt: Date | null;
};

/** An open commission: how many of its units answered, and whether a silent one is past its due time. */
export type OpenCommission = { kind: 'commission'; id: number; topic: string; dueAt: Date; answered: number; asked: number; overdue: boolean };

/** An open urgent report: its next follow-up due time (overdue when passed) and whether its first report was late. */
export type OpenUrgent = {
  kind: 'urgent';
  id: number;
  unit: UnitRecord;
  severity: Severity;
  what: string;
  nextDueAt: Date | null;
  overdue: boolean;
  late: boolean;
};

export type OpenWork = { instructions: OpenInstruction[]; commissions: OpenCommission[]; urgent: OpenUrgent[] };

/** Whether a person may read the overview: editors and leaders (docs/permissions.md). */
export const readsOpenWork = (person: PersonRecord) => person.roles.some((role) => role === 'editor' || role === 'leader');

/** Overdue first, then soonest due, then by number. */
const overdueFirst =
  <T extends { overdue: boolean; id: number }>(due: (entry: T) => number) =>
  (a: T, b: T) =>
    Number(b.overdue) - Number(a.overdue) || due(a) - due(b) || a.id - b.id;

/**
 * The open work of the office for `/open` (docs/open-work.md): open leader-instruction
 * follow-ups, open commissions with their answer counts and open urgent reports, each overdue
 * first and then soonest due — all of them, or one `section`. Editors and leaders only; reads only.
 */
export async function listOpenWork(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'rules'>,
  input: { viewer: PersonRecord; section?: OpenSection },
): Promise<Result<OpenWork>> {
  if (!readsOpenWork(input.viewer)) return fail('AUTH.FORBIDDEN');
  const now = deps.clock.now().getTime();
  const wants = (section: OpenSection) => input.section === undefined || input.section === section;
  const [instructions, commissions, urgent] = await Promise.all([
    wants('instructions') ? deps.store.instructions.listOpen() : [],
    wants('commissions') ? deps.store.commissions.listOpen() : [],
    wants('urgent') ? deps.store.urgent.listOpen() : [],
  ]);
  return ok({
    instructions: instructions
      .map((i): OpenInstruction => {
        const dueAt = nextFeedbackDue(i, deps.rules);
        const { id, itemId, unit, leaderName, lastFeedbackAt } = i;
        return { kind: 'instruction', id, itemId, unit, leaderName, dueAt, overdue: dueAt.getTime() <= now, lastFeedbackAt };
      })
      .sort(overdueFirst((i) => i.dueAt.getTime())),
    commissions: commissions
      .map((c): OpenCommission => {
        const silent = c.units.filter((row) => row.answeredAt === null);
        return {
          kind: 'commission',
          id: c.id,
          topic: c.topic,
          dueAt: c.dueAt,
          answered: c.units.length - silent.length,
          asked: c.units.length,
          overdue: silent.some((row) => unitDueAt(c, row).getTime() <= now),
        };
      })
      .sort(overdueFirst((c) => c.dueAt.getTime())),
    urgent: urgent
      .map((r): OpenUrgent => {
        const { id, unit, severity, what, nextDueAt, late } = r;
        return { kind: 'urgent', id, unit, severity, what, nextDueAt, late, overdue: nextDueAt !== null && nextDueAt.getTime() <= now };
      })
      .sort(overdueFirst((r) => r.nextDueAt?.getTime() ?? Number.MAX_SAFE_INTEGER)),
  });
}
