import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { parsePeriod, periodContaining, type Period } from '../time/index.ts';
import { publishCircular, type CircularDeps, type Published } from './publishCircular.ts';
import { manualPeriodKey, rankingKindOf } from './schedule.ts';

/**
 * An editor sends a circular now (/circulate): the ranking circular of the period's kind (a week
 * → the weekly notice, a month → monthly, a quarter, a year → annual, a range of days → the
 * biweekly ranking), or with `urgent` the urgent-timeliness circular; default the current month.
 * It is recorded under `manual:<period>@<time>`, so it neither blocks nor repeats the scheduled
 * circular of that period, and later circulars measure their movement from it. Audited.
 */
export async function circulateNow(
  deps: CircularDeps & Pick<DomainDeps, 'clock'>,
  input: { editor: PersonRecord; period?: string; urgent?: boolean },
): Promise<Result<Published>> {
  if (!input.editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const now = deps.clock.now();
  let period: Period;
  if (input.period?.trim()) {
    const parsed = parsePeriod(input.period, deps.timezone);
    if (!parsed.ok) return parsed;
    period = parsed.value;
  } else {
    period = periodContaining('month', now, deps.timezone);
  }
  const kind = input.urgent ? 'urgent' : rankingKindOf(period);
  const published = await publishCircular(deps, { kind, period, periodKey: manualPeriodKey(period, now), at: now, actor: input.editor.code });
  // The key holds the instant: only the same editor's double send within one millisecond meets it.
  if (!published) return fail('CIRCULAR.SENT', { key: period.key });
  return ok(published);
}
