/**
 * Sends one circular: to every leader the circular, and to each unit's reporters and leads the
 * same circular with the unit's own line marked, with its chart. The circular's record
 * (CircularRun: kind, period key, snapshot) and every recipient's queued message are written in
 * one transaction, and (kind, period key) is unique: however many runs or instances try, one
 * circular is sent per key.
 */
import { bulletinCountLines, bulletinCounts } from '../bulletins/bulletinCounts.ts';
import type { OutFile, OutMessage } from '../notify/message.ts';
import { notifyAll } from '../notify/notify.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps, Store } from '../ports.ts';
import { rankUnitsFor } from '../ranking/rankUnitsFor.ts';
import type { Period } from '../time/index.ts';
import type { Role } from '../vocabulary.ts';
import { circularHint, rankingChart, rankingMessage, titleOf, urgentChart, urgentMessage, type ChartSpec, type DrawChart } from './content.ts';
import type { CircularKind } from './schedule.ts';
import { chartRef, type CircularSnapshot } from './snapshot.ts';
import { urgentTimeliness } from './urgentTimeliness.ts';

/** What a circular is built from; `drawChart` draws its chart (none without it). */
export type CircularDeps = Pick<DomainDeps, 'store' | 'rules' | 'timezone'> & { drawChart?: DrawChart };

export type Published = {
  runId: number;
  kind: CircularKind;
  period: Period;
  /** Nothing at all was recorded in the period: recorded as empty, nothing sent. */
  empty: boolean;
  /** Messages queued (one per bound chat account). */
  messages: number;
  /** The circular as leaders get it (no unit marked). */
  message: OutMessage;
  /** The chart sent with it (PNG), when one was drawn. */
  chart?: { name: string; mime: string; base64: string };
};

type Content = {
  empty: boolean;
  /** The circular as leaders get it (no unit marked), closing with what `roles` may use. */
  general(roles?: readonly Role[]): OutMessage;
  /** A unit's copy, its own line marked, closing with what `roles` may use. */
  forUnit(unit: { unitId: number; name: string }, roles: readonly Role[]): OutMessage;
  chart: ChartSpec;
  snapshot: Pick<CircularSnapshot, 'ranks' | 'urgent'>;
};

async function contentOf(deps: CircularDeps, kind: CircularKind, period: Period): Promise<Content> {
  const title = titleOf(kind, period, deps.timezone);
  if (kind === 'urgent') {
    const timeliness = await urgentTimeliness(deps.store, period);
    return {
      empty: timeliness.totals.reports + timeliness.totals.missed + timeliness.totals.lateFollowUps === 0,
      general: () => urgentMessage({ title, timeliness }),
      forUnit: (mine) => urgentMessage({ title, timeliness, mine }),
      chart: urgentChart(title, timeliness),
      snapshot: {
        urgent: timeliness.units.map(({ unitId, reports, late, missed, lateFollowUps, averageDelay }) => ({
          unitId,
          reports,
          late,
          missed,
          lateFollowUps,
          averageDelay,
        })),
      },
    };
  }
  const ranking = await rankUnitsFor(deps, period);
  const key = period.key;
  // The annual circular also counts the issues of the office's own bulletins (全年编发《X》N期).
  const notes = period.kind === 'year' ? bulletinCountLines(await bulletinCounts(deps, { from: period.start, to: period.end })) : [];
  return {
    empty: ranking.every((unit) => unit.submitted === 0 && unit.adopted === 0 && unit.points === 0),
    general: (roles = ['leader']) => rankingMessage({ title, ranking, notes, hint: circularHint(roles, key) }),
    forUnit: (mine, roles) => rankingMessage({ title, ranking, mine: mine.unitId, notes, hint: circularHint(roles, key) }),
    chart: rankingChart(title, ranking),
    snapshot: { ranks: ranking.map(({ unitId, rank, points }) => ({ unitId, rank, points })) },
  };
}

/** People grouped by the closing line their copy gets (see `circularHint`). */
function byHint(people: PersonRecord[]): Map<string, PersonRecord[]> {
  const groups = new Map<string, PersonRecord[]>();
  for (const person of people) {
    const key = circularHint(person.roles, '').key;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(person);
  }
  return groups;
}

