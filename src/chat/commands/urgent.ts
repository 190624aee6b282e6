import { fail, ok, type Failure, type Result } from '../../domain/result.ts';
import { excerpt } from '../../domain/tasks/text.ts';
import { closeByPhone } from '../../domain/urgent/closeByPhone.ts';
import { declareUrgent, isFutureEvent, validateUrgentText } from '../../domain/urgent/declareUrgent.ts';
import { acknowledgeUrgent } from '../../domain/urgent/acknowledgeUrgent.ts';
import { listOpenUrgent } from '../../domain/urgent/listOpenUrgent.ts';
import { logPhoneReport, unitNamed } from '../../domain/urgent/logPhoneReport.ts';
import { ACK_ACTION, PHONE_CLOSE_ACTION, phoneCloseAction } from '../../domain/urgent/urgentMessages.ts';
import type { UrgentRecord } from '../../domain/urgent/port.ts';
import { recordFollowUp, reportToUpdate } from '../../domain/urgent/recordFollowUp.ts';
import { recordMissedReport } from '../../domain/urgent/recordMissedReport.ts';
import { withdrawMissedReport } from '../../domain/urgent/withdrawMissedReport.ts';
import { atLocalTime, formatLocal, localDateKey, parseLocalDateTime } from '../../domain/time/index.ts';
import { SEVERITIES, type Severity } from '../../domain/vocabulary.ts';
import type { BoundContext, ChatContext } from '../context.ts';
import { errorText } from '../../i18n/errorText.ts';
import type { PendingAttachment } from '../../domain/attachments/receiveFile.ts';
import { filesField, type FormSpec, type Submission } from '../forms.ts';
import { reply, type Reply } from '../types.ts';
import { type BoundCommand, defineCommand } from './command.ts';
import { parseRef } from './reference.ts';
import { optionalAnswer } from './optional.ts';

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
const NOW = new Set(['', '现在', '刚才', 'now']);

/** The time an event happened (or a call came), as typed: “现在”/now (or nothing), a local date and time, or HH:MM today. */
function readWhen(ctx: ChatContext, value: string): Date | null | 'bad' {
  const trimmed = value.trim();
  if (NOW.has(trimmed.toLowerCase())) return null;
  const clock = /^(\d{1,2}):(\d{2})$/.exec(trimmed);
  if (clock && Number(clock[1]) < 24 && Number(clock[2]) < 60) {
    const today = localDateKey(ctx.deps.clock.now(), ctx.deps.timezone);
    return atLocalTime(today, `${clock[1]!.padStart(2, '0')}:${clock[2]}`, ctx.deps.timezone);
  }
  return parseLocalDateTime(trimmed, ctx.deps.timezone) ?? 'bad';
}

/** Whether the person works the duty desk only (a duty officer who is not also a unit's reporter): /urgent logs a phone report for them. */
const atDutyDesk = (ctx: BoundContext) => ctx.person.roles.includes('duty') && !ctx.person.roles.includes('reporter');

const PHONE_FIELDS: Record<string, string> = {
  'URGENT.TEXT': 'what',
  'URGENT.FUTURE': 'when',
  'URGENT.CALL_BEFORE_EVENT': 'when',
  'URGENT.CALL_FUTURE': 'called',
  'URGENT.UNIT_UNKNOWN': 'unit',
  'URGENT.UNIT_INACTIVE': 'unit',
};

