/**
 * The day an office went live on Xinbao: the rules' `reminders.goLive`, else the day of its first
 * organisation import (the `office.goLive` setting). Before it the office has no record, so the
 * quota pace does not count from earlier and no circular is sent for a period that ended earlier.
 * See docs/reminders.md and docs/scores-and-circulars.md.
 */
import type { Rules } from '../rules/schema.ts';
import type { DomainDeps } from '../ports.ts';
import { GO_LIVE_SETTING } from '../settings/port.ts';
import { localDateKey } from '../time/index.ts';

/** The go-live day as a date key, from the rules and the setting's value; null when neither is known. */
export function officeStart(rules: Rules, setting: string | null, timezone: string): string | null {
  if (rules.reminders.goLive) return rules.reminders.goLive;
  const at = setting ? new Date(setting) : null;
  return at && !Number.isNaN(at.getTime()) ? localDateKey(at, timezone) : null;
}

/** The go-live day read from the store (see `officeStart`). */
export async function goLiveDay(deps: Pick<DomainDeps, 'store' | 'rules' | 'timezone'>): Promise<string | null> {
  return officeStart(deps.rules, await deps.store.settings.get(GO_LIVE_SETTING), deps.timezone);
}
