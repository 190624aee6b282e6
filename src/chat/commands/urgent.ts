import { declareUrgent } from '../../domain/urgent/declareUrgent.ts';
import { listOpenUrgent } from '../../domain/urgent/listOpenUrgent.ts';
import { recordFollowUp } from '../../domain/urgent/recordFollowUp.ts';
import { recordMissedReport } from '../../domain/urgent/recordMissedReport.ts';
import { formatLocal, parseLocalDateTime } from '../../domain/time/index.ts';
import { SEVERITIES, type Severity } from '../../domain/vocabulary.ts';
import type { BoundContext, ChatContext } from '../context.ts';
import { errorText } from '../../i18n/errorText.ts';
import type { FormSpec } from '../forms.ts';
import { reply } from '../types.ts';
import { type BoundCommand, defineCommand } from './command.ts';
import { parseRef } from './reference.ts';

const SEVERITY_WORDS: Record<string, Severity> = {
  一般: 'general',
  general: 'general',
  较大: 'large',
  large: 'large',
  重大: 'major',
  major: 'major',
  特别重大: 'grave',
  grave: 'grave',
};
const NONE = new Set(['无', '没有', 'none', 'no', '-', '—']);
const NOW = new Set(['', '现在', '刚才', 'now']);

/** The time an event happened, as typed: “现在”/now (or nothing), or a local date and time. */
function readWhen(ctx: ChatContext, value: string): Date | null | 'bad' {
  const trimmed = value.trim();
  if (NOW.has(trimmed.toLowerCase())) return null;
  return parseLocalDateTime(trimmed, ctx.deps.timezone) ?? 'bad';
}

async function recorded(ctx: BoundContext, input: { what: string; place?: string; when?: string; severity?: string; casualties?: string }) {
  const when = readWhen(ctx, input.when ?? '');
  if (when === 'bad') return { ok: false as const, field: 'when', message: errorText(ctx.t, { code: 'URGENT.WHEN' }) };
  const casualties = input.casualties && !NONE.has(input.casualties.trim().toLowerCase()) ? input.casualties : undefined;
  const place = input.place && !NONE.has(input.place.trim().toLowerCase()) ? input.place : undefined;
  const result = await declareUrgent(ctx.deps, {
    reporter: ctx.person,
    what: input.what,
    place,
    occurredAt: when ?? undefined,
    severity: input.severity,
    casualties,
  });
  if (!result.ok) {
    const field = result.error.code === 'URGENT.TEXT' ? 'what' : result.error.code === 'URGENT.FUTURE' ? 'when' : undefined;
    return { ok: false as const, field, message: errorText(ctx.t, result.error) };
  }
  const report = result.value;
  const severity = ctx.t(`severity.${report.severity}`);
  const lines = [ctx.t('urgent.recorded', { id: report.id, severity })];
  if (report.late) lines.push(ctx.t('urgent.recordedLate', { delay: report.delayMinutes }));
  lines.push(ctx.t('urgent.nextDue', { id: report.id, due: formatLocal(report.nextDueAt!, ctx.deps.timezone) }));
  return { ok: true as const, replies: [reply(lines)] };
}

export const urgentForm: FormSpec = {
  id: 'urgent',
  title: 'cmd.urgent',
  fields: [
    { name: 'what', kind: 'longtext', prompt: 'urgent.ask.what' },
    { name: 'place', kind: 'text', prompt: 'urgent.ask.where', optional: true },
    {
      name: 'when',
      kind: 'text',
      prompt: 'urgent.ask.when',
      optional: true,
      validate: (value, ctx) => (readWhen(ctx, value) === 'bad' ? errorText(ctx.t, { code: 'URGENT.WHEN' }) : null),
    },
    {
      name: 'severity',
      kind: 'choice',
      prompt: 'urgent.ask.severity',
      options: (ctx) => SEVERITIES.map((value) => ({ value, label: ctx.t(`severity.${value}`) })),
    },
    { name: 'casualties', kind: 'text', prompt: 'urgent.ask.casualties', optional: true },
  ],
  submit: (ctx, values) =>
    recorded(ctx, { what: values.what ?? '', place: values.place, when: values.when, severity: values.severity, casualties: values.casualties }),
};

