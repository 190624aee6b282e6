/**
 * Commissions (约稿): `/commission UNITS DUE TOPIC [newline 要求：REQUIREMENTS]` and `/withdraw #N`
 * (editors; a reporter's `/withdraw #N` withdraws their item, in items.ts); the
 * "报送稿件" button on a commission, which starts the submit form with the commission chosen;
 * and the commission choice of the guided submit.
 */
import { commissionOpenTo } from '../../domain/commissions/answerCommission.ts';
import { ANSWER_ACTION } from '../../domain/commissions/commissionMessages.ts';
import { commissionsToAnswer } from '../../domain/commissions/commissionsToAnswer.ts';
import { type CommissionTarget, createCommission } from '../../domain/commissions/createCommission.ts';
import { listOpenCommissions } from '../../domain/commissions/listOpenCommissions.ts';
import { withdrawCommission } from '../../domain/commissions/withdrawCommission.ts';
import { excerpt } from '../../domain/tasks/text.ts';
import { formatLocal } from '../../domain/time/index.ts';
import type { BoundContext, ChatContext } from '../context.ts';
import { errorText } from '../../i18n/errorText.ts';
import type { FormSpec, Submission } from '../forms.ts';
import { reply } from '../types.ts';
import { type CommandAction, defineCommand } from './command.ts';
import { readDue } from './instructions.ts';
import { itemWithdrawn, withdrawItemField, withdrawItemNow } from './items.ts';
import { parseRef } from './reference.ts';
import { optionalAnswer } from './optional.ts';

const ALL_WORDS = new Set(['all', '全部', '所有', '所有单位', '全部单位']);
const CHOICES_MAX = 20;

/** The value of the submit form's commission choice that means "not for a commission". */
export const NO_COMMISSION = 'none';

/** One unit or person as typed in UNITS: a code, with its own due time after `@` when it has one. */
export type TypedTarget = { code: string; due?: string };

const TARGET = /^([a-z0-9-]+)(?:@(\d{4}-\d{2}-\d{2}(?:t\d{2}:\d{2})?))?$/i;

/**
 * UNITS as typed: `all`/全部, or unit or person codes separated by commas (，、 and spaces work
 * too), each with an optional own due time `code@2026-12-05` or `code@2026-12-05T17:00`
 * (docs/instructions-and-commissions.md); null when unreadable.
 */
export function parseUnits(text: string): 'all' | TypedTarget[] | null {
  const trimmed = text.trim();
  if (ALL_WORDS.has(trimmed.toLowerCase())) return 'all';
  const tokens = trimmed.split(/[,，、\s]+/).filter((token) => token !== '');
  const targets: TypedTarget[] = [];
  for (const token of tokens) {
    const match = TARGET.exec(token);
    if (!match) return null;
    targets.push(match[2] ? { code: match[1]!, due: match[2].toUpperCase() } : { code: match[1]! });
  }
  return targets.length > 0 ? targets : null;
}

const REQUIREMENTS_LINE = /\n\s*(?:要求|requirements?)\s*[:：]\s*/i;

/** The topic and, after a line starting `要求：` / `requirements:`, the requirements. */
export function splitRequirements(text: string): { topic: string; requirements?: string } {
  const match = REQUIREMENTS_LINE.exec(text);
  if (!match) return { topic: text };
  return { topic: text.slice(0, match.index), requirements: text.slice(match.index + match[0].length) };
}

/** One-shot `/commission all 2026-11-30 TOPIC` (or `2026-11-30T17:00`), requirements on a line of their own; null when it does not read. */
export function parseCommission(args: string): { units: string; due: string; topic: string; requirements?: string } | null {
  const match = /^(\S+)\s+(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?)\s+([\s\S]+)$/.exec(args.trim());
  return match ? { units: match[1]!, due: match[2]!, ...splitRequirements(match[3]!) } : null;
}

/** The units as the use case takes them, each own due time read in the office's zone; null when one is unreadable. */
function targetsOf(ctx: BoundContext, typed: 'all' | TypedTarget[]): 'all' | CommissionTarget[] | null {
  if (typed === 'all') return 'all';
  const targets: CommissionTarget[] = [];
  for (const { code, due } of typed) {
    if (due === undefined) {
      targets.push(code);
      continue;
    }
    const dueAt = readDue(ctx, due);
    if (dueAt === 'bad' || dueAt === undefined) return null;
    targets.push({ code, dueAt });
  }
  return targets;
}

