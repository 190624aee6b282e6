/** The quota reminders as messages (catalog keys with params; rendered in each person's language). */
import { text, type OutMessage } from '../notify/message.ts';
import type { Period } from '../time/index.ts';
import type { Pace, UnitQuota } from './quotaGaps.ts';

/** `@quota.period.month`: the catalog word for the period (本月, this month), filled in at render time. */
const periodWord = (period: Period) => `@quota.period.${period.kind}`;

const names = (list: { name: string }[]) => list.map((p) => p.name).join('、');

function figures(pace: Pace, period: Period, daysLeft: number) {
  return { period: periodWord(period), target: pace.target, done: pace.done, gap: pace.gap, expected: pace.expected, daysLeft };
}

/** To a reporter of a unit behind pace: the unit's target, done, gap, days left and the pace. */
export function unitReminder(quota: UnitQuota & { pace: Pace }, period: Period, daysLeft: number): OutMessage {
  const params = { unit: quota.unit.name, ...figures(quota.pace, period, daysLeft) };
  return { title: text('quota.remind.title', params), lines: [text('quota.line.figures', params), text('quota.line.pace', params)] };
}

/** To a person behind on their own target. */
export function personReminder(pace: Pace, period: Period, daysLeft: number): OutMessage {
  const params = figures(pace, period, daysLeft);
  return { title: text('quota.person.title', params), lines: [text('quota.person.figures', params), text('quota.line.pace', params)] };
}

/** To the unit lead: the unit's figures and who is behind (people with their own target, reporters with nothing yet, who is on leave). */
export function leadSummary(quota: UnitQuota, period: Period, daysLeft: number): OutMessage {
  const params = { unit: quota.unit.name, period: periodWord(period) };
  const lines = [];
  if (quota.pace) {
    const numbers = { ...params, ...figures(quota.pace, period, daysLeft) };
    lines.push(text('quota.line.figures', numbers), text(quota.pace.behind ? 'quota.summary.behind' : 'quota.summary.onPace', numbers));
  }
  if (quota.people.length > 0) {
    lines.push(text('quota.summary.people', { names: quota.people.map((p) => `${p.name}（${p.done}/${p.target}）`).join('、') }));
  }
  if (quota.pace?.behind && quota.silent.length > 0) lines.push(text('quota.summary.silent', { names: names(quota.silent) }));
  if (quota.onLeave.length > 0) lines.push(text('quota.summary.leave', { names: names(quota.onLeave) }));
  return { title: text('quota.summary.title', params), lines };
}

/** To the unit lead instead of people reminded `cap` times without catching up. */
export function escalation(input: { unitName: string; pace: Pace; period: Period; daysLeft: number; people: { name: string }[]; cap: number }): OutMessage {
  const params = { unit: input.unitName, names: names(input.people), cap: input.cap, ...figures(input.pace, input.period, input.daysLeft) };
  return { title: text('quota.escalate.title', params), lines: [text('quota.escalate.body', params), text('quota.line.figures', params)] };
}

/**
 * A person's one quota message of the day: the only part as it is, or several parts (periods,
 * units, the lead's summaries and escalations) under one title, each with its own heading and a
 * single call to submit at the end.
 */
export function dailyMessage(parts: OutMessage[]): OutMessage {
  if (parts.length === 1) return parts[0]!;
  const asks = parts.some((part) => part.lines.some((line) => line.key === 'quota.line.pace'));
  const lines = parts.flatMap((part) => [
    ...(part.title ? [part.title] : []),
    ...part.lines.map((line) => (line.key === 'quota.line.pace' ? text('quota.line.expected', line.params) : line)),
  ]);
  return { title: text('quota.daily.title'), lines: asks ? [...lines, text('quota.line.submit')] : lines };
}
