import { text, type OutMessage } from '../notify/message.ts';
import type { InstructionRecord } from './port.ts';
import { excerpt } from '../tasks/text.ts';
import { formatLocal } from '../time/index.ts';

/** The words every message about an instruction repeats. */
function instructionParams(instruction: InstructionRecord, timezone: string, due: Date = instruction.dueAt) {
  return {
    id: instruction.id,
    itemId: instruction.itemId,
    title: instruction.itemTitle,
    leader: instruction.leaderName,
    level: `@leaderLevel.${instruction.leaderLevel}`,
    text: instruction.text,
    short: excerpt(instruction.text, 40),
    unit: instruction.unit.name,
    due: formatLocal(due, timezone),
    points: instruction.bonusPoints,
  };
}

/** To the unit's reporters and lead: the instruction, its bonus and when feedback is due. */
export function instructionNotice(instruction: InstructionRecord, timezone: string): OutMessage {
  const params = instructionParams(instruction, timezone);
  return {
    title: text('instruction.notice.title', params),
    lines: [
      text('instruction.line.item', params),
      text('instruction.line.text', params),
      text('instruction.line.bonus', params),
      text('instruction.line.due', params),
    ],
  };
}

/** To the office's editors: a unit's feedback. */
export function feedbackNotice(instruction: InstructionRecord, body: string, authorName: string, timezone: string): OutMessage {
  const params = { ...instructionParams(instruction, timezone), author: authorName, feedback: body };
  return {
    title: text('instruction.feedback.title', params),
    lines: [text('instruction.line.item', params), text('instruction.feedback.body', params), text('instruction.feedback.hint', params)],
  };
}

/** To the unit: the follow-up is closed. */
export function resolvedNotice(instruction: InstructionRecord, timezone: string): OutMessage {
  const params = instructionParams(instruction, timezone);
  return { title: text('instruction.resolved.title', params), lines: [text('instruction.resolved.body', params)] };
}

/** A reminder before the due time, a chaser after it, or (to the unit lead) the escalation. */
export function instructionChase(instruction: InstructionRecord, due: Date, stage: 'before' | 'overdue', asLead: boolean, timezone: string): OutMessage {
  const params = instructionParams(instruction, timezone, due);
  const kind = stage === 'before' ? 'remind' : asLead ? 'escalate' : 'chase';
  return { title: text(`instruction.${kind}.title`, params), lines: [text(`instruction.${kind}.body`, params), text('instruction.line.text', params)] };
}
