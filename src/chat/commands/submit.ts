import { submitItem } from '../../domain/items/submitItem.ts';
import { BODY_MAX, BODY_MIN, TITLE_MAX, charLength, readTitleLine, validateItem } from '../../domain/items/validateItem.ts';
import { unitStatus } from '../../domain/units/unitStatus.ts';
import { CATEGORIES } from '../../domain/vocabulary.ts';
import type { BoundContext, ChatContext } from '../context.ts';
import { errorText } from '../../i18n/errorText.ts';
import { filesField, type FormSpec } from '../forms.ts';
import { reply, type Reply } from '../types.ts';
import { defineCommand } from './command.ts';
import { answerCommission, chosenCommission, commissionChoices } from './commissions.ts';
import { periodLabel } from './status.ts';

const fieldError = (ctx: ChatContext, title: string, body: string, category: string) => {
  const result = validateItem({ title, body, category });
  return result.ok ? null : errorText(ctx.t, result.error);
};

export const submitForm: FormSpec = {
  id: 'submit',
  title: 'cmd.submit',
  fields: [
    {
      name: 'title',
      kind: 'text',
      prompt: 'submit.askTitle',
      validate: (value, ctx) => {
        const title = value.trim();
        if (title.includes('\n')) return errorText(ctx.t, { code: 'ITEM.ONE_SHOT_FORMAT' });
        return fieldError(ctx, title, 'x'.repeat(BODY_MIN), 'dynamic');
      },
    },
    {
      name: 'body',
      kind: 'longtext',
      prompt: 'submit.askBody',
      validate: (value, ctx) => fieldError(ctx, 'x', value, 'dynamic'),
    },
    {
      name: 'category',
      kind: 'choice',
      prompt: 'submit.askCategory',
      options: (ctx) => CATEGORIES.map((value) => ({ value, label: ctx.t(`category.${value}`) })),
    },
    // Asked only when the unit has open commissions to answer (约稿); otherwise passed over.
    { name: 'commission', kind: 'choice', prompt: 'submit.askCommission', optional: true, options: commissionChoices },
    // Last: photos or files from the scene, or 完成 / Done (docs/attachments.md).
    filesField,
  ],
  async submit(ctx, values, attachments) {
    const result = await submitItem(ctx.deps, {
      author: ctx.person,
      title: values.title ?? '',
      body: values.body ?? '',
      category: values.category ?? 'dynamic',
      commissionId: chosenCommission(values.commission),
      attachments: attachments ?? ctx.attachments,
    });
    if (!result.ok) {
      const field =
        result.error.code.startsWith('ITEM.TITLE') || result.error.code === 'ITEM.DUPLICATE'
          ? 'title'
          : result.error.code.startsWith('ITEM.BODY')
            ? 'body'
            : result.error.code.startsWith('COMMISSION.')
              ? 'commission'
              : undefined;
      return { ok: false, field, message: errorText(ctx.t, result.error) };
    }
    const replies = await submittedReplies(ctx, result.value.id, result.value.title, result.value.status === 'signoff');
    if (result.value.commissionId !== null) replies[0]!.lines.splice(1, 0, ctx.t('submit.answersCommission', { id: result.value.commissionId }));
    return { ok: true, replies };
  },
};

async function submittedReplies(ctx: BoundContext, id: number, title: string, awaitingSignOff: boolean): Promise<Reply[]> {
  const lines = [ctx.t(awaitingSignOff ? 'submit.doneSignoff' : 'submit.done', { id, title })];
  const status = await unitStatus(ctx.deps, { unit: ctx.person.unit! });
  if (status.ok) {
    const s = status.value;
    lines.push(
      ctx.t('submit.progress', {
        unit: s.unit.name,
        period: periodLabel(ctx, s.period),
        submitted: s.submitted,
        target: s.target.submitted === null ? '' : ctx.t('submit.progressTarget', { target: s.target.submitted, gap: s.gap }),
      }),
    );
  }
  return [reply(lines)];
}

/**
 * One-shot `/submit TITLE` newline `BODY`. A leading category word in brackets sets the
 * category (`/submit [经验] 标题`); otherwise it is 动态. With only a title, the guided form
 * asks for the rest.
 */
export function parseOneShot(args: string): { title: string; body?: string; category?: string } {
  const [first = '', ...rest] = args.split('\n');
  const { title, category } = readTitleLine(first);
  const body = rest.join('\n').trim();
  return { title, body: body || undefined, category };
}

export const submit = defineCommand({
  name: 'submit',
  aliases: ['tougao', '报送'],
  who: ['reporter'],
  help: 'cmd.submit',
  form: submitForm,
  actions: [answerCommission],
  async run(ctx, args) {
    if (!ctx.person.unit) return [reply(ctx.t('error.AUTH.NO_UNIT'))];
    const parsed = parseOneShot(args);
    if (parsed.body === undefined) {
      const problem = submitForm.fields[0]!.validate!(parsed.title, ctx);
      if (problem) return [reply(problem)];
      return { prefill: { title: parsed.title, ...(parsed.category ? { category: parsed.category } : {}) } };
    }
    const outcome = await submitForm.submit(ctx, { title: parsed.title, body: parsed.body, category: parsed.category ?? 'dynamic' });
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
});

export const limits = { TITLE_MAX, BODY_MIN, BODY_MAX, charLength };
