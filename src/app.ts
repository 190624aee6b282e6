/**
 * Wiring: builds the store, clock and chat dependencies from a Config. Nothing is wired at
 * import time; main.ts and cli.ts call this.
 */
import type { ChatDeps } from './chat/context.ts';
import type { Config } from './config/config.ts';
import { systemClock, type Clock, type Store } from './domain/ports.ts';
import { createDb, tuneSqlite, type Db } from './store/client.ts';
import { migrate } from './store/migrate.ts';
import { createStore } from './store/prismaStore.ts';
import { loadRulesFile } from './config/rules.ts';
import type { Rules } from './domain/rules/schema.ts';

export type App = {
  config: Config;
  db: Db;
  store: Store;
  clock: Clock;
  chatDeps: ChatDeps;
  rules: Rules;
  timezone: string;
  close(): Promise<void>;
};

/** Applies pending migrations and opens the database. */
export async function openApp(config: Config, clock: Clock = systemClock): Promise<App> {
  const rules = loadRulesFile(config.rulesFile);
  await migrate(config.databaseUrl);
  const db = createDb(config.databaseUrl);
  await tuneSqlite(db);
  const store = createStore(db);
  return {
    config,
    db,
    store,
    clock,
    rules,
    timezone: config.timezone,
    chatDeps: { store, clock, timezone: config.timezone, defaultLocale: config.locale, rules },
    close: () => db.$disconnect(),
  };
}
