/**
 * Reminders in chat: `/leave` (请假: one's own, or a lead for a person of their unit; `off` ends
 * it) and the two snooze buttons every non-urgent reminder carries (延后1小时 / 明天再提醒).
 */
import { endLeave, parseLeaveRange, setLeave } from '../../domain/reminders/leave.ts';
import { officeCalendar } from '../../domain/reminders/officeCalendar.ts';
import { SNOOZE_ACTION, snooze, snoozeUntil, type SnoozeChoice } from '../../domain/reminders/snooze.ts';
import { formatLocal } from '../../domain/time/index.ts';
import type { BoundContext } from '../context.ts';
import { errorText } from '../../i18n/errorText.ts';
import type { FormSpec, Submission } from '../forms.ts';
import { reply, type Reply } from '../types.ts';
import { defineCommand } from './command.ts';

const OFF = new Set(['off', 'end', '结束', '销假', '取消请假']);

/** `/leave [PERSON] RANGE|off` as typed: a first word that is neither a date nor `off` names the person; null when empty. */
export function parseLeave(args: string): { personCode?: string; range: string } | null {
  const trimmed = args.trim();
  if (trimmed === '') return null;
  const match = /^([A-Za-z0-9-]+)\s+(\S[\s\S]*)$/.exec(trimmed);
  if (match && !/^\d{4}-\d{2}-\d{2}$/.test(match[1]!) && !OFF.has(match[1]!.toLowerCase())) return { personCode: match[1]!, range: match[2]! };
  return { range: trimmed };
}

async function leaveOutcome(ctx: BoundContext, personCode: string | undefined, range: string): Promise<Submission> {
  const deps = ctx.deps;
  if (OFF.has(range.trim().toLowerCase())) {
    const ended = await endLeave(deps, { actor: ctx.person, personCode });
    if (!ended.ok) return { ok: false, message: errorText(ctx.t, ended.error) };
    const self = ended.value.person.id === ctx.person.id;
    return { ok: true, replies: [reply(self ? ctx.t('leave.ended.self') : ctx.t('leave.ended.other', { name: ended.value.person.name }))] };
  }
  const days = parseLeaveRange(range);
  if (!days) return { ok: false, field: 'range', message: errorText(ctx.t, { code: 'LEAVE.RANGE' }) };
  const set = await setLeave(deps, { actor: ctx.person, personCode, ...days });
  if (!set.ok)
    return {
      ok: false,
      field: set.error.code.startsWith('LEAVE.') && set.error.code !== 'LEAVE.NOT_YOUR_UNIT' ? 'range' : undefined,
      message: errorText(ctx.t, set.error),
    };
  const { person, from, to } = set.value;
  const self = person.id === ctx.person.id;
  return { ok: true, replies: [reply(self ? ctx.t('leave.set.self', { from, to }) : ctx.t('leave.set.other', { name: person.name, from, to }))] };
}

export const leaveForm: FormSpec = {
  id: 'leave',
  title: 'cmd.leave',
  fields: [
    {
      name: 'range',
      kind: 'text',
      prompt: 'leave.askRange',
      validate: (value, ctx) => (OFF.has(value.trim().toLowerCase()) || parseLeaveRange(value) ? null : errorText(ctx.t, { code: 'LEAVE.RANGE' })),
    },
  ],
  submit: (ctx, values) => leaveOutcome(ctx, undefined, values.range ?? ''),
};

/** The answer to a snooze button: holds reminders of that kind for an hour or until the next working day. */
async function snoozed(ctx: BoundContext, match: RegExpExecArray): Promise<Reply[]> {
  const kind = match[1]!;
  const now = ctx.deps.clock.now();
  const calendar = officeCalendar(ctx.deps.rules, ctx.deps.timezone);
  const result = await snooze(ctx.deps, { person: ctx.person, kind, until: snoozeUntil(match[2] as SnoozeChoice, now, calendar) });
  if (!result.ok) return [reply(errorText(ctx.t, result.error))];
  return [reply(ctx.t('reminders.snoozed', { until: formatLocal(result.value.until, ctx.deps.timezone) }))];
}

export const leave = defineCommand({
  name: 'leave',
  who: 'bound',
  help: 'cmd.leave',
  form: leaveForm,
  async run(ctx, args) {
    const parsed = parseLeave(args);
    if (!parsed) return [reply(errorText(ctx.t, { code: 'LEAVE.USAGE' }))];
    const outcome = await leaveOutcome(ctx, parsed.personCode, parsed.range);
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
  actions: [{ pattern: SNOOZE_ACTION, run: snoozed }],
});
