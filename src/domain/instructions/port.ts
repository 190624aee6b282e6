/** Leader instructions (批示) on items and the follow-ups they open for the items' units. */
import type { UnitRecord } from '../org/port.ts';
import type { LeaderLevel } from '../vocabulary.ts';

/** A leader's instruction (批示) on an item and the follow-up it opens for the item's unit. */
export type InstructionRecord = {
  id: number;
  itemId: number;
  itemTitle: string;
  unit: UnitRecord;
  leaderName: string;
  leaderLevel: LeaderLevel;
  text: string;
  bonusPoints: number;
  status: 'open' | 'resolved';
  dueAt: Date;
  createdById: number | null;
  createdAt: Date;
  resolvedAt: Date | null;
  feedbackCount: number;
  /** When the unit last reported progress (反馈), or null. */
  lastFeedbackAt: Date | null;
};

export type NewInstruction = Pick<
  InstructionRecord,
  'itemId' | 'leaderName' | 'leaderLevel' | 'text' | 'bonusPoints' | 'dueAt' | 'createdById' | 'createdAt'
> & {
  unitId: number;
  rulesVersion: number;
};

export interface InstructionsRepo {
  create(instruction: NewInstruction): Promise<InstructionRecord>;
  byId(id: number): Promise<InstructionRecord | null>;
  /** Open instructions, of one unit or of all, soonest due first. */
  listOpen(unitId?: number): Promise<InstructionRecord[]>;
  addFeedback(feedback: { instructionId: number; authorId: number; text: string; at: Date }): Promise<{ id: number; at: Date }>;
  /** Resolves an instruction only if it is still open; false if it was not. */
  resolve(id: number, at: Date): Promise<boolean>;
}
