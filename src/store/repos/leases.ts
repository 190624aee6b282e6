/** Leases on work only one instance may do at a time (Lease; docs/instances.md). */
import type { LeasesRepo } from '../../domain/instances/port.ts';
import type { Tx } from '../records.ts';

export function leasesRepo(db: Tx): LeasesRepo {
  return {
    async take(name, holder, now, until) {
      // The same SQL on SQLite and PostgreSQL: a row is written (and returned) only when the
      // lease is new, already this holder's, or expired; otherwise nothing comes back.
      const rows = await db.$queryRaw<{ holder: string }[]>`
        INSERT INTO "Lease" ("name", "holder", "takenAt", "expiresAt") VALUES (${name}, ${holder}, ${now}, ${until})
        ON CONFLICT ("name") DO UPDATE SET
          "takenAt" = CASE WHEN "Lease"."holder" = excluded."holder" THEN "Lease"."takenAt" ELSE excluded."takenAt" END,
          "holder" = excluded."holder",
          "expiresAt" = excluded."expiresAt"
        WHERE "Lease"."holder" = excluded."holder" OR "Lease"."expiresAt" < ${now}
        RETURNING "holder"`;
      return rows.length === 1;
    },
    async release(name, holder) {
      await db.lease.deleteMany({ where: { name, holder } });
    },
  };
}
