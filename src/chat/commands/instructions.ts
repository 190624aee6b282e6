/**
 * Leader instructions (批示): `/instruct #ITEM LEADER: TEXT [截止 DATE]` (editors), `/feedback #N
 * TEXT` (the unit's reporters and lead), `/resolve #N` (editors), and `/notices feedback on|off`
 * (leaders: whether they are told of feedback on their instructions) with the buttons of those
 * notices. Each also runs guided.
 */
import { addFeedback } from '../../domain/instructions/addFeedback.ts';
import { FEEDBACK_NOTICES_ACTION, feedbackNoticesAction, READ_INSTRUCTION_ACTION } from '../../domain/instructions/leaderNotices.ts';
import { readInstruction } from '../../domain/instructions/readInstruction.ts';
import { feedbackNoticesOn, setFeedbackNotices } from '../../domain/instructions/setFeedbackNotices.ts';
import { nextFeedbackDue } from '../../domain/instructions/feedbackDue.ts';
import { listOpenInstructions } from '../../domain/instructions/listOpenInstructions.ts';
import { recordInstruction } from '../../domain/instructions/recordInstruction.ts';
import { resolveInstruction } from '../../domain/instructions/resolveInstruction.ts';
import type { InstructionRecord } from '../../domain/instructions/port.ts';
import { parseDue } from '../../domain/tasks/due.ts';
import { listTasks } from '../../domain/tasks/listTasks.ts';
import { excerpt } from '../../domain/tasks/text.ts';
import { formatLocal } from '../../domain/time/index.ts';
import type { BoundContext, ChatContext } from '../context.ts';
import { errorText } from '../../i18n/errorText.ts';
import type { FormSpec, Submission } from '../forms.ts';
import { reply, type Reply } from '../types.ts';
import { defineCommand } from './command.ts';
import { parseRef } from './reference.ts';

const DEFAULT_WORDS = new Set(['', '默认', 'default', '-', '—']);
const CHOICES_MAX = 20;

export const formatPoints = (points: number) => (Number.isInteger(points) ? String(points) : points.toFixed(1));

/** A due time as typed: a default word (→ undefined, the rules' period), a date or date-time, or 'bad'. */
export function readDue(ctx: ChatContext, value: string | undefined): Date | undefined | 'bad' {
  const trimmed = (value ?? '').trim();
  if (DEFAULT_WORDS.has(trimmed.toLowerCase())) return undefined;
  return parseDue(trimmed, ctx.deps.timezone, ctx.deps.rules) ?? 'bad';
}

/** A trailing `截止 2026-12-01` / `due 2026-12-01 17:00` split off an instruction's text. */
export function splitDue(text: string): { text: string; due?: string } {
  const match = /^([\s\S]*?)\s*(?:截止|\bdue)\s*[:：]?\s*(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?)\s*$/i.exec(text);
  return match ? { text: match[1]!, due: match[2]! } : { text };
}

