/**
 * Wiring: builds the store, clock and chat dependencies from a Config. Nothing is wired at
 * import time; main.ts and cli.ts call this.
 */
import { EventEmitter } from 'node:events';
import type { ChatDeps } from './chat/context.ts';
import type { Config } from './config/config.ts';
import type { OutboxWrites } from './domain/notify/port.ts';
import { systemClock, type Clock, type Store } from './domain/ports.ts';
import { createDb, tuneSqlite, type Db } from './store/client.ts';
import { migrate } from './store/migrate.ts';
import { diskFileStore } from './store/files/diskFileStore.ts';
import { createStore } from './store/prismaStore.ts';
import { readRulesFile } from './config/rules.ts';
import { rulesAtStart } from './domain/rules/versions.ts';
import type { Rules } from './domain/rules/schema.ts';

export type App = {
  config: Config;
  db: Db;
  store: Store;
  /** Emits `written` when this process has queued messages in the outbox (committed): the dispatcher wakes on it. */
  outboxWrites: OutboxWrites;
  clock: Clock;
  chatDeps: ChatDeps;
  /** The rules in force (the highest version in the database, or the built-in defaults). */
  rules: Rules;
  /** Their version number: 0 for the built-in defaults. */
  rulesVersion: number;
  timezone: string;
  /**
   * Hears each statement the database refuses for a fault (not a rule such as a unique key), by
   * the driver's kind of error, from now until the returned function is called: the metrics count them.
   */
  watchDatabaseErrors(listener: (kind: string) => void): () => void;
  close(): Promise<void>;
};

/**
 * Applies pending migrations, opens the database and reads the rules in force; a XINBAO_RULES
 * file whose rules differ from them is loaded first as a new version.
 */
export async function openApp(config: Config, clock: Clock = systemClock): Promise<App> {
  // A bad XINBAO_RULES file stops start-up here, before the database is touched.
  const rulesFile = config.rulesFile ? readRulesFile(config.rulesFile) : undefined;
  await migrate(config.databaseUrl);
  const errorListeners = new Set<(kind: string) => void>();
  const db = await createDb(config.databaseUrl, {
    onError: (kind) => {
      for (const listener of errorListeners) listener(kind);
    },
  });
  await tuneSqlite(db);
  const outboxWrites = new EventEmitter();
  const store = createStore(db, { onOutboxWritten: () => outboxWrites.emit('written'), files: diskFileStore(config.filesDir) });
  let inForce: Awaited<ReturnType<typeof rulesAtStart>>;
  try {
    inForce = await rulesAtStart({ store, clock }, rulesFile?.text);
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
  const { rules, version: rulesVersion } = inForce;
  return {
    config,
    db,
    store,
    outboxWrites,
    clock,
    rules,
    rulesVersion,
    timezone: config.timezone,
    chatDeps: { store, clock, timezone: config.timezone, defaultLocale: config.locale, rules, rulesVersion },
    watchDatabaseErrors(listener) {
      errorListeners.add(listener);
      return () => void errorListeners.delete(listener);
    },
    close: () => db.$disconnect(),
  };
}
