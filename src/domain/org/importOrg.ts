import type { DomainDeps } from '../ports.ts';
import { issueInvite } from '../accounts/issueInvite.ts';
import { GO_LIVE_SETTING } from '../settings/port.ts';
import type { FileProblem } from '../yamlFile.ts';
import { parseOrgFile, type KnownOrg, type OrgFileMode } from './orgFile.ts';

export type ImportReport = {
  unitsChanged: number;
  peopleChanged: number;
  /** A fresh invite for each active person with no bound chat account and no invite that still works. */
  invites: { person: string; invite: string }[];
  /** People not bound yet whose earlier invite still works: no new one (`xinbao invite PERSON` makes one). */
  pending: { person: string; validUntil: Date }[];
  /** Codes deactivated (`active: false`) by this import. */
  deactivated: { units: string[]; people: string[] };
};

/**
 * Creates or updates the office's units and people from an org file, all in one transaction: a
 * bad file is refused whole, with every problem at once. A whole file (the default) gives each
 * entry complete; a `partial` one only adds or updates what it names, may name units already in
 * Xinbao, and keeps what an entry leaves out. `active: false` deactivates a unit or person from
 * now on (history kept). The same file twice changes nothing, invites included: only an active
 * person with no bound account and no invite that still works gets a new one. A person is added as
 * of now, and the first import records when the office went live (`office.goLive`): the quota
 * pace counts from both (docs/reminders.md).
 */
export async function importOrg(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: { text: string; actor: string; partial?: boolean },
): Promise<{ ok: true; value: ImportReport } | { ok: false; problems: FileProblem[] }> {
  const mode: OrgFileMode = input.partial ? { partial: true, known: await knownOrg(deps) } : { partial: false };
  const parsed = parseOrgFile(input.text, mode);
  if (!parsed.ok) return parsed;
  const org = parsed.value;
  const now = deps.clock.now();
  const value = await deps.store.transaction(async (tx) => {
    const report: ImportReport = { unitsChanged: 0, peopleChanged: 0, invites: [], pending: [], deactivated: { units: [], people: [] } };
    if (org.office !== null && (await tx.settings.get('office.name')) !== org.office) await tx.settings.set('office.name', org.office);
    if ((await tx.settings.get(GO_LIVE_SETTING)) === null) await tx.settings.set(GO_LIVE_SETTING, now.toISOString());
    for (const unit of org.units) {
      const done = await tx.units.upsert(unit, now);
      if (done.change !== 'unchanged') report.unitsChanged += 1;
      if (!done.active && done.wasActive !== false) report.deactivated.units.push(unit.code);
    }
    for (const person of org.people) {
      const done = await tx.people.upsert(person, now);
      if (done.change !== 'unchanged') report.peopleChanged += 1;
      if (!done.active && done.wasActive !== false) report.deactivated.people.push(person.code);
    }
    if (report.unitsChanged + report.peopleChanged > 0) {
      await tx.audit.record({
        at: now,
        actor: input.actor,
        action: 'org.import',
        subject: org.office ?? (await tx.settings.get('office.name')) ?? '',
        after: { unitsChanged: report.unitsChanged, peopleChanged: report.peopleChanged, partial: input.partial === true, deactivated: report.deactivated },
      });
    }
    for (const spec of org.people) {
      const person = await tx.people.byCode(spec.code);
      if (!person?.active || (person.unit && !person.unit.active) || (await tx.people.isBound(person.id))) continue;
      const validUntil = await tx.invites.validUntil(person.id, now);
      if (validUntil) {
        report.pending.push({ person: spec.code, validUntil });
        continue;
      }
      const issued = await issueInvite({ store: tx, clock: deps.clock }, { personCode: spec.code });
      if (issued.ok) report.invites.push({ person: spec.code, invite: issued.value.code });
    }
    return report;
  });
  return { ok: true, value };
}

/** The units and people a partial file is checked against. */
async function knownOrg(deps: Pick<DomainDeps, 'store'>): Promise<KnownOrg> {
  const [units, people] = await Promise.all([deps.store.units.list(), deps.store.people.all()]);
  return {
    units: new Set(units.map((unit) => unit.code)),
    people: new Map(people.map((person) => [person.code, { unitCode: person.unit?.code ?? null, roles: person.roles }])),
  };
}
