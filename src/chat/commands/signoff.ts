/**
 * Sign-off (签发) by unit leads: /signoff, /sendback (back to the author, with the reason),
 * /pending (the unit's items awaiting sign-off, with buttons), and the buttons on the
 * sign-off request leads are sent. Each also works guided (sent bare).
 *
 * Button data: so:s:<item> signs off; so:b:<item> sends back, asking the reason.
 */
import { listAwaitingSignOff } from '../../domain/review/listAwaitingSignOff.ts';
import { openForSignOff } from '../../domain/review/openForSignOff.ts';
import { sendBackAction, signOffAction } from '../../domain/review/reviewMessages.ts';
import { sendBackItem } from '../../domain/review/sendBackItem.ts';
import { signOffItem } from '../../domain/review/signOffItem.ts';
import { formatLocal } from '../../domain/time/index.ts';
import { errorText } from '../../i18n/errorText.ts';
import type { BoundContext } from '../context.ts';
import type { FormSpec } from '../forms.ts';
import { type Reply, reply } from '../types.ts';
import { defineCommand } from './command.ts';
import { parseRef } from './reference.ts';
import { reasonIn, refIn, refusal } from './reviewChecks.ts';

async function signOff(ctx: BoundContext, itemId: number): Promise<Reply[]> {
  const result = await signOffItem(ctx.deps, { lead: ctx.person, itemId });
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
export const signoffCommand = defineCommand({
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
});

export const sendbackForm: FormSpec = {
  id: 'sendback',
  title: 'cmd.sendback',
  fields: [
    { name: 'ref', kind: 'text', prompt: 'review.ask.ref', validate: (value, ctx) => refIn(ctx, value) },
    { name: 'reason', kind: 'longtext', prompt: 'signoff.ask.reason', validate: (value, ctx) => reasonIn(ctx, value) },
  ],
  async submit(ctx, values) {
    const itemId = parseRef(values.ref ?? '')?.id ?? 0;
    const result = await sendBackItem(ctx.deps, { lead: ctx.person, itemId, reason: values.reason ?? '' });
    if (!result.ok) {
      const field = result.error.code === 'REVIEW.REASON' ? 'reason' : result.error.code === 'REVIEW.UNKNOWN' ? 'ref' : undefined;
      return { ok: false, field, message: refusal(ctx, result.error) };
    }
    const { item, author } = result.value;
    return { ok: true, replies: [reply(ctx.t('signoff.sentBack', { id: item.id, title: item.title, author: author.name }))] };
  },
};

/** /sendback #N REASON — the unit lead sends an item back to its author instead of signing it off. */
export const sendbackCommand = defineCommand({
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
        const open = await openForSignOff(ctx.deps, { lead: ctx.person, itemId: Number(match[1]) });
        if (!open.ok) return [reply(refusal(ctx, open.error))];
        return { prefill: { ref: String(open.value.item.id) } };
      },
    },
  ],
});

/** Items listed with their own buttons by /pending; the rest are listed only. */
const PENDING_BUTTONS = 5;

/** /pending — the lead's unit's items awaiting sign-off, with sign-off and send-back buttons. */
export const pending = defineCommand({
  name: 'pending',
  readOnly: true,
  who: ['lead'],
  help: 'cmd.pending',
  async run(ctx) {
    const result = await listAwaitingSignOff(ctx.deps, { lead: ctx.person });
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
    return [reply(lines, { title: ctx.t('signoff.pending.title', { unit: ctx.person.unit!.name }), buttons })];
  },
});
