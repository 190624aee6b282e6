import { publishCircular, type CircularDeps } from './publishCircular.ts';
import { CIRCULAR_KINDS, circularSlot } from './schedule.ts';
import { goLiveDay } from '../org/goLive.ts';
import { startOfDayKey } from '../time/index.ts';

/**
 * The circulars job (`circulars.send`), a function of `now` and the data: for each kind (weekly
 * notice, biweekly ranking, monthly, quarterly, annual, urgent timeliness), the period that most
 * recently ended is circulated once its scheduled time (the first match of the kind's cron after
 * the period's end) has come, unless a circular of that kind and period is recorded already.
 * Only that latest period is ever caught up after downtime, never a backlog of older ones; the
 * same instant run twice, or by two instances on one database, sends once. A period that ended
 * before the office went live is not circulated: a new install does not open with a circular of
 * zeros. Returns how many messages were queued.
 */
export async function sendCirculars(deps: CircularDeps, now: Date): Promise<number> {
  let queued = 0;
  const goLive = await goLiveDay(deps);
  const liveFrom = goLive ? startOfDayKey(goLive, deps.timezone).getTime() : Number.NEGATIVE_INFINITY;
  for (const kind of CIRCULAR_KINDS) {
    const slot = circularSlot(kind, now, deps.rules, deps.timezone);
    if (now.getTime() < slot.sendAt.getTime()) continue;
    if (slot.period.end.getTime() <= liveFrom) continue;
    if (await deps.store.circulars.exists(kind, slot.period.key)) continue;
    const published = await publishCircular(deps, { kind, period: slot.period, periodKey: slot.period.key, at: now, skipEmpty: true });
    queued += published?.messages ?? 0;
  }
  return queued;
}
