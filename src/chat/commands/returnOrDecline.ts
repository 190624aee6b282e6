/**
 * /return (to the author, to be reworked) and /decline (not to be used) by editors: one-shot
 * with the reason, guided when sent bare, or from the review card's button, which asks the
 * reason and then shows the next card.
 */
import { declineItem } from '../../domain/review/declineItem.ts';
import { openForReview } from '../../domain/review/openForReview.ts';
import { returnItem } from '../../domain/review/returnItem.ts';
import type { MessageKey } from '../../i18n/catalog.ts';
import { errorText } from '../../i18n/errorText.ts';
import type { FormSpec } from '../forms.ts';
import { reply } from '../types.ts';
import { type BoundCommand, defineCommand } from './command.ts';
import { parseRef } from './reference.ts';
import { nextCard } from './review.ts';
import { reasonIn, refIn, refusal } from './reviewChecks.ts';

/** /return or /decline, which differ only in the use case and their words. */
function decisionCommand(kind: 'return' | 'decline'): BoundCommand {
  const decide = kind === 'return' ? returnItem : declineItem;
  const usage = kind === 'return' ? 'REVIEW.RETURN_USAGE' : 'REVIEW.DECLINE_USAGE';
  const done: MessageKey = kind === 'return' ? 'review.returned' : 'review.declined';
  const form: FormSpec = {
    id: kind,
    title: kind === 'return' ? 'cmd.return' : 'cmd.decline',
    fields: [
      { name: 'ref', kind: 'text', prompt: 'review.ask.ref', validate: (value, ctx) => refIn(ctx, value) },
      {
        name: 'reason',
        kind: 'longtext',
        prompt: kind === 'return' ? 'review.ask.returnReason' : 'review.ask.declineReason',
        validate: (value, ctx) => reasonIn(ctx, value),
      },
    ],
    async submit(ctx, values) {
      const itemId = parseRef(values.ref ?? '')?.id ?? 0;
      const result = await decide(ctx.deps, { editor: ctx.person, itemId, reason: values.reason ?? '' });
      if (!result.ok) {
        const field = result.error.code === 'REVIEW.REASON' ? 'reason' : result.error.code === 'REVIEW.UNKNOWN' ? 'ref' : undefined;
        return { ok: false, field, message: refusal(ctx, result.error) };
      }
      const { item, author } = result.value;
      const replies = [reply(ctx.t(done, { id: item.id, title: item.title, author: author.name }))];
      // Decided from the review card: show the next item, as adopting does.
      if (values.next) replies.push(await nextCard(ctx, item.id));
      return { ok: true, replies };
    },
  };
  return defineCommand({
    name: kind,
    who: ['editor'],
    help: kind === 'return' ? 'cmd.return' : 'cmd.decline',
    form,
    async run(ctx, args) {
      const ref = parseRef(args);
      if (!ref) return [reply(errorText(ctx.t, { code: usage }))];
      if (!ref.rest) return { prefill: { ref: String(ref.id) } };
      const outcome = await form.submit(ctx, { ref: String(ref.id), reason: ref.rest });
      return outcome.ok ? outcome.replies : [reply(outcome.message)];
    },
    actions: [
      {
        pattern: kind === 'return' ? /^rv:r:(\d{1,9})$/ : /^rv:d:(\d{1,9})$/,
        async run(ctx, match) {
          const open = await openForReview(ctx.deps, { editor: ctx.person, itemId: Number(match[1]) });
          if (!open.ok) return [reply(refusal(ctx, open.error))];
          return { prefill: { ref: String(open.value.item.id), next: '1' } };
        },
      },
    ],
  });
}

export const returnCommand = decisionCommand('return');
export const declineCommand = decisionCommand('decline');