async function created(ctx: BoundContext, input: { units: string; due: string; topic: string; requirements?: string }): Promise<Submission> {
  const typed = parseUnits(input.units);
  if (!typed) return { ok: false, field: 'units', message: errorText(ctx.t, { code: 'COMMISSION.NO_UNITS' }) };
  const units = targetsOf(ctx, typed);
  if (!units) return { ok: false, field: 'units', message: errorText(ctx.t, { code: 'DUE.INVALID' }) };
  const dueAt = readDue(ctx, input.due);
  if (dueAt === 'bad' || dueAt === undefined) return { ok: false, field: 'due', message: errorText(ctx.t, { code: 'DUE.INVALID' }) };
  const requirements = optionalAnswer(input.requirements);
  const result = await createCommission(ctx.deps, { editor: ctx.person, units, dueAt, topic: input.topic, requirements });
  if (!result.ok) {
    const code = result.error.code;
    const field = code.startsWith('DUE.')
      ? 'due'
      : code === 'COMMISSION.TOPIC'
        ? 'topic'
        : code === 'COMMISSION.REQUIREMENTS'
          ? 'requirements'
          : code.startsWith('UNIT.') || code.startsWith('COMMISSION.')
            ? 'units'
            : undefined;
    return { ok: false, field, message: errorText(ctx.t, result.error) };
  }
  const c = result.value;
  const separator = ctx.t('list.separator');
  const tz = ctx.deps.timezone;
  const names = c.units.map((row) => row.unit.name).join(separator);
  const lines = [ctx.t('commission.created', { id: c.id, topic: c.topic, units: names, due: formatLocal(c.dueAt, tz) })];
  // Who it is addressed to and the units' own due times, so the editor sees what was understood.
  for (const row of c.units) {
    const addressee = row.personId === null ? null : ((await ctx.deps.store.people.byId(row.personId))?.name ?? '');
    if (addressee !== null || row.dueAt !== null) {
      lines.push(
        ctx.t('desk.commission.createdUnit', {
          unit: row.unit.name,
          person: addressee === null ? '' : ctx.t('desk.commission.addressedTo', { name: addressee }),
          due: row.dueAt === null ? '' : ctx.t('desk.commission.ownDue', { due: formatLocal(row.dueAt, tz) }),
        }),
      );
    }
  }
  if (c.requirements) lines.push(ctx.t('desk.commission.requirements', { requirements: c.requirements }));
  if (c.dayOff) lines.push(ctx.t('commission.dayOff', { ...c.dayOff, id: c.id }));
  // Units where nobody is bound were told nothing: the editor should call them.
  if (c.unreached.length > 0)
    lines.push(ctx.t('commission.unreached', { count: c.unreached.length, units: c.unreached.map((unit) => unit.name).join(separator) }));
  return { ok: true, replies: [reply(lines)] };
}

export const commissionForm: FormSpec = {
  id: 'commission',
  title: 'cmd.commission',
  fields: [
    {
      name: 'units',
      kind: 'text',
      prompt: 'commission.askUnits',
      validate: (value, ctx) => {
        const typed = parseUnits(value);
        if (!typed) return errorText(ctx.t, { code: 'COMMISSION.NO_UNITS' });
        return targetsOf(ctx, typed) ? null : errorText(ctx.t, { code: 'DUE.INVALID' });
      },
    },
    {
      name: 'due',
      kind: 'text',
      prompt: 'commission.askDue',
      validate: (value, ctx) => (value.trim() === '' || readDue(ctx, value) === 'bad' ? errorText(ctx.t, { code: 'DUE.INVALID' }) : null),
    },
    { name: 'topic', kind: 'longtext', prompt: 'commission.askTopic' },
    { name: 'requirements', kind: 'longtext', prompt: 'desk.commission.askRequirements', optional: true },
  ],
  submit: (ctx, values) => created(ctx, { units: values.units ?? '', due: values.due ?? '', topic: values.topic ?? '', requirements: values.requirements }),
};

