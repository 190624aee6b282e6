/**
 * Scores, rankings, circulars and export in chat: /rank, /circulate, /export (with the .xlsx
 * as a file), and the corrections /award and /unadopt. The ranking and the circular are built
 * by the domain as language-neutral messages and rendered here in the reader's language.
 */
import { circulateNow } from '../../domain/circulars/circulateNow.ts';
import { rankingMessage, titleOf } from '../../domain/circulars/content.ts';
import { gatherExport, periodOrThisMonth } from '../../domain/export/gatherExport.ts';
import { peopleRankingMessage } from '../../domain/ranking/peopleRankingMessage.ts';
import { rankUnitsFor } from '../../domain/ranking/rankUnitsFor.ts';
import { viewPeopleRanking } from '../../domain/ranking/viewPeopleRanking.ts';
import { deleteAdoption } from '../../domain/review/deleteAdoption.ts';
import { formatPoints } from '../../domain/scoring/scores.ts';
import { parseAwardPoints, recordAward } from '../../domain/scoring/recordAward.ts';
import { formatLocal } from '../../domain/time/index.ts';
import { drawCircularChart } from '../../reports/circularChart.ts';
import { exportFileName, periodWorkbook, XLSX_MIME } from '../../reports/periodWorkbook.ts';
import type { BoundContext } from '../context.ts';
import { errorText } from '../../i18n/errorText.ts';
import type { FormSpec } from '../forms.ts';
import { renderOut } from '../../i18n/renderOut.ts';
import { reply, type Reply } from '../types.ts';
import { defineCommand } from './command.ts';
import { periodLabel } from './status.ts';
import { parseRef } from './reference.ts';
import { refIn } from './reviewChecks.ts';

/** The first word of `/rank people [PERIOD]`, in either language. */
const PEOPLE_WORDS = new Set(['people', 'persons', '人员', '个人']);

/** `/rank people [PERIOD]`: the period's people by points, as the asker may see them (src/domain/ranking/viewPeopleRanking.ts). */
async function rankPeopleReply(ctx: BoundContext, written: string): Promise<Reply[]> {
  const period = periodOrThisMonth(ctx.deps, written);
  if (!period.ok) return [reply(errorText(ctx.t, period.error))];
  const ranking = await viewPeopleRanking(ctx.deps, { viewer: ctx.person, period: period.value });
  if (!ranking.ok) return [reply(errorText(ctx.t, ranking.error))];
  return [renderOut(peopleRankingMessage(ranking.value, ctx.deps.timezone), ctx.locale)];
}

/** /rank [PERIOD] — the units ranked (default this month), the asker's unit marked ▶; /rank people [PERIOD] — the people. */
export const rank = defineCommand({
  name: 'rank',
  readOnly: true,
  who: 'bound',
  help: 'cmd.rank',
  async run(ctx, args) {
    const [first = '', ...rest] = args.trim().split(/\s+/);
    if (PEOPLE_WORDS.has(first.toLowerCase())) return rankPeopleReply(ctx, rest.join(' '));
    const period = periodOrThisMonth(ctx.deps, args);
    if (!period.ok) return [reply(errorText(ctx.t, period.error))];
    const ranking = await rankUnitsFor(ctx.deps, period.value);
    const message = rankingMessage({ title: titleOf('rank', period.value, ctx.deps.timezone), ranking, mine: ctx.person.unit?.id ?? null });
    return [renderOut(message, ctx.locale)];
  },
});

const URGENT_WORDS = new Set(['urgent', '紧急', '紧急信息']);

/** /circulate [urgent] [PERIOD] — an editor sends the circular now; the reply is what leaders received, with the chart. */
export const circulate = defineCommand({
  name: 'circulate',
  who: ['editor'],
  help: 'cmd.circulate',
  async run(ctx, args) {
    const [first = '', ...rest] = args.trim().split(/\s+/);
    const urgent = URGENT_WORDS.has(first.toLowerCase());
    const period = urgent ? rest.join(' ') : args;
    const result = await circulateNow({ ...ctx.deps, drawChart: drawCircularChart }, { editor: ctx.person, period, urgent });
    if (!result.ok) return [reply(errorText(ctx.t, result.error))];
    const published = result.value;
    const circular = renderOut(published.chart ? { ...published.message, file: published.chart } : published.message, ctx.locale);
    const done = ctx.t(published.messages > 0 ? 'circulate.done' : 'circulate.nobody', { title: circular.title ?? '', messages: published.messages });
    return [reply(done), circular];
  },
});

/** /export [PERIOD] — the period's spreadsheet as a file in the chat. */
export const exportCommand = defineCommand({
  name: 'export',
  who: ['editor', 'leader'],
  help: 'cmd.export',
  async run(ctx, args) {
    const period = periodOrThisMonth(ctx.deps, args);
    if (!period.ok) return [reply(errorText(ctx.t, period.error))];
    const data = await gatherExport(ctx.deps, period.value);
    const { title, buffer } = await periodWorkbook(data, { locale: ctx.locale, timezone: ctx.deps.timezone, rules: ctx.deps.rules });
    const line = ctx.t('export.done', {
      title,
      units: data.units.length,
      people: data.people.length,
      adoptions: data.adoptions.length,
      urgent: data.urgent.length + data.misses.length,
    });
    return [reply(line, { file: { name: exportFileName(period.value.key), mime: XLSX_MIME, data: buffer } })];
  },
});

