/**
 * A dispatcher's heartbeat, and the taking back of leases held by dispatchers that are gone. Each
 * dispatcher writes a row (id, host, pid, beatAt) every few seconds and leases messages under its
 * id. A lease holder is gone when its heartbeat is stale (older than three intervals), when it has
 * no heartbeat at all, or, on this host, at once when its process is dead (a restart after a crash
 * finds its predecessor's pid gone, or reused by itself): its leases are released at once, so what
 * it held is sent on the next pass instead of when its lease would have ended.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DispatcherBeat } from '../domain/notify/port.ts';
import type { Store } from '../domain/ports.ts';
import type { Logger } from '../observability/logger.ts';

/** Dispatchers running in this process: a row with this host and pid but another id is an earlier process's. */
const running = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createHeartbeat(store: Store, options: { beatMs: number; logger: Logger }) {
  const id = randomUUID();
  const host = hostname();
  const staleMs = 3 * options.beatMs;
  let startedAt: Date | undefined;

  const gone = (beat: DispatcherBeat, now: Date) => {
    if (now.getTime() - beat.beatAt.getTime() > staleMs) return true;
    if (beat.host !== host) return false;
    return beat.pid === process.pid ? !running.has(beat.id) : !processAlive(beat.pid);
  };

  return {
    /** The id this dispatcher leases messages under. */
    id,
    /** Writes this dispatcher's heartbeat. */
    async beat(now: Date) {
      running.add(id);
      startedAt ??= now;
      await store.dispatchers.beat({ id, host, pid: process.pid, startedAt, beatAt: now });
    },
    /** Releases every lease held by a dispatcher that is gone, and forgets its heartbeat; how many messages were released. */
    async reclaim(now: Date): Promise<number> {
      // Holders first: a dispatcher writes its heartbeat before it leases, so one seen leasing is seen beating.
      const holders = await store.outbox.leaseHolders();
      const beats = await store.dispatchers.all();
      const known = new Set(beats.map((beat) => beat.id));
      const dead = beats.filter((beat) => beat.id !== id && gone(beat, now)).map((beat) => beat.id);
      const orphans = holders.filter((holder) => holder !== id && !known.has(holder));
      const released = await store.outbox.releaseLeases([...dead, ...orphans], now);
      await store.dispatchers.forget(dead);
      if (released > 0) {
        options.logger.warn(
          { released, dispatchers: dead.length + orphans.length },
          `took back ${released} message(s) leased by ${dead.length + orphans.length} stopped dispatcher(s)`,
        );
      }
      return released;
    },
    /** Forgets this dispatcher's heartbeat (it stopped cleanly, holding nothing). */
    async forget() {
      running.delete(id);
      await store.dispatchers.forget([id]);
    },
  };
}