/** The chart as PNG, or nothing when no drawer is given or drawing fails (the circular goes without it). */
function drawn(deps: CircularDeps, spec: ChartSpec): Uint8Array | null {
  if (!deps.drawChart) return null;
  try {
    return deps.drawChart(spec);
  } catch {
    return null;
  }
}

/** Leaders (office staff) and each unit's reporters and leads; a person is told once, as a unit member if they have a unit. */
async function audience(store: Store): Promise<{ leaders: PersonRecord[]; units: Map<number, { name: string; people: PersonRecord[] }> }> {
  const [leaders, reporters, leads, units] = await Promise.all([
    store.people.withRole('leader'),
    store.people.withRole('reporter'),
    store.people.withRole('lead'),
    store.units.list(),
  ]);
  const byUnit = new Map(units.filter((unit) => unit.active).map((unit) => [unit.id, { name: unit.name, people: [] as PersonRecord[] }]));
  const seen = new Set<number>();
  for (const person of [...reporters, ...leads]) {
    const group = person.unit ? byUnit.get(person.unit.id) : undefined;
    if (!group || seen.has(person.id)) continue;
    seen.add(person.id);
    group.people.push(person);
  }
  return { leaders: leaders.filter((person) => !seen.has(person.id)), units: byUnit };
}

/**
 * Builds the circular of `kind` for `period` and sends it under `periodKey`, at `at`. Returns
 * null when a circular of this kind and key is recorded already. With `skipEmpty` (the schedule),
 * a period in which nothing at all was recorded is recorded as empty and nothing is sent: a
 * new office is not sent a circular of zeros. `actor` audits who sent it by hand.
 */
export async function publishCircular(
  deps: CircularDeps,
  input: { kind: CircularKind; period: Period; periodKey: string; at: Date; skipEmpty?: boolean; actor?: string },
): Promise<Published | null> {
  const { kind, period, periodKey, at } = input;
  const content = await contentOf(deps, kind, period);
  const base: CircularSnapshot = {
    period: { key: period.key, start: period.start.toISOString(), end: period.end.toISOString() },
    ...(input.actor ? { manualBy: input.actor } : {}),
  };
  if (content.empty && input.skipEmpty) {
    const runId = await deps.store.circulars.add({ kind, periodKey, sentAt: at, snapshot: { ...base, empty: true } });
    return runId === null ? null : { runId, kind, period, empty: true, messages: 0, message: content.general() };
  }
  const png = drawn(deps, content.chart);
  const chart = png ? { name: `${kind}-${period.key}.png`, mime: 'image/png', base64: Buffer.from(png).toString('base64') } : undefined;
  const { leaders, units } = await audience(deps.store);
  return deps.store.transaction(async (tx) => {
    // The record first: the transaction takes the write lock at once, and a second sender stops here.
    const runId = await tx.circulars.add({ kind, periodKey, sentAt: at, snapshot: { ...base, ...content.snapshot, ...(chart ? { chart } : {}) } });
    if (runId === null) return null;
    const file: OutFile | undefined = chart ? { name: chart.name, mime: chart.mime, ref: chartRef(runId) } : undefined;
    const withFile = (message: OutMessage): OutMessage => (file ? { ...message, file } : message);
    // Each copy closes with only the commands its reader may use: one message per kind of reader.
    const queued: { personIds: number[]; message: OutMessage }[] = [];
    for (const [, readers] of byHint(leaders)) queued.push({ personIds: readers.map((p) => p.id), message: withFile(content.general(readers[0]!.roles)) });
    for (const [unitId, group] of units) {
      for (const [, readers] of byHint(group.people)) {
        queued.push({ personIds: readers.map((p) => p.id), message: withFile(content.forUnit({ unitId, name: group.name }, readers[0]!.roles)) });
      }
    }
    const messages = await notifyAll(tx, queued, at, 'bulk'); // to everyone: behind urgent and personal messages
    if (input.actor) {
      await tx.audit.record({
        at,
        actor: input.actor,
        action: 'circular.send',
        subject: `circular:${kind}:${period.key}`,
        after: { runId, periodKey, messages },
      });
    }
    return { runId, kind, period, empty: content.empty, messages, message: content.general(), ...(chart ? { chart } : {}) };
  });
}
