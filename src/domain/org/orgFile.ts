/**
 * The organisation file: units with their targets, and people with roles and their own targets;
 * `active: false` deactivates either (see docs/org-file.md).
 *
 * A whole file describes the office: what it leaves out of an entry takes its default. A partial
 * file (`xinbao org import --partial`) only adds or updates: it may name units already in Xinbao,
 * and what it leaves out of an entry keeps its current value. Every problem of a file is reported
 * at once — the shape of each entry and what ties entries together (codes used twice, units that
 * do not exist, reporters without a unit) — each with its line.
 */
import { z } from 'zod';
import { PERIOD_KINDS, ROLES, UNIT_KINDS, LEADER_LEVELS, type Role } from '../vocabulary.ts';
import { trimText } from '../text.ts';
import { readYamlFile, type FileProblem, type PathProblem } from '../yamlFile.ts';
import type { PersonPatch, TargetSpec, UnitPatch } from './port.ts';

const code = z.string({ message: 'a code is required' }).regex(/^[A-Za-z0-9-]+$/, { message: 'a code may hold only letters, digits and "-"' });
const name = z.string({ message: 'a name is required' }).overwrite(trimText).min(1, { message: 'a name is required' });
const count = z.number({ message: 'must be a whole number' }).int({ message: 'must be a whole number' }).min(0, { message: 'must not be negative' });
const target = z.strictObject({ submitted: count.optional(), adopted: count.optional() });
const targets = z.partialRecord(z.enum(PERIOD_KINDS, { message: `a target period must be one of ${PERIOD_KINDS.join(', ')}` }), target);
const active = z.boolean({ message: 'active must be true or false' });
const OFFICE_ROLES: readonly Role[] = ['editor', 'duty', 'leader', 'admin'];

// Every key but the code is optional here: what a whole file must give is checked with the
// entries' ties (`entryProblems`), so that a file's problems all come in one round.
const unitSchema = z.strictObject({
  code,
  name: name.optional(),
  kind: z.enum(UNIT_KINDS, { message: `kind must be one of ${UNIT_KINDS.join(', ')}` }).optional(),
  signOff: z.boolean({ message: 'signOff must be true or false' }).optional(),
  targets: targets.optional(),
  active: active.optional(),
});

const personSchema = z.strictObject({
  code,
  name: name.optional(),
  unit: code.optional(),
  roles: z
    .array(z.enum(ROLES, { message: `a role must be one of ${ROLES.join(', ')}` }))
    .min(1, { message: 'give at least one role' })
    .optional(),
  leaderLevel: z.enum(LEADER_LEVELS, { message: `leaderLevel must be one of ${LEADER_LEVELS.join(', ')}` }).optional(),
  targets: targets.optional(),
  active: active.optional(),
});

const orgSchema = z.strictObject({
  office: z.string({ message: 'the office name is required' }).overwrite(trimText).min(1, { message: 'the office name is required' }).optional(),
  units: z.array(unitSchema, { message: 'units must be a list' }).default([]),
  people: z.array(personSchema, { message: 'people must be a list' }).default([]),
});

/** What a partial file's entries are checked against: the units and people already in Xinbao. */
export type KnownOrg = { units: Set<string>; people: Map<string, { unitCode: string | null; roles: Role[] }> };

/** How a file is read: whole, or partial against what Xinbao holds already. */
export type OrgFileMode = { partial: false } | { partial: true; known: KnownOrg };

export type OrgFile = { office: string | null; units: UnitPatch[]; people: PersonPatch[] };

type Entry = Record<string, unknown>;
const entries = (list: unknown): Entry[] => (Array.isArray(list) ? list.map((entry) => (entry && typeof entry === 'object' ? (entry as Entry) : {})) : []);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * What ties a file's entries together, read from the file as written (whatever else is wrong
 * with it): codes used twice, a whole file's required keys, a new entry's required keys in a
 * partial file, people in units that do not exist, reporters and leads without a unit.
 */
