/**
 * The office's rules as data ("the rules are data that an office sets, not code"): publications and their points, bonuses, penalties, urgent-report deadlines, follow-up
 * and commission reminders, default targets, the circular schedule and the working calendar.
 *
 * Two schemas:
 * - `completeRulesSchema` checks a complete rules value (every key present). `Rules` is its output.
 * - `rulesSchema` is what a rules file is parsed with: every key is optional, and what the file
 *   leaves out comes from `defaultRules`. Objects merge key by key, arrays (publications,
 *   workdays, hours, holidays, workingDays) replace the default list as a whole, and `null`
 *   removes a default (useful for targets: `targets: { township: { week: null } }`).
 *   `rulesSchema.parse({})` deep-equals `defaultRules`.
 *
 * Unknown keys are refused everywhere, so a typo never passes silently.
 */
import { z } from 'zod';
import { trimText } from '../text.ts';
import { LEADER_LEVELS, PERIOD_KINDS, SEVERITIES, UNIT_KINDS } from '../vocabulary.ts';
import { ATTACHMENT_DEFAULTS, ATTACHMENT_KINDS } from '../attachments/port.ts';
import { defaultRules } from './defaults.ts';
import { CODE_PATTERN, cronProblem, HHMM_PATTERN, isRealDate, isTimeZone, minutesOfDay, WEEKDAY_TIME_PATTERN } from './valueChecks.ts';

/** Publication levels are the same four levels as leaders: 县, 市, 省, 国家. */
export const PUBLICATION_LEVELS = LEADER_LEVELS;