/** One-shot `/instruct #12 张省长（省）: TEXT [截止 DATE]`; null when it does not read. */
export function parseInstruct(args: string): { item: string; leader: string; text: string; due?: string } | null {
  const match = /^(#?\d{1,9})\s+([^:：\n]{1,60}?)\s*[:：]\s*([\s\S]+)$/.exec(args.trim());
  if (!match) return null;
  return { item: match[1]!, leader: match[2]!.trim(), ...splitDue(match[3]!) };
}

const FIELD_OF: [RegExp, string][] = [
  [/^INSTRUCTION\.ITEM_/, 'item'],
  [/^INSTRUCTION\.(LEADER_|LEVEL)/, 'leader'],
  [/^INSTRUCTION\.TEXT/, 'text'],
  [/^DUE\./, 'due'],
];

async function recorded(ctx: BoundContext, input: { item: string; leader: string; text: string; due?: string }): Promise<Submission> {
  const ref = parseRef(input.item);
  if (!ref || ref.rest) return { ok: false, field: 'item', message: errorText(ctx.t, { code: 'INSTRUCTION.ITEM_REF' }) };
  const dueAt = readDue(ctx, input.due);
  if (dueAt === 'bad') return { ok: false, field: 'due', message: errorText(ctx.t, { code: 'DUE.INVALID' }) };
  const result = await recordInstruction(ctx.deps, { editor: ctx.person, itemId: ref.id, leader: input.leader, text: input.text, dueAt });
  if (!result.ok) {
    const field = FIELD_OF.find(([pattern]) => pattern.test(result.error.code))?.[1];
    return { ok: false, field, message: errorText(ctx.t, result.error) };
  }
  const i = result.value;
  return {
    ok: true,
    replies: [
      reply(
        ctx.t('instruction.recorded', {
          id: i.id,
          leader: i.leaderName,
          level: ctx.t(`leaderLevel.${i.leaderLevel}`),
          itemId: i.itemId,
          title: i.itemTitle,
          unit: i.unit.name,
          points: formatPoints(i.bonusPoints),
          due: formatLocal(i.dueAt, ctx.deps.timezone),
        }),
      ),
    ],
  };
}

export const instructForm: FormSpec = {
  id: 'instruct',
  title: 'cmd.instruct',
  fields: [
    {
      name: 'item',
      kind: 'text',
      prompt: 'instruct.askItem',
      validate: (value, ctx) => {
        const ref = parseRef(value);
        return ref && !ref.rest ? null : errorText(ctx.t, { code: 'INSTRUCTION.ITEM_REF' });
      },
    },
    { name: 'leader', kind: 'text', prompt: 'instruct.askLeader' },
    { name: 'text', kind: 'longtext', prompt: 'instruct.askText' },
    {
      name: 'due',
      kind: 'text',
      prompt: 'instruct.askDue',
      optional: true,
      validate: (value, ctx) => (readDue(ctx, value) === 'bad' ? errorText(ctx.t, { code: 'DUE.INVALID' }) : null),
    },
  ],
  submit: (ctx, values) => recorded(ctx, { item: values.item ?? '', leader: values.leader ?? '', text: values.text ?? '', due: values.due }),
};

export const instruct = defineCommand({
  name: 'instruct',
  who: ['editor'],
  help: 'cmd.instruct',
  form: instructForm,
  async run(ctx, args) {
    const parsed = parseInstruct(args);
    if (!parsed) return [reply(errorText(ctx.t, { code: 'INSTRUCTION.USAGE' }))];
    const outcome = await recorded(ctx, parsed);
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
});

const instructionOption = (ctx: ChatContext, i: { id: number; leaderName: string; text: string }) => ({
  value: String(i.id),
  label: ctx.t('instruction.option', { id: i.id, leader: i.leaderName, short: excerpt(i.text, 20) }),
});

async function fedBack(ctx: BoundContext, instruction: string | undefined, text: string): Promise<Submission> {
  if (!instruction) return { ok: false, message: ctx.t('feedback.none') };
  const result = await addFeedback(ctx.deps, { author: ctx.person, instructionId: Number(instruction), text });
  if (!result.ok) {
    const field = result.error.code === 'INSTRUCTION.FEEDBACK_TEXT' ? 'text' : undefined;
    return { ok: false, field, message: errorText(ctx.t, result.error) };
  }
  const { instruction: updated } = result.value;
  const due = formatLocal(nextFeedbackDue(updated, ctx.deps.rules), ctx.deps.timezone);
  return { ok: true, replies: [reply(ctx.t('feedback.recorded', { id: updated.id, due }))] };
}

export const feedbackForm: FormSpec = {
  id: 'feedback',
  title: 'cmd.feedback',
  fields: [
    {
      name: 'instruction',
      kind: 'choice',
      prompt: 'feedback.askInstruction',
      whenEmpty: 'feedback.none',
      async options(ctx) {
        const tasks = await listTasks(ctx.deps, { viewer: ctx.person });
        if (!tasks.ok) return [];
        return tasks.value.flatMap((task) => (task.kind === 'instruction' ? [instructionOption(ctx, task)] : [])).slice(0, CHOICES_MAX);
      },
    },
    { name: 'text', kind: 'longtext', prompt: 'feedback.askText' },
  ],
  submit: (ctx, values) => fedBack(ctx, values.instruction, values.text ?? ''),
};

/** `/feedback #N TEXT`; `/feedback #N` asks for the text. */
export const feedback = defineCommand({
  name: 'feedback',
  who: ['reporter', 'lead'],
  help: 'cmd.feedback',
  form: feedbackForm,
  async run(ctx, args) {
    const ref = parseRef(args);
    if (!ref) return [reply(errorText(ctx.t, { code: 'INSTRUCTION.FEEDBACK_USAGE' }))];
    if (!ref.rest) return { prefill: { instruction: String(ref.id) } };
    const outcome = await fedBack(ctx, String(ref.id), ref.rest);
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
});

async function resolved(ctx: BoundContext, instruction: string | undefined): Promise<Submission> {
  if (!instruction) return { ok: false, message: ctx.t('resolve.none') };
  const result = await resolveInstruction(ctx.deps, { editor: ctx.person, instructionId: Number(instruction) });
  if (!result.ok) return { ok: false, message: errorText(ctx.t, result.error) };
  const i: InstructionRecord = result.value;
  return { ok: true, replies: [reply(ctx.t('resolve.done', { id: i.id, unit: i.unit.name, count: i.feedbackCount }))] };
}

export const resolveForm: FormSpec = {
  id: 'resolve',
  title: 'cmd.resolve',
  fields: [
    {
      name: 'instruction',
      kind: 'choice',
      prompt: 'resolve.askInstruction',
      whenEmpty: 'resolve.none',
      async options(ctx) {
        const open = await listOpenInstructions(ctx.deps, { viewer: ctx.person });
        return open.ok ? open.value.slice(0, CHOICES_MAX).map((i) => instructionOption(ctx, i)) : [];
      },
    },
  ],
  submit: (ctx, values) => resolved(ctx, values.instruction),
};

export const resolve = defineCommand({
  name: 'resolve',
  who: ['editor'],
  help: 'cmd.resolve',
  form: resolveForm,
  async run(ctx, args) {
    const ref = parseRef(args);
    if (!ref || ref.rest) return [reply(errorText(ctx.t, { code: 'INSTRUCTION.RESOLVE_USAGE' }))];
    const outcome = await resolved(ctx, String(ref.id));
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
});

const ON_WORDS = new Set(['on', '开', '开启', '接收']);
const OFF_WORDS = new Set(['off', '关', '关闭', '停止', '不接收']);
const FEEDBACK_WORDS = new Set(['feedback', '反馈']);

/** `/notices [feedback] on|off` as typed: true, false, or null when it does not read. */
export function parseNotices(args: string): boolean | null {
  const words = args.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 2 && FEEDBACK_WORDS.has(words[0]!)) words.shift();
  if (words.length !== 1) return null;
  return ON_WORDS.has(words[0]!) ? true : OFF_WORDS.has(words[0]!) ? false : null;
}

async function noticesSet(ctx: BoundContext, on: boolean): Promise<Reply[]> {
  const result = await setFeedbackNotices(ctx.deps, { leader: ctx.person, on });
  if (!result.ok) return [reply(errorText(ctx.t, result.error))];
  if (on) return [reply(ctx.t('notices.feedback.on'))];
  return [reply(ctx.t('notices.feedback.off'), { buttons: [[{ label: ctx.t('leaders.button.resume'), action: feedbackNoticesAction(true) }]] })];
}

export const noticesForm: FormSpec = {
  id: 'notices',
  title: 'cmd.notices',
  fields: [
    {
      name: 'feedback',
      kind: 'choice',
      prompt: 'notices.askFeedback',
      async options(ctx) {
        const on = await feedbackNoticesOn(ctx.deps, ctx.person);
        const now = on.ok && on.value;
        return [
          { value: 'on', label: ctx.t(now ? 'notices.option.onNow' : 'notices.option.on') },
          { value: 'off', label: ctx.t(now ? 'notices.option.off' : 'notices.option.offNow') },
        ];
      },
    },
  ],
  submit: async (ctx, values) => ({ ok: true, replies: await noticesSet(ctx, values.feedback === 'on') }),
};

/** The instruction with all its feedback: what the button on a leader's notice opens. */
async function instructionRead(ctx: BoundContext, id: number): Promise<Reply[]> {
  const result = await readInstruction(ctx.deps, { viewer: ctx.person, instructionId: id });
  if (!result.ok) return [reply(errorText(ctx.t, result.error))];
  const { instruction: i, feedback } = result.value;
  const tz = ctx.deps.timezone;
  const status =
    i.status === 'resolved' && i.resolvedAt
      ? ctx.t('leaders.detail.resolved', { at: formatLocal(i.resolvedAt, tz) })
      : ctx.t('leaders.detail.open', { due: formatLocal(nextFeedbackDue(i, ctx.deps.rules), tz) });
  const lines = [
    ctx.t('leaders.detail.instruction', { leader: i.leaderName, level: ctx.t(`leaderLevel.${i.leaderLevel}`), at: formatLocal(i.createdAt, tz), text: i.text }),
    ctx.t('leaders.detail.unit', { unit: i.unit.name, status, count: feedback.length }),
    ...(feedback.length === 0
      ? [ctx.t('leaders.detail.noFeedback')]
      : feedback.map((f) => ctx.t('leaders.detail.feedback', { at: formatLocal(f.at, tz), author: f.authorName, text: f.text }))),
  ];
  return [reply(lines, { title: ctx.t('leaders.detail.title', { id: i.id, itemId: i.itemId, title: i.itemTitle }) })];
}

/** `/notices feedback on|off` (leaders): whether they are told of feedback on their instructions; guided, a choice. */
export const notices = defineCommand({
  name: 'notices',
  who: ['leader'],
  help: 'cmd.notices',
  form: noticesForm,
  async run(ctx, args) {
    const on = parseNotices(args);
    if (on === null) return [reply(errorText(ctx.t, { code: 'NOTICES.USAGE' }))];
    return noticesSet(ctx, on);
  },
  actions: [
    { pattern: FEEDBACK_NOTICES_ACTION, run: (ctx, match) => noticesSet(ctx, match[1] === 'on') },
    { pattern: READ_INSTRUCTION_ACTION, run: (ctx, match) => instructionRead(ctx, Number(match[1])) },
  ],
});
