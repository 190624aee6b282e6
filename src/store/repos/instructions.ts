/** Leader instructions (Instruction) and the feedback on their follow-ups (InstructionFeedback). */
import type { InstructionRecord, InstructionsRepo } from '../../domain/instructions/port.ts';
import type { LeaderLevel } from '../../domain/vocabulary.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { toUnit, unitSelect, type Tx } from '../records.ts';

const instructionSelect = {
  id: true,
  itemId: true,
  leaderName: true,
  leaderLevel: true,
  leaderId: true,
  text: true,
  bonusPoints: true,
  status: true,
  dueAt: true,
  createdById: true,
  createdAt: true,
  resolvedAt: true,
  item: { select: { title: true } },
  unit: { select: unitSelect },
  feedback: { select: { createdAt: true }, orderBy: { createdAt: 'desc' }, take: 1 },
  _count: { select: { feedback: true } },
} as const;

type InstructionRow = Prisma.InstructionGetPayload<{ select: typeof instructionSelect }>;

const toInstruction = ({ item, unit, feedback, _count, ...row }: InstructionRow): InstructionRecord => ({
  ...row,
  itemTitle: item.title,
  unit: toUnit(unit),
  leaderLevel: row.leaderLevel as LeaderLevel,
  status: row.status === 'resolved' ? 'resolved' : 'open',
  feedbackCount: _count.feedback,
  lastFeedbackAt: feedback[0]?.createdAt ?? null,
});

export function instructionsRepo(db: Tx): InstructionsRepo {
  return {
    async create(instruction) {
      return toInstruction(await db.instruction.create({ data: { ...instruction, status: 'open' }, select: instructionSelect }));
    },
    async byId(id) {
      const row = await db.instruction.findUnique({ where: { id }, select: instructionSelect });
      return row ? toInstruction(row) : null;
    },
    async listOpen(unitId) {
      const rows = await db.instruction.findMany({
        where: { status: 'open', ...(unitId === undefined ? {} : { unitId }) },
        select: instructionSelect,
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toInstruction);
    },
    async addFeedback(feedback) {
      const row = await db.instructionFeedback.create({
        data: { instructionId: feedback.instructionId, authorId: feedback.authorId, text: feedback.text, createdAt: feedback.at },
      });
      return { id: row.id, at: row.createdAt };
    },
    async feedbackOf(instructionId) {
      const rows = await db.instructionFeedback.findMany({
        where: { instructionId },
        select: { id: true, text: true, createdAt: true, author: { select: { name: true } } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map((row) => ({ id: row.id, authorName: row.author.name, text: row.text, at: row.createdAt }));
    },
    async resolve(id, at) {
      const { count } = await db.instruction.updateMany({ where: { id, status: 'open' }, data: { status: 'resolved', resolvedAt: at } });
      return count === 1;
    },
  };
}