export const commission = defineCommand({
  name: 'commission',
  who: ['editor'],
  help: 'cmd.commission',
  form: commissionForm,
  async run(ctx, args) {
    const parsed = parseCommission(args);
    if (!parsed) return [reply(errorText(ctx.t, { code: 'COMMISSION.USAGE' }))];
    const outcome = await created(ctx, parsed);
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
});

async function withdrawn(ctx: BoundContext, value: string | undefined): Promise<Submission> {
  if (!value) return { ok: false, message: ctx.t('withdraw.none') };
  const result = await withdrawCommission(ctx.deps, { editor: ctx.person, commissionId: Number(value) });
  if (!result.ok) return { ok: false, message: errorText(ctx.t, result.error) };
  return { ok: true, replies: [reply(ctx.t('withdraw.done', { id: result.value.id }))] };
}

const commissionOption = (ctx: ChatContext, c: { id: number; topic: string }) => ({
  value: String(c.id),
  label: ctx.t('commission.option', { id: c.id, topic: excerpt(c.topic, 20) }),
});

/** An editor withdraws a commission; anyone else (a reporter) their own item (docs/reporting.md). */
const withdrawsCommissions = (ctx: BoundContext) => ctx.person.roles.includes('editor');

export const withdrawForm: FormSpec = {
  id: 'withdraw',
  title: 'cmd.withdraw',
  // Each role gets its own choice; the other's has no options and is passed over. Nothing to
  // choose from ends the form with "none" (the submit below).
  fields: [
    {
      name: 'commission',
      kind: 'choice',
      prompt: 'withdraw.askCommission',
      async options(ctx) {
        if (!withdrawsCommissions(ctx)) return [];
        const open = await listOpenCommissions(ctx.deps, { viewer: ctx.person });
        return open.ok ? open.value.slice(0, CHOICES_MAX).map((c) => commissionOption(ctx, c)) : [];
      },
    },
    withdrawItemField,
  ],
  submit: (ctx, values) => (withdrawsCommissions(ctx) ? withdrawn(ctx, values.commission) : itemWithdrawn(ctx, values.item)),
};

export const withdraw = defineCommand({
  name: 'withdraw',
  who: ['editor', 'reporter'],
  help: 'cmd.withdrawItem',
  form: withdrawForm,
  async run(ctx, args) {
    if (!withdrawsCommissions(ctx)) return withdrawItemNow(ctx, args);
    const ref = parseRef(args);
    if (!ref || ref.rest) return [reply(errorText(ctx.t, { code: 'COMMISSION.WITHDRAW_USAGE' }))];
    const outcome = await withdrawn(ctx, String(ref.id));
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
});

/**
 * The submit form's commission choice: the open commissions the reporter's unit has not
 * answered, and "not for a commission"; none at all when there is no such commission, so the
 * engine passes the question over.
 */
export async function commissionChoices(ctx: BoundContext): Promise<{ value: string; label: string }[]> {
  const open = await commissionsToAnswer(ctx.deps, { person: ctx.person });
  if (!open.ok || open.value.length === 0) return [];
  return [...open.value.slice(0, CHOICES_MAX).map((c) => commissionOption(ctx, c)), { value: NO_COMMISSION, label: ctx.t('submit.noCommission') }];
}

/** The commission id chosen in the submit form, or null ("not for a commission", or none asked). */
export const chosenCommission = (value: string | undefined): number | null => (value && /^\d{1,9}$/.test(value) ? Number(value) : null);

/**
 * The "报送稿件" button on a commission (an action of the submit command, so only reporters may
 * press it): starts the submit form with the commission already chosen.
 */
export const answerCommission: CommandAction = {
  pattern: ANSWER_ACTION,
  async run(ctx, match) {
    const unit = ctx.person.unit;
    if (!unit) return [reply(ctx.t('error.AUTH.NO_UNIT'))];
    const open = await commissionOpenTo(ctx.deps.store, Number(match[1]), unit.id);
    if (!open.ok) return [reply(errorText(ctx.t, open.error))];
    return { prefill: { commission: String(open.value.id) } };
  },
};
