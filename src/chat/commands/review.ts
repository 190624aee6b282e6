/**
 * Review, adoption and sign-off in chat. Editors: /review (the queue one item at a time, with
 * buttons), /adopt, /return, /decline. Unit leads: /signoff, /sendback, /pending, and the
 * buttons on the sign-off request they are sent. Every command also works guided (sent bare).
 *
 * Button data (≤ 64 bytes, checked by the patterns below; anything else is button.stale):
 *   rv:a:<item>:<publication code>  adopt from the review card      (/review)
 *   rv:n:<item>                     the next item after this one    (/review)
 *   rv:r:<item>  rv:d:<item>        return / decline: asks the reason (/return, /decline)
 *   so:s:<item>  so:b:<item>        sign off / send back: asks the reason (/signoff, /sendback)
 */
import type { Failure } from '../../domain/result.ts';
import { declineItem } from '../../domain/review/declineItem.ts';
import { listAwaitingSignOff } from '../../domain/review/listAwaitingSignOff.ts';
import { openForReview } from '../../domain/review/openForReview.ts';
import { openForSignOff } from '../../domain/review/openForSignOff.ts';
import { recordAdoption, type Adopted } from '../../domain/review/recordAdoption.ts';
import { returnItem } from '../../domain/review/returnItem.ts';
import { reviewQueue, type QueueView } from '../../domain/review/reviewQueue.ts';
import { excerpt, sendBackAction, signOffAction } from '../../domain/review/reviewMessages.ts';
import { sendBackItem } from '../../domain/review/sendBackItem.ts';
import { signOffItem } from '../../domain/review/signOffItem.ts';
import { validateReason } from '../../domain/review/checks.ts';
import { formatLocal } from '../../domain/time/index.ts';
import { hasMessage, type MessageKey } from '../../i18n/catalog.ts';
import { errorText, type ChatContext } from '../context.ts';
import type { FormSpec } from '../forms.ts';
import { reply, type Button, type Reply } from '../types.ts';
import type { CommandSpec } from './command.ts';
import { parseRef } from './reference.ts';

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

/** One catalog sentence for a refusal; an item's status in the params is said as a word. */
function refusal(ctx: ChatContext, error: Failure): string {
  const status = error.params?.status;
  const key = `status.${status}`;
  if (typeof status === 'string' && hasMessage(key)) return errorText(ctx.t, { ...error, params: { ...error.params, status: ctx.t(key) } });
  return errorText(ctx.t, error);
}

const refIn = (ctx: ChatContext, value: string) => (parseRef(value) && !parseRef(value)!.rest ? null : errorText(ctx.t, { code: 'REVIEW.REF' }));
const reasonIn = (ctx: ChatContext, value: string) => {
  const result = validateReason(value);
  return result.ok ? null : errorText(ctx.t, result.error);
};

/** The review card: the item, its place in the queue, and the buttons to decide it. */
function card(ctx: ChatContext, view: QueueView): Reply {
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
  ];
  if (rest.length > 0) lines.push(ctx.t('review.card.more', { id: item.id, codes: rest.map((p) => p.code).join(', ') }));
  return reply(lines, { title: ctx.t('review.card.title', { position: view.position, total: view.total, id: item.id, title: item.title }), buttons });
}

async function nextCard(ctx: ChatContext, after?: number): Promise<Reply> {
  const view = await reviewQueue(ctx.deps, { viewer: ctx.person!, after });
  return view.ok ? card(ctx, view.value) : reply(refusal(ctx, view.error));
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

async function adopt(ctx: ChatContext, itemId: number, publication: string, fromQueue = false): Promise<Reply[]> {
  const result = await recordAdoption(ctx.deps, { editor: ctx.person!, itemId, publication, fromQueue });
  if (!result.ok) return [reply(refusal(ctx, result.error))];
  return fromQueue ? [adoptedReply(ctx, result.value), await nextCard(ctx, itemId)] : [adoptedReply(ctx, result.value)];
}

/** /review — the next item waiting for review, with buttons. */
export const review: CommandSpec = {
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
};

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
export const adoptCommand: CommandSpec = {
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
};

/** /return and /decline: one-shot with the reason, guided when bare, or from the review card's button. */
function decisionCommand(kind: 'return' | 'decline'): CommandSpec {
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
      const result = await decide(ctx.deps, { editor: ctx.person!, itemId, reason: values.reason ?? '' });
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
  return {
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
          const open = await openForReview(ctx.deps, { editor: ctx.person!, itemId: Number(match[1]) });
          if (!open.ok) return [reply(refusal(ctx, open.error))];
          return { prefill: { ref: String(open.value.item.id), next: '1' } };
        },
      },
    ],
  };
}

export const returnCommand = decisionCommand('return');
export const declineCommand = decisionCommand('decline');

