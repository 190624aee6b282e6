/** The office's units (with their targets) and people (with their roles), as the org file sets them. */
import type { Locale, PeriodKind, Role, UnitKind } from '../vocabulary.ts';

export type UnitRecord = {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  signOff: boolean;
  active: boolean;
};

export type PersonRecord = {
  id: number;
  code: string;
  name: string;
  unit: UnitRecord | null;
  roles: Role[];
  locale: Locale | null;
  leaderLevel: string | null;
  active: boolean;
};

export type TargetSpec = { periodKind: PeriodKind; submitted: number | null; adopted: number | null };

export type UnitSpec = { code: string; name: string; kind: UnitKind; signOff: boolean; targets: TargetSpec[] };
export type PersonSpec = { code: string; name: string; unitCode: string | null; roles: Role[]; leaderLevel: string | null };

export interface UnitsRepo {
  byCode(code: string): Promise<UnitRecord | null>;
  list(): Promise<UnitRecord[]>;
  targets(unitId: number): Promise<TargetSpec[]>;
  /** Creates or updates a unit and replaces its targets; returns whether anything changed. */
  upsert(spec: UnitSpec): Promise<boolean>;
}

export interface PeopleRepo {
  byId(id: number): Promise<PersonRecord | null>;
  byCode(code: string): Promise<PersonRecord | null>;
  byIdentity(platform: string, platformUserId: string): Promise<PersonRecord | null>;
  /** Active people with the role (of one unit, or of all), by id. */
  withRole(role: Role, unitId?: number): Promise<PersonRecord[]>;
  /** Creates (added at `at`) or updates a person and sets their roles exactly; returns whether anything changed. */
  upsert(spec: PersonSpec, at: Date): Promise<boolean>;
  setLocale(personId: number, locale: Locale): Promise<void>;
  /** Whether the person has at least one bound chat account. */
  isBound(personId: number): Promise<boolean>;
}