function entryProblems(raw: unknown, mode: OrgFileMode): PathProblem[] {
  const problems: PathProblem[] = [];
  const org = raw && typeof raw === 'object' ? (raw as Entry) : {};
  const known = mode.partial ? mode.known : undefined;
  const REQUIRED: Record<string, string> = {
    name: 'a name is required',
    kind: `kind is required: one of ${UNIT_KINDS.join(', ')}`,
    roles: `give at least one role: ${ROLES.join(', ')}`,
  };
  /** A whole file's entry, or a partial file's new one, must give these keys. */
  const required = (at: (string | number)[], keys: string[], entry: Entry, isNew: string | null) => {
    for (const key of keys) {
      if (entry[key] === undefined) problems.push({ path: [...at, key], message: isNew ? `${isNew} is not in Xinbao yet: ${REQUIRED[key]}` : REQUIRED[key]! });
    }
  };
  if (!known && org.office === undefined) problems.push({ path: ['office'], message: 'the office name is required' });

  const unitCodes = new Set<string>();
  entries(org.units).forEach((unit, index) => {
    const unitCode = text(unit.code);
    if (unitCode === undefined) return;
    if (unitCodes.has(unitCode)) problems.push({ path: ['units', index, 'code'], message: `unit code ${unitCode} is used twice` });
    unitCodes.add(unitCode);
    if (!known?.units.has(unitCode)) required(['units', index], ['name', 'kind'], unit, known ? unitCode : null);
  });

  const personCodes = new Set<string>();
  entries(org.people).forEach((person, index) => {
    const personCode = text(person.code);
    if (personCode === undefined) return;
    if (personCodes.has(personCode)) problems.push({ path: ['people', index, 'code'], message: `person code ${personCode} is used twice` });
    personCodes.add(personCode);
    const existing = known?.people.get(personCode);
    if (!existing) required(['people', index], ['name', 'roles'], person, known ? personCode : null);
    const unitCode = text(person.unit);
    if (unitCode !== undefined && !unitCodes.has(unitCode) && !known?.units.has(unitCode)) {
      problems.push({ path: ['people', index, 'unit'], message: `no unit with code ${unitCode} in this file${known ? ' or in Xinbao' : ''}` });
    }
    const roles = Array.isArray(person.roles) ? (person.roles as Role[]) : (existing?.roles ?? []);
    const inUnitRoles = roles.filter((role) => !OFFICE_ROLES.includes(role));
    const hasUnit = person.unit !== undefined || (existing?.unitCode ?? null) !== null;
    if (inUnitRoles.length > 0 && !hasUnit) {
      problems.push({ path: ['people', index, 'unit'], message: `a ${inUnitRoles.join('/')} must belong to a unit: add unit:` });
    }
  });
  return problems;
}

const targetSpecs = (given: z.output<typeof targets>): TargetSpec[] =>
  PERIOD_KINDS.filter((kind) => given[kind]).map((kind) => ({
    periodKind: kind,
    submitted: given[kind]?.submitted ?? null,
    adopted: given[kind]?.adopted ?? null,
  }));

/**
 * Parses an org file; on failure, every problem with its line, key and reason. A whole file's
 * entries come out complete (defaults filled in: no sign-off, no targets, active); a partial
 * file's carry only the keys it gives.
 */
export function parseOrgFile(text: string, mode: OrgFileMode = { partial: false }): { ok: true; value: OrgFile } | { ok: false; problems: FileProblem[] } {
  const read = readYamlFile(text, orgSchema, (raw) => entryProblems(raw, mode));
  if (!read.ok) return read;
  const org = read.value;
  const whole = !mode.partial;
  // What a whole file leaves out of an entry takes its default; a partial file's keeps its value.
  const or = <T>(value: T | undefined, fallback: T): T | undefined => (value !== undefined ? value : whole ? fallback : undefined);
  return {
    ok: true,
    value: {
      office: org.office ?? null,
      units: org.units.map((unit) => ({
        code: unit.code,
        name: unit.name,
        kind: unit.kind,
        signOff: or(unit.signOff, false),
        targets: unit.targets ? targetSpecs(unit.targets) : whole ? [] : undefined,
        active: or(unit.active, true),
      })),
      people: org.people.map((person) => ({
        code: person.code,
        name: person.name,
        unitCode: or<string | null>(person.unit, null),
        roles: person.roles,
        leaderLevel: or<string | null>(person.leaderLevel, null),
        targets: person.targets ? targetSpecs(person.targets) : whole ? [] : undefined,
        active: or(person.active, true),
      })),
    },
  };
}