async function signOff(ctx: ChatContext, itemId: number): Promise<Reply[]> {
  const result = await signOffItem(ctx.deps, { lead: ctx.person!, itemId });
  if (!result.ok) return [reply(refusal(ctx, result.error))];
  return [reply(ctx.t('signoff.done', { id: result.value.item.id, title: result.value.item.title }))];
}

export const signoffForm: FormSpec = {
  id: 'signoff',
  title: 'cmd.signoff',
  fields: [{ name: 'ref', kind: 'text', prompt: 'review.ask.ref', validate: (value, ctx) => refIn(ctx, value) }],
  async submit(ctx, values) {
    return { ok: true, replies: await signOff(ctx, parseRef(values.ref ?? '')?.id ?? 0) };
  },
};

/** /signoff #N — the unit lead signs off an item of their unit (签发); the sign-off request's ✅ button too. */
export const signoffCommand: CommandSpec = {
  name: 'signoff',
  who: ['lead'],
  help: 'cmd.signoff',
  form: signoffForm,
  async run(ctx, args) {
    const ref = parseRef(args);
    if (!ref || ref.rest) return [reply(errorText(ctx.t, { code: 'SIGNOFF.USAGE' }))];
    return signOff(ctx, ref.id);
  },
  actions: [{ pattern: /^so:s:(\d{1,9})$/, run: (ctx, match) => signOff(ctx, Number(match[1])) }],
};

export const sendbackForm: FormSpec = {
  id: 'sendback',
  title: 'cmd.sendback',
  fields: [
    { name: 'ref', kind: 'text', prompt: 'review.ask.ref', validate: (value, ctx) => refIn(ctx, value) },
    { name: 'reason', kind: 'longtext', prompt: 'signoff.ask.reason', validate: (value, ctx) => reasonIn(ctx, value) },
  ],
  async submit(ctx, values) {
    const itemId = parseRef(values.ref ?? '')?.id ?? 0;
    const result = await sendBackItem(ctx.deps, { lead: ctx.person!, itemId, reason: values.reason ?? '' });
    if (!result.ok) {
      const field = result.error.code === 'REVIEW.REASON' ? 'reason' : result.error.code === 'REVIEW.UNKNOWN' ? 'ref' : undefined;
      return { ok: false, field, message: refusal(ctx, result.error) };
    }
    const { item, author } = result.value;
    return { ok: true, replies: [reply(ctx.t('signoff.sentBack', { id: item.id, title: item.title, author: author.name }))] };
  },
};

/** /sendback #N REASON — the unit lead sends an item back to its author instead of signing it off. */
export const sendbackCommand: CommandSpec = {
  name: 'sendback',
  who: ['lead'],
  help: 'cmd.sendback',
  form: sendbackForm,
  async run(ctx, args) {
    const ref = parseRef(args);
    if (!ref) return [reply(errorText(ctx.t, { code: 'SIGNOFF.SENDBACK_USAGE' }))];
    if (!ref.rest) return { prefill: { ref: String(ref.id) } };
    const outcome = await sendbackForm.submit(ctx, { ref: String(ref.id), reason: ref.rest });
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
  actions: [
    {
      pattern: /^so:b:(\d{1,9})$/,
      async run(ctx, match) {
        const open = await openForSignOff(ctx.deps, { lead: ctx.person!, itemId: Number(match[1]) });
        if (!open.ok) return [reply(refusal(ctx, open.error))];
        return { prefill: { ref: String(open.value.item.id) } };
      },
    },
  ],
};

/** Items listed with their own buttons by /pending; the rest are listed only. */
const PENDING_BUTTONS = 5;

/** /pending — the lead's unit's items awaiting sign-off, with sign-off and send-back buttons. */
export const pending: CommandSpec = {
  name: 'pending',
  who: ['lead'],
  help: 'cmd.pending',
  async run(ctx) {
    const result = await listAwaitingSignOff(ctx.deps, { lead: ctx.person! });
    if (!result.ok) return [reply(refusal(ctx, result.error))];
    if (result.value.length === 0) return [reply(ctx.t('signoff.pending.empty'))];
    const lines = result.value.map(({ item, author }) =>
      ctx.t('signoff.pending.line', {
        id: item.id,
        date: formatLocal(item.createdAt, ctx.deps.timezone, 'MM-dd HH:mm'),
        author: author.name,
        title: item.title,
      }),
    );
    const buttons = result.value.slice(0, PENDING_BUTTONS).map(({ item }) => [
      { label: ctx.t('signoff.button.signN', { id: item.id }), action: signOffAction(item.id) },
      { label: ctx.t('signoff.button.sendBackN', { id: item.id }), action: sendBackAction(item.id) },
    ]);
    return [reply(lines, { title: ctx.t('signoff.pending.title', { unit: ctx.person!.unit!.name }), buttons })];
  },
};
