import { text, type OutMessage } from '../notify/message.ts';
import type { UnitRecord } from '../org/port.ts';
import type { CommissionRecord, CommissionUnitRecord } from './port.ts';
import { formatLocal } from '../time/index.ts';
import { unitDueAt } from './commissionAudience.ts';

/** The action of the "报送稿件" button on a commission: it starts the submit form for it. */
export const answerAction = (commissionId: number) => `commission:${commissionId}:answer`;
export const ANSWER_ACTION = /^commission:(\d{1,9}):answer$/;

/** The message params of a commission; `due` is the unit's own due time when a row is given. */
function commissionParams(commission: CommissionRecord, timezone: string, row?: Pick<CommissionUnitRecord, 'dueAt'>, unit?: UnitRecord) {
  return {
    id: commission.id,
    topic: commission.topic,
    due: formatLocal(row ? unitDueAt(commission, row) : commission.dueAt, timezone),
    unit: unit?.name ?? '',
  };
}

/** The commission's requirements as a line of a message, when it has any. */
const requirementsLines = (commission: CommissionRecord) =>
  commission.requirements ? [text('desk.commission.requirements', { requirements: commission.requirements })] : [];

/**
 * To a unit's reporters (or the person it is addressed to): the commission, the unit's due time,
 * its requirements and a button to answer it.
 */
export function commissionNotice(commission: CommissionRecord, timezone: string, row?: Pick<CommissionUnitRecord, 'dueAt'>): OutMessage {
  const params = commissionParams(commission, timezone, row);
  return {
    title: text('commission.notice.title', params),
    lines: [...requirementsLines(commission), text('commission.notice.due', params)],
    buttons: [[{ label: text('commission.button.answer'), action: answerAction(commission.id) }]],
  };
}

/** A reminder before the due time, a chaser after it, or (to the unit lead) the escalation. */
export function commissionChase(
  commission: CommissionRecord,
  row: Pick<CommissionUnitRecord, 'unit' | 'dueAt'>,
  stage: 'before' | 'overdue',
  asLead: boolean,
  timezone: string,
): OutMessage {
  const params = commissionParams(commission, timezone, row, row.unit);
  const kind = stage === 'before' ? 'remind' : asLead ? 'escalate' : 'chase';
  return {
    title: text(`commission.${kind}.title`, params),
    lines: [text(`commission.${kind}.body`, params)],
    ...(asLead ? {} : { buttons: [[{ label: text('commission.button.answer'), action: answerAction(commission.id) }]] }),
  };
}

/** To the units that had not answered: the commission is withdrawn. */
export function withdrawnNotice(commission: CommissionRecord, timezone: string): OutMessage {
  const params = commissionParams(commission, timezone);
  return { title: text('commission.withdrawn.title', params), lines: [text('commission.withdrawn.body', params)] };
}