/** The same schema under each of `keys` (severities, leader levels, unit kinds, period kinds). */
function byKey<K extends string, S extends z.ZodType>(keys: readonly K[], schema: S): { [P in K]: S } {
  return Object.fromEntries(keys.map((k) => [k, schema])) as { [P in K]: S };
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const points = z.number().min(0);
const hours = z.number().positive();
const count = (min: number) => z.number().int().min(min);
const hhmm = z.string().regex(HHMM_PATTERN, 'Must be a time written HH:mm between 00:00 and 23:59, e.g. "08:30".');
const isoDate = z.string().refine(isRealDate, 'Must be a real calendar date written YYYY-MM-DD, e.g. "2026-10-01".');
const cron = z.string().superRefine((text, ctx) => {
  const problem = cronProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Adds an issue at `[index]` for each entry of a list that repeats an earlier one. */
function noRepeats<T>(list: T[], ctx: z.RefinementCtx, keyOf: (item: T) => unknown, what: (item: T, first: number) => string, subPath: PropertyKey[] = []) {
  const seen = new Map<unknown, number>();
  list.forEach((item, i) => {
    const key = keyOf(item);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else ctx.addIssue({ code: 'custom', path: [i, ...subPath], message: what(item, first) });
  });
}

export const publicationSchema = z.strictObject({
  /** Short code typed in `/adopt #N CODE`: lowercase letters, digits and '-'. */
  code: z.string().regex(CODE_PATTERN, 'Must use only lowercase letters, digits and "-", e.g. "jinzheng-putong".'),
  /** The publication's name as printed, e.g. 《晋政信息·普刊》. */
  name: z.string().overwrite(trimText).min(1),
  /** The level of the office that publishes it: county | city | province | state. */
  level: z.enum(PUBLICATION_LEVELS),
  /** Points one adoption by this publication earns. */
  points,
  /** The office's own bulletin, compiled into numbered issues with /compile and sent with /issue (docs/bulletins.md). */
  bulletin: z.boolean().optional(),
  /** The masthead printed in red on an issue, e.g. `信阳政务信息`; `{name}` stands for the name. Default: the name without 《》. */
  title: z.string().overwrite(trimText).min(1).optional(),
  /** 总第 count: the issues published before Xinbao; the first issue compiled here is 总第(totalStart + 1)期. */
  totalStart: count(0).optional(),
  /** The issuing office printed under the masthead, e.g. `信阳市人民政府办公室`. Default: the office name of the org file. */
  issuer: z.string().overwrite(trimText).min(1).optional(),
});

const severityDeadlines = z.strictObject({
  /** Hours after the event by which the first report (首报) is due. */
  firstReportHours: hours,
  /** Hours between follow-up reports (续报) until the final report (终报) closes it. */
  followUpHours: hours,
});

const target = z.strictObject({ submitted: count(0).optional(), adopted: count(0).optional() });
const periodTargets = z.strictObject(byKey(PERIOD_KINDS, target.optional())).default({});

const workingHours = z.strictObject({ start: hhmm, end: hhmm }).superRefine((span, ctx) => {
  if (HHMM_PATTERN.test(span.start) && HHMM_PATTERN.test(span.end) && minutesOfDay(span.end) <= minutesOfDay(span.start)) {
    ctx.addIssue({ code: 'custom', path: ['end'], message: `The end time ${span.end} must be later than the start time ${span.start}.` });
  }
});

// ---------------------------------------------------------------------------------------------
// The rules

export const completeRulesSchema = z.strictObject({
  /** The publications (信息载体) that adopt items, with the points per adoption. */
  publications: z
    .array(publicationSchema)
    .min(1)
    .superRefine((list, ctx) =>
      noRepeats(
        list,
        ctx,
        (p) => p.code,
        (p, first) => `The publication code "${p.code}" is already used by publications.${first}; codes must be unique.`,
        ['code'],
      ),
    ),

  bonuses: z.strictObject({
    /** Points added when a leader writes an instruction (批示) on an adopted item, by the leader's level. */
    leaderInstruction: z.strictObject(byKey(LEADER_LEVELS, points)),
    /** Extra points when an adopted item has category 'problem' (负反馈 / 报忧). */
    negativeFeedback: points,
  }),

  /** Points subtracted, written as positive numbers. */
  penalties: z.strictObject({
    /** An urgent report's first report came after its deadline (迟报). */
    lateUrgent: points,
    /** An urgent event was never reported by the unit (漏报 / 瞒报). */
    missedUrgent: points,
    /**
     * A follow-up (续报) or final report of an open urgent report came after it was due (续报迟报).
     * Added after offices had stored rules: a version stored without it takes the default.
     */
    lateFollowUp: points.default(1),
  }),

  /**
   * Urgent reports: deadlines by severity, and the reminder ladder for an overdue slot (a due
   * first report or follow-up). At the deadline the reporter is reminded; after `graceMinutes`
   * the unit lead and the duty officers are reminded too; after `escalateAfter` reminders without
   * a report the office's editors and leaders are alerted; at most `reminderCap` reminders are
   * sent per slot. Urgent reminders ignore the working calendar.
   */
  urgent: z
    .strictObject({
      ...byKey(SEVERITIES, severityDeadlines),
      /** Minutes past a deadline before the unit lead and duty officers are reminded as well. */
      graceMinutes: count(0),
      /** At most this many reminders per slot. */
      reminderCap: count(1),
      /** After this many reminders without a report, editors and leaders are alerted. */
      escalateAfter: count(1),
    })
    .superRefine((u, ctx) => {
      if (u.escalateAfter > u.reminderCap) {
        ctx.addIssue({
          code: 'custom',
          path: ['escalateAfter'],
          message: `escalateAfter (${u.escalateAfter}) must not be larger than reminderCap (${u.reminderCap}), or the escalation never happens.`,
        });
      }
    }),

  /** Leader-instruction follow-ups (批示件办理反馈). */
  instruction: z.strictObject({
    /** Days the unit has to report how the instruction was carried out. */
    dueDays: count(1),
    /** Hours before the due time the unit is reminded. */
    remindBeforeHours: points,
    /** Hours between chasers once the feedback is overdue. */
    chaseEveryHours: hours,
  }),

  /** Commissions (约稿) and research plans. */
  commission: z.strictObject({
    remindBeforeHours: points,
    chaseEveryHours: hours,
  }),

  /** Default targets by unit kind and period kind; a unit's own targets in the org file override these. */
  targets: z.strictObject(byKey(UNIT_KINDS, periodTargets)),

  /**
   * When the circulars and jobs run: 5-field cron expressions in the office's time zone.
   * Cron cannot say "every other week": `biweeklyRanking` fires weekly and the ranking job sends
   * only in the weeks that close a two-week span (even ISO week numbers).
   */
  schedule: z.strictObject({
    weeklyNotice: cron,
    biweeklyRanking: cron,
    monthly: cron,
    quarterly: cron,
    annual: cron,
    urgentTimeliness: cron,
    quotaReminders: cron,
  }),

  reminders: z.strictObject({
    /** Units below pace are reminded in the last N working days of a period. */
    quotaBeforeEndWorkingDays: count(0),
    /** When the weekly nudge to units behind their month's target goes out: 'Mon 09:00'. */
    weeklyQuotaNudge: z.string().regex(WEEKDAY_TIME_PATTERN, 'Must be a weekday and a time like "Mon 09:00" (Mon Tue Wed Thu Fri Sat Sun, HH:mm).'),
    /** Reminders of one kind about one matter to a person without an answer, after which the next goes to the unit lead instead. */
    capBeforeEscalation: count(1),
    /**
     * The day the office went live (YYYY-MM-DD, office time): the quota pace counts from it. Without
     * it, the day of the first org import (the `office.goLive` setting) is taken.
     */
    goLive: isoDate.optional(),
  }),

  /**
   * Attachments (docs/attachments.md): what may be sent with an item or an urgent report. Checked
   * against the size the platform reports, before anything is fetched. Added after offices had
   * stored rules: a version stored without it takes the defaults.
   */
  attachments: z
    .strictObject({
      /** The largest file accepted, in bytes. */
      maxBytes: count(1),
      /** At most this many attachments with one item, report or update. */
      maxPerSubmission: count(1),
      /** The kinds accepted: photo, document, video, location. */
      kinds: z.array(z.enum(ATTACHMENT_KINDS)),
      /** The MIME types of documents accepted, e.g. "application/pdf" or "image/*"; empty = any. */
      documentTypes: z.array(z.string().regex(/^[a-z0-9.+-]+\/(?:\*|[a-z0-9.+-]+)$/i, 'Must be a MIME type such as "application/pdf" or "image/*".')),
    })
    .default(() => ({ ...ATTACHMENT_DEFAULTS, kinds: [...ATTACHMENT_DEFAULTS.kinds], documentTypes: [] })),

  /** The working calendar: non-urgent reminders go out on working days, in working hours. */
  calendar: z
    .strictObject({
      /** IANA time zone; XINBAO_TZ may set it instead. */
      timezone: z.string().refine(isTimeZone, 'Must be an IANA time zone such as "Asia/Shanghai".').optional(),
      /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
      workdays: z
        .array(z.number().int().min(1).max(7))
        .min(1)
        .superRefine((days, ctx) =>
          noRepeats(
            days,
            ctx,
            (d) => d,
            (d) => `Weekday ${d} is listed twice.`,
          ),
        ),
      /** Working hours of a working day, in order and not overlapping. */
      hours: z
        .array(workingHours)
        .min(1)
        .superRefine((spans, ctx) => {
          for (let i = 1; i < spans.length; i++) {
            const prev = spans[i - 1];
            const cur = spans[i];
            if ([prev.end, cur.start].every((t) => HHMM_PATTERN.test(t)) && minutesOfDay(cur.start) < minutesOfDay(prev.end)) {
              ctx.addIssue({
                code: 'custom',
                path: [i, 'start'],
                message: `This span must start at or after ${prev.end}, when the one before it ends; list working hours in order without overlaps.`,
              });
            }
          }
        }),
      /**
       * Official holidays (法定节假日). Built in from the chinese-days package; dates listed here for
       * a year replace that year's built-in holidays and working days (see publicHolidays.ts).
       */
      holidays: z.array(isoDate).superRefine((d, ctx) =>
        noRepeats(
          d,
          ctx,
          (x) => x,
          (x) => `The date ${x} is listed twice.`,
        ),
      ),
      /** Weekend days worked in exchange for a holiday (调休上班); built in and replaced per year like `holidays`. */
      workingDays: z.array(isoDate).superRefine((d, ctx) =>
        noRepeats(
          d,
          ctx,
          (x) => x,
          (x) => `The date ${x} is listed twice.`,
        ),
      ),
    })
    .superRefine((cal, ctx) => {
      const holidays = new Set(cal.holidays);
      cal.workingDays.forEach((day, i) => {
        if (holidays.has(day)) {
          ctx.addIssue({ code: 'custom', path: ['workingDays', i], message: `The date ${day} is listed both as a holiday and as a working day.` });
        }
      });
    }),
});

/** The office's rules, every default filled in. */
export type Rules = z.output<typeof completeRulesSchema>;
export type Publication = Rules['publications'][number];
export type Target = z.output<typeof target>;
export type Schedule = Rules['schedule'];
export type Calendar = Rules['calendar'];

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `override` laid over `base`: objects merge key by key, anything else (arrays included)
 * replaces, `undefined` keeps the base and `null` removes it. Never mutates its arguments.
 */
export function mergeOver(base: unknown, override: unknown): unknown {
  if (override === undefined) return structuredClone(base);
  if (override === null) return undefined;
  if (!isPlainObject(override)) return override;
  const from = isPlainObject(base) ? base : {};
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(from), ...Object.keys(override)])) {
    const value = mergeOver(from[key], override[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A rules file's content (parsed YAML/JSON): every key optional, defaults from `defaultRules`. */
export const rulesSchema = z.preprocess((input) => mergeOver(defaultRules, input === null || input === undefined ? {} : input), completeRulesSchema);
