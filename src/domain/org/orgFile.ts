/**
 * The organisation file: units with their targets, and people with roles.
 */
import { z } from 'zod';
import { PERIOD_KINDS, ROLES, UNIT_KINDS, LEADER_LEVELS } from '../vocabulary.ts';
import { trimText } from '../text.ts';
import { readYamlFile, type FileProblem } from '../yamlFile.ts';
import type { PersonSpec, UnitSpec } from './port.ts';

const code = z.string({ message: 'a code is required' }).regex(/^[A-Za-z0-9-]+$/, { message: 'a code may hold only letters, digits and "-"' });
const count = z.number({ message: 'must be a whole number' }).int({ message: 'must be a whole number' }).min(0, { message: 'must not be negative' });
const target = z.strictObject({ submitted: count.optional(), adopted: count.optional() });
const OFFICE_ROLES = ['editor', 'duty', 'leader', 'admin'];

const unitSchema = z.strictObject({
  code,
  name: z.string({ message: 'a name is required' }).overwrite(trimText).min(1, { message: 'a name is required' }),
  kind: z.enum(UNIT_KINDS, { message: `kind must be one of ${UNIT_KINDS.join(', ')}` }),
  signOff: z.boolean({ message: 'signOff must be true or false' }).default(false),
  targets: z.partialRecord(z.enum(PERIOD_KINDS, { message: `a target period must be one of ${PERIOD_KINDS.join(', ')}` }), target).default({}),
});

const personSchema = z.strictObject({
  code,
  name: z.string({ message: 'a name is required' }).overwrite(trimText).min(1, { message: 'a name is required' }),
  unit: code.optional(),
  roles: z.array(z.enum(ROLES, { message: `a role must be one of ${ROLES.join(', ')}` })).min(1, { message: 'give at least one role' }),
  leaderLevel: z.enum(LEADER_LEVELS, { message: `leaderLevel must be one of ${LEADER_LEVELS.join(', ')}` }).optional(),
});

const orgSchema = z
  .strictObject({
    office: z.string({ message: 'the office name is required' }).overwrite(trimText).min(1, { message: 'the office name is required' }),
    units: z.array(unitSchema, { message: 'units must be a list' }).default([]),
    people: z.array(personSchema, { message: 'people must be a list' }).default([]),
  })
  .superRefine((org, ctx) => {
    const unitCodes = new Set<string>();
    org.units.forEach((unit, index) => {
      if (unitCodes.has(unit.code)) ctx.addIssue({ code: 'custom', path: ['units', index, 'code'], message: `unit code ${unit.code} is used twice` });
      unitCodes.add(unit.code);
    });
    const personCodes = new Set<string>();
    org.people.forEach((person, index) => {
      if (personCodes.has(person.code)) ctx.addIssue({ code: 'custom', path: ['people', index, 'code'], message: `person code ${person.code} is used twice` });
      personCodes.add(person.code);
      const inUnitRoles = person.roles.filter((role) => !OFFICE_ROLES.includes(role));
      if (person.unit && !unitCodes.has(person.unit)) {
        ctx.addIssue({ code: 'custom', path: ['people', index, 'unit'], message: `no unit with code ${person.unit} in this file` });
      }
      if (inUnitRoles.length > 0 && !person.unit) {
        ctx.addIssue({ code: 'custom', path: ['people', index, 'unit'], message: `a ${inUnitRoles.join('/')} must belong to a unit: add unit:` });
      }
    });
  });

export type OrgFile = { office: string; units: UnitSpec[]; people: PersonSpec[] };

/** Parses an org file; on failure, every problem with its line, key and reason. */
export function parseOrgFile(text: string): { ok: true; value: OrgFile } | { ok: false; problems: FileProblem[] } {
  const read = readYamlFile(text, orgSchema);
  if (!read.ok) return read;
  const org = read.value;
  return {
    ok: true,
    value: {
      office: org.office,
      units: org.units.map((unit) => ({
        code: unit.code,
        name: unit.name,
        kind: unit.kind,
        signOff: unit.signOff,
        targets: PERIOD_KINDS.filter((kind) => org.units && unit.targets[kind]).map((kind) => ({
          periodKind: kind,
          submitted: unit.targets[kind]?.submitted ?? null,
          adopted: unit.targets[kind]?.adopted ?? null,
        })),
      })),
      people: org.people.map((person) => ({
        code: person.code,
        name: person.name,
        unitCode: person.unit ?? null,
        roles: person.roles,
        leaderLevel: person.leaderLevel ?? null,
      })),
    },
  };
}
