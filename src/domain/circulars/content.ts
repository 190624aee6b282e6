/**
 * What a circular and /rank say, as language-neutral messages (catalog keys and params, rendered
 * per recipient): a title, a one-line summary, the top of the ranking two lines a unit (name,
 * points and movement; then the counts and flags) so it reads on a phone, the viewer's own unit
 * marked ▶ (and shown after the top when it is further down), and the units flagged for no
 * adoption and for missing their target. Also the charts that go with the circulars.
 */
import { text, type OutMessage, type Text } from '../notify/message.ts';
import type { Movement, RankedUnit } from '../ranking/rankUnits.ts';
import { formatPoints } from '../scoring/scores.ts';
import { periodDays, type Period } from '../time/index.ts';
import type { CircularKind } from './schedule.ts';
import type { Timeliness } from './urgentTimeliness.ts';
import type { Role } from '../vocabulary.ts';

/**
 * Units listed in a message before the rest are left to the chart and the spreadsheet. With the
 * flagged names below it keeps a circular short enough to go as the chart's caption on Telegram
 * (1,024 characters): one message per reader rather than two.
 */
const TOP_LINES = 8;
/** Flagged units named in a message; the rest are counted. */
const FLAG_NAMES = 8;
const MARK = '▶ ';

/** A chart to draw (PNG): the title and value label as catalog texts, one bar per row in order. */
export type ChartSpec = { title: Text; valueLabel: Text; rows: { label: string; value: number; highlight?: boolean }[] };
/** Draws a chart as PNG bytes (src/reports/circularChart.ts); the domain only says what to draw. */
export type DrawChart = (chart: ChartSpec) => Uint8Array;

/** The params every period title takes: year, number in the year (week, month, quarter), first and last day, key. */
export function periodParams(period: Period, tz: string): Record<string, string | number> {
  const { first, last } = periodDays(period, tz);
  const year = period.key.slice(0, 4);
  const n =
    period.kind === 'week' || period.kind === 'quarter'
      ? Number(period.key.slice(-2).replace('Q', ''))
      : period.kind === 'month'
        ? Number(period.key.slice(5, 7))
        : '';
  return { year, n, from: first, to: last, key: period.key };
}

/** The title of a circular of `kind`, or of /rank for the period's kind. */
export function titleOf(kind: CircularKind | 'rank', period: Period, tz: string): Text {
  const params = periodParams(period, tz);
  if (kind === 'rank') return text(`rank.title.${period.kind}`, params);
  return kind === 'urgent' ? text(`circular.title.urgent.${period.kind}`, params) : text(`circular.title.${kind}`, params);
}

const percent = (value: number | null) => (value === null ? '—' : `${value}%`);

/** A movement as a param: arrows are the same in every language, the words are catalog keys. */
function movementParam(movement: Movement): string {
  switch (movement.kind) {
    case 'new':
      return '@report.movement.new';
    case 'same':
      return '@report.movement.same';
    case 'up':
      return `↑${movement.by}`;
    case 'down':
      return `↓${movement.by}`;
  }
}

/** A unit's two lines: rank, name, points and movement; then its counts and flags. */
function unitLines(unit: RankedUnit, mine: boolean): Text[] {
  const params = {
    mark: mine ? MARK : '',
    rank: unit.rank,
    unit: unit.name,
    points: formatPoints(unit.points),
    movement: movementParam(unit.movement),
    submitted: unit.submitted,
    adopted: unit.adopted,
    rate: percent(unit.adoptionRate),
    completion: percent(unit.completion),
    noAdoption: unit.noAdoption ? '@rank.flag.noAdoption' : '',
    belowTarget: unit.belowTarget ? '@rank.flag.belowTarget' : '',
  };
  return [text('rank.line', params), text('rank.detail', params)];
}

/** The units flagged one way: the first FLAG_NAMES by name, and how many more there are (the chart and the export show them all). */
function flagLine(key: string, units: RankedUnit[]): Text[] {
  if (units.length === 0) return [];
  const names = units
    .slice(0, FLAG_NAMES)
    .map((unit) => unit.name)
    .join('、');
  const rest = units.length - FLAG_NAMES;
  return [rest > 0 ? text(`${key}.more`, { count: units.length, names, rest }) : text(key, { count: units.length, names })];
}

/**
 * The closing line of a circular for a reader with these roles: only the commands they may use
 * (docs/permissions.md) — /rank for everyone bound, /status for reporters and leads, /export for
 * editors and leaders.
 */
