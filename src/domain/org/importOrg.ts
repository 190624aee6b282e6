import type { DomainDeps } from '../ports.ts';
import { issueInvite } from '../accounts/issueInvite.ts';
import { GO_LIVE_SETTING } from '../settings/port.ts';
import type { FileProblem } from '../yamlFile.ts';
import { parseOrgFile } from './orgFile.ts';

export type ImportReport = {
  unitsChanged: number;
  peopleChanged: number;
  /** A fresh invite for each person not yet bound to any chat account. */
  invites: { person: string; invite: string }[];
};

/**
 * Creates or updates the office's units and people from an org file, all in one transaction:
 * a bad file is refused whole, and the same file twice changes nothing. People not yet bound
 * get a fresh invite (their earlier unused invites stop working). A person is added as of now,
 * and the first import records when the office went live (`office.goLive`): the quota pace
 * counts from both (docs/reminders.md).
 */
export async function importOrg(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { text: string; actor: string },
): Promise<{ ok: true; value: ImportReport } | { ok: false; problems: FileProblem[] }> {
  const parsed = parseOrgFile(input.text);
  if (!parsed.ok) return parsed;
  const org = parsed.value;
  const now = deps.clock.now();
  const changed = await deps.store.transaction(async (tx) => {
    let unitsChanged = 0;
    let peopleChanged = 0;
    if ((await tx.settings.get('office.name')) !== org.office) await tx.settings.set('office.name', org.office);
    if ((await tx.settings.get(GO_LIVE_SETTING)) === null) await tx.settings.set(GO_LIVE_SETTING, now.toISOString());
    for (const unit of org.units) if (await tx.units.upsert(unit)) unitsChanged += 1;
    for (const person of org.people) if (await tx.people.upsert(person, now)) peopleChanged += 1;
    if (unitsChanged + peopleChanged > 0) {
      await tx.audit.record({ at: now, actor: input.actor, action: 'org.import', subject: org.office, after: { unitsChanged, peopleChanged } });
    }
    return { unitsChanged, peopleChanged };
  });
  const invites: ImportReport['invites'] = [];
  for (const spec of org.people) {
    const person = await deps.store.people.byCode(spec.code);
    if (!person || (await deps.store.people.isBound(person.id))) continue;
    const issued = await issueInvite(deps, { personCode: spec.code });
    if (issued.ok) invites.push({ person: spec.code, invite: issued.value.code });
  }
  return { ok: true, value: { ...changed, invites } };
}
