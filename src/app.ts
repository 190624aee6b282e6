/**
 * Wiring: builds the store, clock and chat dependencies from a Config. Nothing is wired at
 * import time; main.ts and cli.ts call this.
 */
import type { ChatDeps } from './chat/context.ts';
import type { Config } from './config/config.ts';
import { systemClock, type Clock, type Store } from './domain/ports.ts';
import { createDb, type Db } from './store/client.ts';
import { migrate } from './store/migrate.ts';
import { createStore } from './store/prismaStore.ts';

export type App = {
  config: Config;
  db: Db;
  store: Store;
  clock: Clock;
  chatDeps: ChatDeps;
  close(): Promise<void>;
};

/** Applies pending migrations and opens the database. */
export async function openApp(config: Config, clock: Clock = systemClock): Promise<App> {
  await migrate(config.databaseUrl);
  const db = createDb(config.databaseUrl);
  const store = createStore(db);
  return {
    config,
    db,
    store,
    clock,
    chatDeps: { store, clock, timezone: config.timezone, defaultLocale: config.locale },
    close: () => db.$disconnect(),
  };
}