async function awarded(ctx: BoundContext, input: { target: string; points: string; reason: string; date?: string }) {
  const result = await recordAward(ctx.deps, { editor: ctx.person, ...input });
  if (!result.ok) {
    const code = result.error.code;
    const field =
      code === 'AWARD.TARGET'
        ? 'target'
        : code === 'AWARD.POINTS'
          ? 'points'
          : code === 'REVIEW.REASON' || code === 'ITEM.CONTROL_CHARS'
            ? 'reason'
            : undefined;
    return { ok: false as const, field, message: errorText(ctx.t, result.error) };
  }
  const done = result.value;
  const points = done.points > 0 ? `+${formatPoints(done.points)}` : formatPoints(done.points);
  const line = done.period
    ? ctx.t('award.doneFor', { target: done.target.name, points, reason: done.reason, period: periodLabel(ctx, done.period) })
    : ctx.t('award.done', {
        target: done.target.name,
        points,
        reason: done.reason,
        date: formatLocal(done.awardedAt, ctx.deps.timezone, 'yyyy-MM-dd'),
      });
  return { ok: true as const, replies: [reply(line)] };
}

const awardForm: FormSpec = {
  id: 'award',
  title: 'cmd.award',
  fields: [
    { name: 'target', kind: 'text', prompt: 'award.ask.target' },
    {
      name: 'points',
      kind: 'text',
      prompt: 'award.ask.points',
      validate: (value, ctx) => (parseAwardPoints(value) === null ? errorText(ctx.t, { code: 'AWARD.POINTS', params: { text: value.trim() } }) : null),
    },
    { name: 'reason', kind: 'longtext', prompt: 'award.ask.reason' },
  ],
  submit: (ctx, values) => awarded(ctx, { target: values.target ?? '', points: values.points ?? '', reason: values.reason ?? '' }),
};

/** /award UNIT|PERSON POINTS [@YYYY-MM-DD | @PERIOD] REASON — a manual award or deduction (for a day, or for the period named), audited. */
export const award = defineCommand({
  name: 'award',
  who: ['editor', 'admin'],
  help: 'cmd.award',
  form: awardForm,
  async run(ctx, args) {
    const match = /^(\S+)\s+(\S+)(?:\s+(@\S+))?\s+([\s\S]+)$/.exec(args.trim());
    if (!match) return [reply(errorText(ctx.t, { code: 'AWARD.USAGE' }))];
    const outcome = await awarded(ctx, { target: match[1]!, points: match[2]!, date: match[3], reason: match[4]! });
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
});

async function unadopted(ctx: BoundContext, itemId: number, publication: string): Promise<Reply[]> {
  const result = await deleteAdoption(ctx.deps, { editor: ctx.person, itemId, publication });
  if (!result.ok) return [reply(errorText(ctx.t, result.error))];
  const done = result.value;
  const lines = [
    ctx.t('unadopt.done', {
      id: done.entry.item.id,
      title: done.entry.item.title,
      publication: done.publicationName,
      unit: done.entry.unit.name,
      points: formatPoints(done.points),
    }),
  ];
  if (done.bonus !== 0) lines.push(ctx.t('unadopt.bonusRemoved', { bonus: formatPoints(done.bonus) }));
  if (done.requeued) lines.push(ctx.t('unadopt.backToQueue', { id: done.entry.item.id }));
  return [reply(lines)];
}

const unadoptForm: FormSpec = {
  id: 'unadopt',
  title: 'cmd.unadopt',
  fields: [
    {
      name: 'ref',
      kind: 'text',
      prompt: 'review.ask.ref',
      validate: (value, ctx) => refIn(ctx, value),
    },
    { name: 'publication', kind: 'text', prompt: 'unadopt.ask.publication' },
  ],
  async submit(ctx, values) {
    return { ok: true, replies: await unadopted(ctx, parseRef(values.ref ?? '')?.id ?? 0, values.publication ?? '') };
  },
};

/** /unadopt #N PUBLICATION — withdraws an adoption recorded by mistake (kept, marked deleted; audited). */
export const unadopt = defineCommand({
  name: 'unadopt',
  who: ['editor'],
  help: 'cmd.unadopt',
  form: unadoptForm,
  async run(ctx, args) {
    const ref = parseRef(args);
    if (!ref) return [reply(errorText(ctx.t, { code: 'REVIEW.UNADOPT_USAGE' }))];
    if (!ref.rest) return { prefill: { ref: String(ref.id) } };
    return unadopted(ctx, ref.id, ref.rest);
  },
});
