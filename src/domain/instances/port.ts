/**
 * What instances of the service sharing one database agree on through it (docs/instances.md):
 * leases on work only one may do at a time, and which instance runs each minute of the scheduler.
 */

export interface LeasesRepo {
  /**
   * Takes lease `name` for `holder` until `until` when it is free, expired at `now`, or
   * `holder`'s already (then it is renewed); returns whether `holder` holds it now. One
   * statement: two instances taking a free lease at the same moment cannot both get it.
   */
  take(name: string, holder: string, now: Date, until: Date): Promise<boolean>;
  /** Gives lease `name` up if `holder` holds it, so another instance may take it at once. */
  release(name: string, holder: string): Promise<void>;
}

export interface SchedulerMinutesRepo {
  /** Records that `holder` runs the jobs of `minute`; false when an instance recorded it first (one statement). */
  record(minute: Date, holder: string, at: Date): Promise<boolean>;
  /** Forgets the minutes before `before`; how many. */
  prune(before: Date): Promise<number>;
}