/** `/urgent [重大] TEXT`: the event happened now; severity from the leading tag, else 一般. */
export const urgent = defineCommand({
  name: 'urgent',
  who: ['reporter'],
  help: 'cmd.urgent',
  form: urgentForm,
  async run(ctx, args) {
    const tag = /^[[【(（]([^\]】)）]{1,8})[\]】)）]\s*/.exec(args);
    const severity = tag ? SEVERITY_WORDS[tag[1]!.trim().toLowerCase()] : undefined;
    if (tag && !severity) return [reply(errorText(ctx.t, { code: 'URGENT.SEVERITY' }))];
    const outcome = await recorded(ctx, { what: tag ? args.slice(tag[0].length) : args, severity: severity ?? 'general' });
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
});

function updateCommand(name: 'followup' | 'close'): BoundCommand {
  const final = name === 'close';
  return defineCommand({
    name,
    who: ['reporter', 'lead'],
    help: final ? 'cmd.close' : 'cmd.followup',
    async run(ctx, args) {
      const ref = parseRef(args);
      if (!ref?.rest) return [reply(errorText(ctx.t, { code: final ? 'URGENT.CLOSE_USAGE' : 'URGENT.FOLLOWUP_USAGE' }))];
      const result = await recordFollowUp(ctx.deps, { author: ctx.person, reportId: ref.id, text: ref.rest, final });
      if (!result.ok) return [reply(errorText(ctx.t, result.error))];
      const report = result.value;
      return [
        reply(
          final
            ? ctx.t('urgent.closedDone', { id: report.id })
            : ctx.t('urgent.followupRecorded', { id: report.id, due: formatLocal(report.nextDueAt!, ctx.deps.timezone) }),
        ),
      ];
    },
  });
}

export const followup = updateCommand('followup');
export const close = updateCommand('close');

/** /urgents — the open emergencies, soonest due first. */
export const urgents = defineCommand({
  name: 'urgents',
  readOnly: true,
  who: ['duty', 'leader', 'editor'],
  help: 'cmd.urgents',
  async run(ctx) {
    const result = await listOpenUrgent(ctx.deps, { viewer: ctx.person });
    if (!result.ok) return [reply(errorText(ctx.t, result.error))];
    if (result.value.length === 0) return [reply(ctx.t('urgent.list.empty'))];
    const now = ctx.deps.clock.now().getTime();
    return [
      reply(
        result.value.map((report) =>
          ctx.t('urgent.list.line', {
            id: report.id,
            severity: ctx.t(`severity.${report.severity}`),
            unit: report.unit.name,
            what: report.what.length > 40 ? `${report.what.slice(0, 40)}…` : report.what,
            due: report.nextDueAt ? formatLocal(report.nextDueAt, ctx.deps.timezone) : '—',
            overdue: report.nextDueAt && report.nextDueAt.getTime() < now ? ctx.t('urgent.list.overdue') : '',
          }),
        ),
        { title: ctx.t('urgent.list.title') },
      ),
    ];
  },
});

/** /missed UNIT DATE NOTE — an editor records a unit's missed report (漏报). */
export const missed = defineCommand({
  name: 'missed',
  who: ['editor'],
  help: 'cmd.missed',
  async run(ctx, args) {
    const match = /^(\S+)\s+(\S+(?:[ T]\d{1,2}:\d{2})?)\s+([\s\S]+)$/.exec(args.trim());
    const occurredAt = match ? parseLocalDateTime(match[2]!, ctx.deps.timezone) : null;
    if (!match || !occurredAt) return [reply(errorText(ctx.t, { code: 'URGENT.MISSED_USAGE' }))];
    const result = await recordMissedReport(ctx.deps, { editor: ctx.person, unitCode: match[1]!, occurredAt, note: match[3]! });
    if (!result.ok) return [reply(errorText(ctx.t, result.error))];
    const unit = await ctx.deps.store.units.byCode(match[1]!);
    return [reply(ctx.t('urgent.missRecorded', { unit: unit?.name ?? match[1]!, id: result.value.id }))];
  },
});
