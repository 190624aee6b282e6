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
  /** The leader as a person of the org file, when the name was one (told of feedback); null otherwise. */
  leaderId: number | null;
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

/** One feedback (反馈) of the unit on an instruction's follow-up. */
export type FeedbackRecord = { id: number; authorName: string; text: string; at: Date };

export type NewInstruction = Pick<
  InstructionRecord,
  'itemId' | 'leaderName' | 'leaderLevel' | 'leaderId' | 'text' | 'bonusPoints' | 'dueAt' | 'createdById' | 'createdAt'
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
  /** Every feedback on an instruction, oldest first, with its author's name. */
  feedbackOf(instructionId: number): Promise<FeedbackRecord[]>;
  /** Resolves an instruction only if it is still open; false if it was not. */
  resolve(id: number, at: Date): Promise<boolean>;
}