/** A phone report logged by the duty office (docs/urgent.md#the-duty-desk): the reply with its #N, the call time and the unit's timeliness. */
async function phoneRecorded(
  ctx: BoundContext,
  input: { unit: string; what: string; place?: string; when?: string; called?: string; severity?: string; casualties?: string },
  attachments?: PendingAttachment[],
): Promise<Submission> {
  const called = readWhen(ctx, input.called ?? '');
  if (called === 'bad') return { ok: false, field: 'called', message: errorText(ctx.t, { code: 'URGENT.CALL_WHEN' }) };
  const when = readWhen(ctx, input.when ?? '');
  if (when === 'bad') return { ok: false, field: 'when', message: errorText(ctx.t, { code: 'URGENT.WHEN' }) };
  const result = await logPhoneReport(ctx.deps, {
    duty: ctx.person,
    unit: input.unit,
    what: input.what,
    place: optionalAnswer(input.place),
    occurredAt: when ?? undefined,
    calledAt: called ?? undefined,
    severity: input.severity,
    casualties: optionalAnswer(input.casualties),
    attachments: attachments ?? ctx.attachments,
  });
  if (!result.ok) return { ok: false, field: PHONE_FIELDS[result.error.code], message: errorText(ctx.t, result.error) };
  const report = result.value;
  const tz = ctx.deps.timezone;
  const lines = [
    ctx.t('urgent.phoneRecorded', {
      id: report.id,
      unit: report.unit.name,
      severity: ctx.t(`severity.${report.severity}`),
      called: formatLocal(report.calledAt!, tz),
    }),
  ];
  if (report.late) lines.push(ctx.t('urgent.phoneRecordedLate', { delay: report.delayMinutes }));
  lines.push(ctx.t('urgent.phoneNextDue', { due: formatLocal(report.nextDueAt!, tz) }));
  return { ok: true, replies: [reply(lines)] };
}

const SEVERITY_TAG = /^[[【(（]([^\]】)）]{1,8})[\]】)）]\s*/;
const TIME = String.raw`(\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}|\d{1,2}:\d{2})`;
const CALL_TIME = new RegExp(String.raw`^(?:@|来电\s*|called\s+)${TIME}\s*`, 'i');
const EVENT_TIME = new RegExp(String.raw`^(?:事发\s*|happened\s+)${TIME}\s*`, 'i');

/**
 * `/urgent for UNIT [@14:05] [事发 13:50] [重大] TEXT` as typed: the unit, then in any order the
 * call time (`@`, `来电`, `called`), the event time (`事发`, `happened`) and the severity tag.
 */
function parsePhoneLine(rest: string): { called?: string; when?: string; tag?: string; what: string } {
  const parsed: { called?: string; when?: string; tag?: string; what: string } = { what: rest.trim() };
  const parts = [
    { key: 'called', pattern: CALL_TIME },
    { key: 'when', pattern: EVENT_TIME },
    { key: 'tag', pattern: SEVERITY_TAG },
  ] as const;
  for (;;) {
    const found = parts.map((part) => ({ ...part, match: part.pattern.exec(parsed.what) })).find((part) => part.match && parsed[part.key] === undefined);
    if (!found?.match) return parsed;
    parsed[found.key] = found.match[1]!.trim();
    parsed.what = parsed.what.slice(found.match[0].length);
  }
}

/** `/urgent for UNIT …` by a duty officer: one-shot, or with the unit only, the guided form for that unit. */
async function phoneOneShot(ctx: BoundContext, unitWord: string, rest: string) {
  const unit = await unitNamed(ctx.deps.store, unitWord);
  if (!unit.ok) return [reply(errorText(ctx.t, unit.error))];
  if (rest.trim() === '') return { prefill: { unit: unit.value.code } };
  const line = parsePhoneLine(rest);
  const severity = line.tag === undefined ? 'general' : SEVERITY_WORDS[line.tag.toLowerCase()];
  if (!severity) return [reply(errorText(ctx.t, { code: 'URGENT.SEVERITY' }))];
  const outcome = await phoneRecorded(ctx, { unit: unit.value.code, what: line.what, called: line.called, when: line.when, severity });
  return outcome.ok ? outcome.replies : [reply(outcome.message)];
}

/** The 确认收到 button on a duty officer's alert. */
async function acknowledged(ctx: BoundContext, match: RegExpExecArray): Promise<Reply[]> {
  const result = await acknowledgeUrgent(ctx.deps, { duty: ctx.person, reportId: Number(match[1]) });
  if (!result.ok) return [reply(errorText(ctx.t, result.error))];
  return [reply(ctx.t('urgent.ack.done', { id: result.value.id }))];
}

