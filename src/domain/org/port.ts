/** The office's units (with their targets) and people (with their roles), as the org file sets them. */
import type { Locale, PeriodKind, Role, UnitKind } from '../vocabulary.ts';

export type UnitRecord = {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  signOff: boolean;
  active: boolean;
  /** When it was deactivated (org file `active: false`); null (or absent) while active. See `activeAt`. */
  deactivatedAt?: Date | null;
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
  /** When they were deactivated (org file `active: false`); null (or absent) while active. */
  deactivatedAt?: Date | null;
};

export type TargetSpec = { periodKind: PeriodKind; submitted: number | null; adopted: number | null };

/**
 * A unit as an org file sets it: a key left undefined keeps its current value (a partial file);
 * a new unit has at least its name and kind. `targets` replaces the unit's own targets.
 */
export type UnitPatch = { code: string; name?: string; kind?: UnitKind; signOff?: boolean; targets?: TargetSpec[]; active?: boolean };

/** A person as an org file sets them (see UnitPatch); `unitCode` and `leaderLevel` null mean none. A new person has a name and roles. */
export type PersonPatch = {
  code: string;
  name?: string;
  unitCode?: string | null;
  roles?: Role[];
  leaderLevel?: string | null;
  targets?: TargetSpec[];
  active?: boolean;
};

/** What an upsert did; `active` says whether it is active afterwards. */
export type Upserted = { change: 'created' | 'updated' | 'unchanged'; active: boolean; wasActive: boolean | null };

/**
 * Whether a unit or person counts at instant `at`: active, or deactivated only after `at`. A unit
 * deactivated on 20 November is in the ranking of November (it reported in it) and not in that of
 * December; reminders stop at once.
 */
export const activeAt = (record: { active: boolean; deactivatedAt?: Date | null }, at: Date): boolean =>
  record.active || (!!record.deactivatedAt && record.deactivatedAt.getTime() > at.getTime());

export interface UnitsRepo {
  byCode(code: string): Promise<UnitRecord | null>;
  list(): Promise<UnitRecord[]>;
  targets(unitId: number): Promise<TargetSpec[]>;
  /** Creates or updates a unit from what the patch gives (its targets replaced when given); deactivated or reactivated `at`. */
  upsert(patch: UnitPatch, at: Date): Promise<Upserted>;
}

export interface PeopleRepo {
  byId(id: number): Promise<PersonRecord | null>;
  byCode(code: string): Promise<PersonRecord | null>;
  byIdentity(platform: string, platformUserId: string): Promise<PersonRecord | null>;
  /** Active people with the role (of one unit, or of all), by id. */
  withRole(role: Role, unitId?: number): Promise<PersonRecord[]>;
  /** Creates (added at `at`) or updates a person from what the patch gives (roles set exactly, targets replaced, when given); deactivated or reactivated `at`. */
  upsert(patch: PersonPatch, at: Date): Promise<Upserted>;
  /** Every person, active or not, by id (an import checks a partial file against them). */
  all(): Promise<PersonRecord[]>;
  /** A person's own targets (org file). */
  targets(personId: number): Promise<TargetSpec[]>;
  setLocale(personId: number, locale: Locale): Promise<void>;
  /** Whether the person has at least one bound chat account. */
  isBound(personId: number): Promise<boolean>;
  /** Whether a leader is told when a unit gives feedback on their instruction (opt-out; docs/instructions-and-commissions.md). */
  feedbackNotices(personId: number): Promise<boolean>;
  setFeedbackNotices(personId: number, on: boolean): Promise<void>;
}
