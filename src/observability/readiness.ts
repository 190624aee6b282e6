/**
 * Readiness, as `/readyz` tells it (docs/running.md, "Health and readiness"): the database
 * answers a trivial statement within a short time, every migration of this version is applied,
 * and each chat adapter is connected — or has been disconnected for less than a grace period
 * (a minute), so a short outage or a reconnect does not take the instance out of rotation.
 * An instance standing by for the Telegram polling lease is ready: it takes webhook and Slack
 * requests, and the polling once the holder is gone (docs/instances.md).
 */
import type { Clock } from '../domain/ports.ts';
import { errorText, type Logger } from './logger.ts';

/** Whether an adapter is connected, and since when it is not: its changes stamped by the clock. */
export type ConnectionWatch = {
  set(connected: boolean): void;
  /** When it was last seen to go down (or, never connected yet, when watching began); undefined while connected. */
  downSince(): Date | undefined;
};

/** A watch that starts disconnected: an adapter that never connects is not ready once the grace period is over. */
export function connectionWatch(clock: Clock): ConnectionWatch {
  let downSince: Date | undefined = clock.now();
  return {
    set(connected) {
      if (connected) downSince = undefined;
      else downSince ??= clock.now();
    },
    downSince: () => downSince,
  };
}

/** An adapter as readiness sees it: a word for its state (`polling`, `standby`, `webhook`, `socket`, `http`) and, when down, since when. */
export type AdapterReport = { state: string; downSince?: Date };

export type ReadinessDeps = {
  clock: Clock;
  /** A trivial statement on the database; rejects when it cannot be reached. */
  pingDatabase(): Promise<void>;
  /** Whether every migration of this version is applied; rejects when the database has migrations it does not know. */
  migrationsCurrent(): Promise<boolean>;
  adapters: Record<string, () => AdapterReport>;
  logger: Logger;
  /** How long an adapter may stay disconnected before the instance is not ready (default a minute). */
  graceMs?: number;
  /** How long the database may take to answer (default 2 s). */
  timeoutMs?: number;
  /** How long an answer about the migrations is kept (default a minute): reading them takes a connection of its own. */
  migrationsEveryMs?: number;
};

/** What /readyz answers: each check's word, and the names of those failing. */
export type Readiness = { ok: boolean; checks: Record<string, string>; failing: string[] };

export const READINESS_DEFAULTS = { graceMs: 60_000, timeoutMs: 2000, migrationsEveryMs: 60_000 };

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createReadiness(deps: ReadinessDeps): { check(): Promise<Readiness> } {
  const graceMs = deps.graceMs ?? READINESS_DEFAULTS.graceMs;
  const timeoutMs = deps.timeoutMs ?? READINESS_DEFAULTS.timeoutMs;
  const migrationsEveryMs = deps.migrationsEveryMs ?? READINESS_DEFAULTS.migrationsEveryMs;
  let migrations: { at: number; word: string } | undefined;
  /** What was failing at the last check, said again only when it changes. */
  let lastFailing = '';

  async function migrationsWord(now: Date): Promise<string> {
    if (migrations && now.getTime() - migrations.at < migrationsEveryMs) return migrations.word;
    let word: string;
    try {
      word = (await within(deps.migrationsCurrent(), timeoutMs)) ? 'current' : 'behind';
    } catch {
      // Migrations this version does not know: a newer version migrated the database.
      word = 'unknown';
    }
    migrations = { at: now.getTime(), word };
    return word;
  }

  return {
    async check() {
      const now = deps.clock.now();
      const checks: Record<string, string> = {};
      const reasons: Record<string, string> = {};
      try {
        await within(deps.pingDatabase(), timeoutMs);
        checks.database = 'ok';
        checks.migrations = await migrationsWord(now);
      } catch (error) {
        checks.database = 'unreachable';
        reasons.database = errorText(error);
        // Not read while the database is out of reach; read afresh once it is back.
        checks.migrations = 'unknown';
        migrations = undefined;
      }
      const failing = [];
      if (checks.database !== 'ok') failing.push('database');
      if (checks.migrations !== 'current') failing.push('migrations');
      for (const [name, report] of Object.entries(deps.adapters)) {
        const { state, downSince } = report();
        if (downSince === undefined) {
          checks[name] = state;
          continue;
        }
        checks[name] = `disconnected since ${downSince.toISOString()}`;
        if (now.getTime() - downSince.getTime() > graceMs) failing.push(name);
      }
      const said = failing.join(',');
      if (said !== lastFailing) {
        if (failing.length > 0) deps.logger.warn({ failing, checks, reasons }, `not ready: ${failing.join(', ')}`);
        else deps.logger.info({ checks }, 'ready');
        lastFailing = said;
      }
      return { ok: failing.length === 0, checks, failing };
    },
  };
}