async function recorded(
  ctx: BoundContext,
  input: { what: string; place?: string; when?: string; severity?: string; casualties?: string },
  attachments?: PendingAttachment[],
) {
  const when = readWhen(ctx, input.when ?? '');
  if (when === 'bad') return { ok: false as const, field: 'when', message: errorText(ctx.t, { code: 'URGENT.WHEN' }) };
  const casualties = optionalAnswer(input.casualties);
  const place = optionalAnswer(input.place);
  const result = await declareUrgent(ctx.deps, {
    reporter: ctx.person,
    what: input.what,
    place,
    occurredAt: when ?? undefined,
    severity: input.severity,
    casualties,
    attachments: attachments ?? ctx.attachments,
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
    // The duty desk's questions first (docs/urgent.md#the-duty-desk): which unit called, and when.
    {
      name: 'unit',
      kind: 'choice',
      prompt: 'urgent.ask.unit',
      askedOf: atDutyDesk,
      options: async (ctx) => (await ctx.deps.store.units.list()).filter((unit) => unit.active).map((unit) => ({ value: unit.code, label: unit.name })),
    },
    {
      name: 'called',
      kind: 'text',
      prompt: 'urgent.ask.called',
      optional: true,
      askedOf: atDutyDesk,
      validate: (value, ctx) => {
        const called = readWhen(ctx, value);
        if (called === 'bad') return errorText(ctx.t, { code: 'URGENT.CALL_WHEN' });
        return called && isFutureEvent(called, ctx.deps.clock.now()) ? errorText(ctx.t, { code: 'URGENT.CALL_FUTURE' }) : null;
      },
    },
    { name: 'what', kind: 'longtext', prompt: 'urgent.ask.what' },
    { name: 'place', kind: 'text', prompt: 'urgent.ask.where', optional: true },
    {
      name: 'when',
      kind: 'text',
      prompt: 'urgent.ask.when',
      optional: true,
      // Checked here, at its own step, so a time in the future is asked again at once.
      validate: (value, ctx) => {
        const when = readWhen(ctx, value);
        if (when === 'bad') return errorText(ctx.t, { code: 'URGENT.WHEN' });
        return when && isFutureEvent(when, ctx.deps.clock.now()) ? errorText(ctx.t, { code: 'URGENT.FUTURE' }) : null;
      },
    },
    {
      name: 'severity',
      kind: 'choice',
      prompt: 'urgent.ask.severity',
      options: (ctx) => SEVERITIES.map((value) => ({ value, label: ctx.t(`severity.${value}`) })),
    },
    { name: 'casualties', kind: 'text', prompt: 'urgent.ask.casualties', optional: true },
    // Last: photos, videos or a location from the scene, or 完成 / Done (docs/attachments.md).
    filesField,
  ],
  submit: (ctx, values, attachments) =>
    values.unit
      ? phoneRecorded(ctx, { ...values, unit: values.unit, what: values.what ?? '' }, attachments)
      : recorded(
          ctx,
          { what: values.what ?? '', place: values.place, when: values.when, severity: values.severity, casualties: values.casualties },
          attachments,
        ),
};

/**
 * `/urgent [重大] TEXT`: the event happened now; severity from the leading tag, else 一般. A duty
 * officer logs a unit's phone report with `/urgent for UNIT …`, and acknowledges a chat report
 * with the alert's 确认收到 button (docs/urgent.md#the-duty-desk).
 */
export const urgent = defineCommand({
  name: 'urgent',
  who: ['reporter', 'duty'],
  help: 'cmd.urgent',
  form: urgentForm,
  async run(ctx, args) {
    const phone = /^(?:for|代)\s+(\S+)(?:\s+([\s\S]*))?$/i.exec(args.trim());
    if (phone && ctx.person.roles.includes('duty')) return phoneOneShot(ctx, phone[1]!, phone[2] ?? '');
    if (atDutyDesk(ctx)) return [reply(errorText(ctx.t, { code: 'URGENT.NAME_UNIT' }))];
    const tag = SEVERITY_TAG.exec(args);
    const severity = tag ? SEVERITY_WORDS[tag[1]!.trim().toLowerCase()] : undefined;
    if (tag && !severity) return [reply(errorText(ctx.t, { code: 'URGENT.SEVERITY' }))];
    const outcome = await recorded(ctx, { what: tag ? args.slice(tag[0].length) : args, severity: severity ?? 'general' });
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
  actions: [{ pattern: ACK_ACTION, run: acknowledged }],
});

/** The open reports a person may follow up or close: their unit's, or for a duty officer closing one, all. */
async function openReportsFor(ctx: BoundContext, final: boolean) {
  const open = await ctx.deps.store.urgent.listOpen();
  const unitId = ctx.person.unit?.id;
  if (final && unitId === undefined && ctx.person.roles.includes('duty')) return open;
  return open.filter((report) => report.unit.id === unitId);
}

/** Whether /close #N by this person is the duty office closing a unit's report on its word by phone. */
const closesByPhone = (ctx: BoundContext, report: UrgentRecord | null) =>
  ctx.person.roles.includes('duty') && (!report || ctx.person.unit?.id !== report.unit.id);

/** The report named in /followup #N or /close #N, checked before the text is asked for. */
async function reportToName(ctx: BoundContext, id: number, final: boolean): Promise<Result<UrgentRecord>> {
  const report = await ctx.deps.store.urgent.byId(id);
  if (final && closesByPhone(ctx, report)) {
    if (!report) return fail('URGENT.UNKNOWN', { id });
    return report.status === 'closed' ? fail('URGENT.CLOSED', { id }) : ok(report);
  }
  return reportToUpdate(ctx.deps, ctx.person, id);
}

async function updated(ctx: BoundContext, final: boolean, reportId: number, body: string, attachments?: PendingAttachment[]): Promise<Submission> {
  const failed = (error: Failure): Submission => ({
    ok: false,
    field: error.code === 'URGENT.UPDATE_TEXT' || error.code === 'ITEM.CONTROL_CHARS' ? 'text' : 'report',
    message: errorText(ctx.t, error),
  });
  if (final && closesByPhone(ctx, await ctx.deps.store.urgent.byId(reportId))) {
    const result = await closeByPhone(ctx.deps, { duty: ctx.person, reportId, text: body });
    if (!result.ok) return failed(result.error);
    return { ok: true, replies: [reply(ctx.t('urgent.phoneClosed', { id: result.value.id, unit: result.value.unit.name }))] };
  }
  const result = await recordFollowUp(ctx.deps, { author: ctx.person, reportId, text: body, final, attachments: attachments ?? ctx.attachments });
  if (!result.ok) return failed(result.error);
  const report = result.value;
  const { late, delayMinutes } = report.update;
  const lines = [
    final
      ? ctx.t('urgent.closedDone', { id: report.id })
      : ctx.t('urgent.followupRecorded', { id: report.id, due: formatLocal(report.nextDueAt!, ctx.deps.timezone) }),
  ];
  if (late) lines.push(ctx.t('urgent.updateLate', { delay: delayMinutes }));
  return { ok: true, replies: [reply(lines)] };
}

function updateForm(final: boolean): FormSpec {
  return {
    id: final ? 'close' : 'followup',
    title: final ? 'cmd.close' : 'cmd.followup',
    fields: [
      {
        name: 'report',
        kind: 'choice',
        prompt: 'urgent.ask.report',
        whenEmpty: 'urgent.noneOpen',
        options: async (ctx) =>
          (await openReportsFor(ctx, final)).slice(0, 20).map((report) => ({
            value: String(report.id),
            label: ctx.t('urgent.option', { id: report.id, unit: report.unit.name, what: excerpt(report.what, 16) }),
          })),
      },
      {
        name: 'text',
        kind: 'longtext',
        prompt: final ? 'urgent.ask.final' : 'urgent.ask.followup',
        validate: (value, ctx) => {
          const checked = validateUrgentText(value, 'URGENT.UPDATE_TEXT');
          return checked.ok ? null : errorText(ctx.t, checked.error);
        },
      },
      // A follow-up ends with photos or files from the scene, or 完成 / Done (docs/attachments.md).
      ...(final ? [] : [filesField]),
    ],
    submit: (ctx, values, attachments) => updated(ctx, final, Number(values.report), values.text ?? '', attachments),
  };
}

/**
 * `/followup #N TEXT` and `/close #N TEXT` (the report's unit; `/close` also the duty office, for a
 * unit that said by phone it is over). Without text the form asks for it, after checking #N;
 * without anything it asks which open report first.
 */
function updateCommand(name: 'followup' | 'close'): BoundCommand {
  const final = name === 'close';
  return defineCommand({
    name,
    who: final ? ['reporter', 'lead', 'duty'] : ['reporter', 'lead'],
    help: final ? 'cmd.close' : 'cmd.followup',
    form: updateForm(final),
    async run(ctx, args) {
      const ref = parseRef(args);
      if (!ref) return [reply(errorText(ctx.t, { code: final ? 'URGENT.CLOSE_USAGE' : 'URGENT.FOLLOWUP_USAGE' }))];
      if (!ref.rest) {
        const report = await reportToName(ctx, ref.id, final);
        return report.ok ? { prefill: { report: String(report.value.id) } } : [reply(errorText(ctx.t, report.error))];
      }
      const outcome = await updated(ctx, final, ref.id, ref.rest);
      return outcome.ok ? outcome.replies : [reply(outcome.message)];
    },
    actions: final ? [{ pattern: PHONE_CLOSE_ACTION, run: phoneCloseAsked }] : [],
  });
}

/** The 电话确认结束 button (duty officers): checks the report, then asks for what the unit said. */
async function phoneCloseAsked(ctx: BoundContext, match: RegExpExecArray) {
  if (!ctx.person.roles.includes('duty')) return [reply(errorText(ctx.t, { code: 'URGENT.CLOSE_DUTY_ONLY' }))];
  const report = await reportToName(ctx, Number(match[1]), true);
  return report.ok ? { prefill: { report: String(report.value.id) } } : [reply(errorText(ctx.t, report.error))];
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
    // The duty office also sees how each report came and whether its receipt was acknowledged,
    // with a 电话确认结束 button for each (docs/urgent.md#the-duty-desk).
    const desk = ctx.person.roles.includes('duty');
    const deskMarks = (report: UrgentRecord) => ({
      channel: report.channel === 'phone' ? ctx.t('urgent.list.phone') : '',
      ack: report.channel === 'phone' ? '' : ctx.t(report.acknowledgedAt ? 'urgent.list.acked' : 'urgent.list.unacked'),
    });
    const closeButtons = result.value
      .slice(0, 10)
      .map((report) => [{ label: ctx.t('urgent.list.closeButton', { id: report.id }), action: phoneCloseAction(report.id) }]);
    return [
      reply(
        result.value.map((report) =>
          ctx.t(desk ? 'urgent.list.deskLine' : 'urgent.list.line', {
            id: report.id,
            severity: ctx.t(`severity.${report.severity}`),
            unit: report.unit.name,
            what: report.what.length > 40 ? `${report.what.slice(0, 40)}…` : report.what,
            due: report.nextDueAt ? formatLocal(report.nextDueAt, ctx.deps.timezone) : '—',
            overdue: report.nextDueAt && report.nextDueAt.getTime() < now ? ctx.t('urgent.list.overdue') : '',
            ...(desk ? deskMarks(report) : {}),
          }),
        ),
        { title: ctx.t('urgent.list.title'), ...(desk ? { buttons: closeButtons } : {}) },
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

/** /unmissed #N — an editor withdraws a missed report recorded by mistake (kept, marked; audited). */
export const unmissed = defineCommand({
  name: 'unmissed',
  who: ['editor'],
  help: 'cmd.unmissed',
  async run(ctx, args) {
    const ref = parseRef(args);
    if (!ref || ref.rest) return [reply(errorText(ctx.t, { code: 'URGENT.UNMISSED_USAGE' }))];
    const result = await withdrawMissedReport(ctx.deps, { editor: ctx.person, missId: ref.id });
    if (!result.ok) return [reply(errorText(ctx.t, result.error))];
    const miss = result.value;
    return [reply(ctx.t('urgent.missWithdrawn', { id: miss.id, unit: miss.unit.name, date: formatLocal(miss.occurredAt, ctx.deps.timezone, 'yyyy-MM-dd') }))];
  },
});
