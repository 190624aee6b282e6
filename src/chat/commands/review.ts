/**
 * Review and adoption by editors: /review shows the queue one item at a time as a card with
 * buttons, and /adopt records that a publication adopted an item (guided when sent bare).
 *
 * Button data (≤ 64 bytes, checked by the patterns below; anything else is button.stale):
 *   rv:a:<item>:<publication code>  adopt from the review card
 *   rv:n:<item>                     the next item after this one
 *   rv:r:<item>  rv:d:<item>        return / decline (answered by /return and /decline)
 */
import { type Adopted, recordAdoption } from '../../domain/review/recordAdoption.ts';
import { excerpt } from '../../domain/review/reviewMessages.ts';
import { type QueueView, reviewQueue } from '../../domain/review/reviewQueue.ts';
import { formatLocal } from '../../domain/time/index.ts';
import { errorText } from '../../i18n/errorText.ts';
import type { BoundContext, ChatContext } from '../context.ts';
import type { FormSpec } from '../forms.ts';
import { type Button, type Reply, reply } from '../types.ts';
import { defineCommand } from './command.ts';
import { parseRef } from './reference.ts';
import { refIn, refusal } from './reviewChecks.ts';

/** Publications shown as buttons on a review card; the rest are adopted with /adopt. */
export const CARD_PUBLICATIONS = 6;
const ACTION_BYTES = 64;

const adoptAction = (itemId: number, code: string) => `rv:a:${itemId}:${code}`;
const nextAction = (itemId: number) => `rv:n:${itemId}`;
const returnAction = (itemId: number) => `rv:r:${itemId}`;
const declineAction = (itemId: number) => `rv:d:${itemId}`;

const fits = (action: string) => Buffer.byteLength(action, 'utf8') <= ACTION_BYTES;
const formatPoints = (points: number) => (Number.isInteger(points) ? String(points) : points.toFixed(1));
const pairs = <T>(list: T[]): T[][] => Array.from({ length: Math.ceil(list.length / 2) }, (_, i) => list.slice(2 * i, 2 * i + 2));

/** The review card: the item, its place in the queue, and the buttons to decide it. */
function card(ctx: ChatContext, view: QueueView, attachments = 0): Reply {
  if (!view.entry) return reply(ctx.t('review.empty'));
  const { item, unit, author } = view.entry;
  const publications = ctx.deps.rules.publications;
  const shown = publications.filter((p) => fits(adoptAction(item.id, p.code))).slice(0, CARD_PUBLICATIONS);
  const rest = publications.filter((p) => !shown.includes(p));
  const adopt: Button[] = shown.map((p) => ({
    label: ctx.t('review.button.adopt', { name: p.name, points: formatPoints(p.points) }),
    action: adoptAction(item.id, p.code),
  }));
  const buttons = [
    ...pairs(adopt),
    [
      { label: ctx.t('review.button.return'), action: returnAction(item.id) },
      { label: ctx.t('review.button.decline'), action: declineAction(item.id) },
    ],
    ...(view.total > 1 ? [[{ label: ctx.t('review.button.next'), action: nextAction(item.id) }]] : []),
  ];
  const lines = [
    ctx.t('review.card.from', {
      unit: unit.name,
      author: author.name,
      category: ctx.t(`category.${item.category}`),
      submitted: item.submittedAt ? formatLocal(item.submittedAt, ctx.deps.timezone, 'MM-dd HH:mm') : '—',
    }),
    ctx.t('review.card.body', { body: excerpt(item.body) }),
    // Photos and files sent with it, seen with /item #N (docs/attachments.md).
    ...(attachments > 0 ? [ctx.t('attach.reviewLine', { count: attachments, id: item.id })] : []),
  ];
  // A returned item its author revised and sent again (docs/review.md, "Revised items").
  if (item.revisedAt)
    lines.splice(1, 0, ctx.t('itemDesk.review.revised', { version: item.version, at: formatLocal(item.revisedAt, ctx.deps.timezone, 'MM-dd HH:mm') }));
  if (rest.length > 0) lines.push(ctx.t('review.card.more', { id: item.id, codes: rest.map((p) => p.code).join(', ') }));
  return reply(lines, { title: ctx.t('review.card.title', { position: view.position, total: view.total, id: item.id, title: item.title }), buttons });
}

/** The card of the next item waiting for review (after `after`, when given). */
export async function nextCard(ctx: BoundContext, after?: number): Promise<Reply> {
  const view = await reviewQueue(ctx.deps, { viewer: ctx.person, after });
  if (!view.ok) return reply(refusal(ctx, view.error));
  const id = view.value.entry?.item.id;
  const attachments = id === undefined ? 0 : ((await ctx.deps.store.attachments.countByItem([id])).get(id) ?? 0);
  return card(ctx, view.value, attachments);
}

function adoptedReply(ctx: ChatContext, adopted: Adopted): Reply {
  const { entry, publication, points, bonus } = adopted;
  const lines = [
    ctx.t('review.adopted', {
      id: entry.item.id,
      title: entry.item.title,
      publication: publication.name,
      unit: entry.unit.name,
      author: entry.author.name,
      points: formatPoints(points),
    }),
  ];
  if (bonus !== 0) lines.push(ctx.t('review.adoptedBonus', { bonus: formatPoints(bonus) }));
  return reply(lines);
}

async function adopt(ctx: BoundContext, itemId: number, publication: string, fromQueue = false): Promise<Reply[]> {
  const result = await recordAdoption(ctx.deps, { editor: ctx.person, itemId, publication, fromQueue });
  if (!result.ok) return [reply(refusal(ctx, result.error))];
  return fromQueue ? [adoptedReply(ctx, result.value), await nextCard(ctx, itemId)] : [adoptedReply(ctx, result.value)];
}

/** /review — the next item waiting for review, with buttons. */
export const review = defineCommand({
  name: 'review',
  who: ['editor'],
  help: 'cmd.review',
  async run(ctx) {
    return [await nextCard(ctx)];
  },
  actions: [
    { pattern: /^rv:a:(\d{1,9}):([a-z0-9-]{1,50})$/, run: (ctx, match) => adopt(ctx, Number(match[1]), match[2]!, true) },
    { pattern: /^rv:n:(\d{1,9})$/, run: async (ctx, match) => [await nextCard(ctx, Number(match[1]))] },
  ],
});

export const adoptForm: FormSpec = {
  id: 'adopt',
  title: 'cmd.adopt',
  fields: [
    { name: 'ref', kind: 'text', prompt: 'review.ask.ref', validate: (value, ctx) => refIn(ctx, value) },
    {
      name: 'publication',
      kind: 'choice',
      prompt: 'review.ask.publication',
      options: (ctx) => ctx.deps.rules.publications.filter((p) => p.code.length <= 40).map((p) => ({ value: p.code, label: p.name })),
    },
  ],
  async submit(ctx, values) {
    const replies = await adopt(ctx, parseRef(values.ref ?? '')?.id ?? 0, values.publication ?? '');
    return { ok: true, replies };
  },
};

/** /adopt #N PUBLICATION — a publication (code or name) adopted item #N; several publications may adopt one item. */
export const adoptCommand = defineCommand({
  name: 'adopt',
  who: ['editor'],
  help: 'cmd.adopt',
  form: adoptForm,
  async run(ctx, args) {
    const ref = parseRef(args);
    if (!ref) return [reply(errorText(ctx.t, { code: 'REVIEW.ADOPT_USAGE' }))];
    if (!ref.rest) return { prefill: { ref: String(ref.id) } };
    return adopt(ctx, ref.id, ref.rest);
  },
});
