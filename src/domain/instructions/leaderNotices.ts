/**
 * What the leader behind an instruction (批示) is told: each feedback (反馈) the unit gives, and
 * the follow-up's resolution, with a button to read the instruction and all its feedback and one
 * to stop these notices (docs/instructions-and-commissions.md, "Leaders told of feedback").
 */
import { text, type OutMessage } from '../notify/message.ts';
import type { Store } from '../ports.ts';
import { excerpt } from '../tasks/text.ts';
import { formatLocal } from '../time/index.ts';
import type { InstructionRecord } from './port.ts';

/** The button that shows an instruction with all its feedback to its leader. */
export const READ_INSTRUCTION_ACTION = /^instruction:read:(\d{1,9})$/;
export const readInstructionAction = (id: number) => `instruction:read:${id}`;

/** The buttons that turn a leader's feedback notices off or on (as `/notices feedback off|on`). */
export const FEEDBACK_NOTICES_ACTION = /^notices:feedback:(on|off)$/;
export const feedbackNoticesAction = (on: boolean) => `notices:feedback:${on ? 'on' : 'off'}`;

/**
 * The leader to tell about an instruction, or null: its linked leader (`leaderId`) while active,
 * a leader and not opted out. An instruction recorded before leaders were linked has no
 * `leaderId`: its leader is then the one active leader with exactly its name, if there is one.
 * Whether they are bound to a chat is the outbox's business (no account, nothing queued).
 */
export async function leaderToTell(tx: Store, instruction: Pick<InstructionRecord, 'leaderId' | 'leaderName'>): Promise<number | null> {
  const leaders = await tx.people.withRole('leader');
  const named = instruction.leaderId === null ? leaders.filter((person) => person.name === instruction.leaderName) : [];
  const leader = instruction.leaderId === null ? (named.length === 1 ? named[0] : undefined) : leaders.find((person) => person.id === instruction.leaderId);
  if (!leader) return null;
  return (await tx.people.feedbackNotices(leader.id)) ? leader.id : null;
}

function leaderParams(instruction: InstructionRecord) {
  return { id: instruction.id, itemId: instruction.itemId, title: instruction.itemTitle, short: excerpt(instruction.text, 60), unit: instruction.unit.name };
}

const buttons = (instruction: InstructionRecord): OutMessage['buttons'] => [
  [{ label: text('leaders.button.read'), action: readInstructionAction(instruction.id) }],
  [{ label: text('leaders.button.stop'), action: feedbackNoticesAction(false) }],
];

/** To the leader: a unit's feedback on their instruction, when it came. */
export function leaderFeedbackNotice(instruction: InstructionRecord, feedback: { text: string; authorName: string; at: Date }, timezone: string): OutMessage {
  const params = { ...leaderParams(instruction), author: feedback.authorName, feedback: feedback.text, at: formatLocal(feedback.at, timezone) };
  return {
    title: text('leaders.feedback.title', params),
    lines: [
      text('leaders.line.item', params),
      text('leaders.line.instruction', params),
      text('leaders.feedback.unit', params),
      text('leaders.feedback.text', params),
      text('leaders.line.at', params),
    ],
    buttons: buttons(instruction),
  };
}

/** To the leader: the follow-up on their instruction was resolved (办结). */
export function leaderResolvedNotice(instruction: InstructionRecord, timezone: string): OutMessage {
  const params = { ...leaderParams(instruction), count: instruction.feedbackCount, at: formatLocal(instruction.resolvedAt ?? instruction.createdAt, timezone) };
  return {
    title: text('leaders.resolved.title', params),
    lines: [
      text('leaders.line.item', params),
      text('leaders.line.instruction', params),
      text('leaders.resolved.body', params),
      text('leaders.line.at', params),
    ],
    buttons: buttons(instruction),
  };
}
