/**
 * Keeps a lease on work only one instance may do at a time (Telegram long polling): takes it
 * when it is free or expired, renews it while holding it, and gives it up on stop, so another
 * instance takes the work over when the holder dies, within `ttlMs + renewMs` (docs/instances.md).
 */
import type { LeasesRepo } from '../domain/instances/port.ts';
import type { Clock } from '../domain/ports.ts';
import { errorText, type Logger } from '../observability/logger.ts';

export type LeaseOptions = {
  leases: LeasesRepo;
  clock: Clock;
  /** The lease's name, e.g. `telegram.poll`. */
  name: string;
  /** This instance's id, written as the lease's holder. */
  holder: string;
  /** How long a taken or renewed lease lasts. */
  ttlMs: number;
  /** How often the holder renews it, and a standby instance tries to take it; well under `ttlMs`. */
  renewMs: number;
  /** Called after every take or renewal: start the work, or see that it still runs. */
  onHeld(): Promise<void> | void;
  /** Called once the lease is lost (or given up on stop): stop the work. */
  onLost(): Promise<void> | void;
  logger: Logger;
};

export type LeaseKeeper = {
  /** Tries to take the lease at once (and starts the work if it does), then keeps trying every `renewMs`. */
  start(): Promise<void>;
  /** Whether this instance holds the lease. */
  holding(): boolean;
  /** Stops trying; if holding, stops the work, then gives the lease up. */
  stop(): Promise<void>;
};

export function keepLease(options: LeaseOptions): LeaseKeeper {
  const { leases, clock, name, holder, ttlMs, renewMs } = options;
  const log = options.logger.child({ lease: name });
  let holding = false;
  let failing = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  /** Stops the work when the lease has not been renewed in time, even while a renewal hangs. */
  let expiry: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();
  const say = (error: unknown) => log.error({ err: error }, `lease ${name}: the work failed`);

  async function lose(reason: string) {
    clearTimeout(expiry);
    holding = false;
    log.warn(`lease ${name}: ${reason}`);
    await options.onLost();
  }

  async function tick() {
    const now = clock.now();
    let held: boolean;
    try {
      held = await leases.take(name, holder, now, new Date(now.getTime() + ttlMs));
    } catch (error) {
      if (!failing) log.warn({ error: errorText(error) }, `lease ${name}: cannot reach the database; retrying`);
      failing = true;
      return;
    }
    failing = false;
    if (held) {
      // Not renewed within ttlMs - renewMs: stop a renewal before the lease runs out, as another
      // instance may take it then (renewals failing, or hanging on a database out of reach).
      clearTimeout(expiry);
      expiry = setTimeout(() => {
        if (holding) lose('not renewed in time; stopped').catch(say);
      }, ttlMs - renewMs);
      if (!holding) log.info({ holder }, `lease ${name}: taken by ${holder}`);
      holding = true;
      await options.onHeld();
    } else if (holding) {
      await lose('taken over by another instance; stopped');
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      ticking = tick().catch(say).finally(schedule);
    }, renewMs);
  }

  return {
    async start() {
      stopped = false;
      ticking = tick();
      await ticking;
      schedule();
    },
    holding: () => holding,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await ticking;
      clearTimeout(expiry);
      if (!holding) return;
      holding = false;
      await options.onLost();
      try {
        await leases.release(name, holder);
      } catch (error) {
        log.warn({ error: errorText(error) }, `lease ${name}: could not give it up (it expires by itself)`);
      }
    },
  };
}
