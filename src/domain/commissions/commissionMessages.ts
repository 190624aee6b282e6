import { text, type OutMessage } from '../notify/message.ts';
import type { UnitRecord } from '../org/port.ts';
import type { CommissionRecord } from './port.ts';
import { formatLocal } from '../time/index.ts';

/** The action of the "报送稿件" button on a commission: it starts the submit form for it. */
export const answerAction = (commissionId: number) => `commission:${commissionId}:answer`;
export const ANSWER_ACTION = /^commission:(\d{1,9}):answer$/;

function commissionParams(commission: CommissionRecord, timezone: string, unit?: UnitRecord) {
  return { id: commission.id, topic: commission.topic, due: formatLocal(commission.dueAt, timezone), unit: unit?.name ?? '' };
}

/** To a unit's reporters: the commission, its due time and a button to answer it. */
export function commissionNotice(commission: CommissionRecord, timezone: string): OutMessage {
  const params = commissionParams(commission, timezone);
  return {
    title: text('commission.notice.title', params),
    lines: [text('commission.notice.due', params)],
    buttons: [[{ label: text('commission.button.answer'), action: answerAction(commission.id) }]],
  };
}

/** A reminder before the due time, a chaser after it, or (to the unit lead) the escalation. */
export function commissionChase(commission: CommissionRecord, unit: UnitRecord, stage: 'before' | 'overdue', asLead: boolean, timezone: string): OutMessage {
  const params = commissionParams(commission, timezone, unit);
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