export function circularHint(roles: readonly Role[], key: string): Text {
  const status = roles.includes('reporter') || roles.includes('lead');
  const spreadsheet = roles.includes('editor') || roles.includes('leader');
  const which = status ? (spreadsheet ? 'unitLeader' : 'unit') : spreadsheet ? 'leader' : 'rank';
  return text(`circular.hint.${which}`, { key });
}

/**
 * The ranking as a message for one reader: `mine` is the reader's unit (marked ▶), `notes` lines
 * after it (the annual circular's bulletin issues), `hint` a closing line (e.g. how to see more). Units beyond the first `top` are left to the chart.
 */
export function rankingMessage(input: { title: Text; ranking: RankedUnit[]; mine?: number | null; top?: number; hint?: Text; notes?: Text[] }): OutMessage {
  const { ranking, mine } = input;
  if (ranking.length === 0) return { title: input.title, lines: [text('rank.noUnits')] };
  const top = input.top ?? TOP_LINES;
  const submitted = ranking.reduce((sum, unit) => sum + unit.submitted, 0);
  const adopted = ranking.reduce((sum, unit) => sum + unit.adopted, 0);
  const rate = submitted > 0 ? `${Math.round((adopted / submitted) * 1000) / 10}%` : '—';
  const lines: Text[] = [text('rank.summary', { units: ranking.length, submitted, adopted, rate })];
  for (const unit of ranking.slice(0, top)) lines.push(...unitLines(unit, unit.unitId === mine));
  const own = ranking.findIndex((unit) => unit.unitId === mine);
  if (own >= top) {
    lines.push(text('rank.gap'));
    lines.push(...unitLines(ranking[own]!, true));
  }
  if (ranking.length > top) lines.push(text('rank.more', { shown: top, total: ranking.length }));
  lines.push(
    ...flagLine(
      'rank.flags.noAdoption',
      ranking.filter((unit) => unit.noAdoption),
    ),
  );
  lines.push(
    ...flagLine(
      'rank.flags.belowTarget',
      ranking.filter((unit) => unit.belowTarget),
    ),
  );
  // The year's figures beside the ranking, e.g. the office's own bulletin issues (docs/scores-and-circulars.md).
  lines.push(...(input.notes ?? []));
  if (input.hint) lines.push(input.hint);
  return { title: input.title, lines };
}

/** The ranking chart: every unit's points in ranking order (the chart draws the first 30). */
export function rankingChart(title: Text, ranking: RankedUnit[]): ChartSpec {
  return {
    title,
    valueLabel: text('rank.chart.points'),
    rows: ranking.map((unit) => ({ label: `${unit.rank} ${unit.name}`, value: unit.points, highlight: unit.noAdoption || unit.belowTarget })),
  };
}

const minutes = (value: number | null) => (value === null ? '—' : value);

/** The urgent-timeliness circular for one reader: totals, each unit with a report or a miss (the reader's marked), a note on lapses. */
export function urgentMessage(input: { title: Text; timeliness: Timeliness; mine?: { unitId: number; name: string } | null }): OutMessage {
  const { totals, units } = input.timeliness;
  if (totals.reports + totals.missed + totals.lateFollowUps === 0) {
    return { title: input.title, lines: [text('circular.urgent.none')] };
  }
  const lines: Text[] = [
    text('circular.urgent.summary', {
      reports: totals.reports,
      late: totals.late,
      missed: totals.missed,
      lateFollowUps: totals.lateFollowUps,
      average: minutes(totals.averageDelay),
    }),
  ];
  for (const unit of units) {
    lines.push(
      text('circular.urgent.line', {
        mark: unit.unitId === input.mine?.unitId ? MARK : '',
        unit: unit.unitName,
        reports: unit.reports,
        late: unit.late,
        missed: unit.missed,
        lateFollowUps: unit.lateFollowUps,
        average: minutes(unit.averageDelay),
      }),
    );
  }
  if (input.mine && !units.some((unit) => unit.unitId === input.mine!.unitId)) lines.push(text('circular.urgent.mineNone', { unit: input.mine.name }));
  if (totals.late + totals.missed + totals.lateFollowUps > 0) lines.push(text('circular.urgent.note'));
  return { title: input.title, lines };
}

/** The urgent-timeliness chart: each unit's average minutes to the first report, units with lapses highlighted. */
export function urgentChart(title: Text, timeliness: Timeliness): ChartSpec {
  return {
    title,
    valueLabel: text('circular.urgent.chart'),
    rows: timeliness.units.map((unit) => ({
      label: unit.unitName,
      value: unit.averageDelay ?? 0,
      highlight: unit.late + unit.missed + unit.lateFollowUps > 0,
    })),
  };
}
