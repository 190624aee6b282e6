/**
 * Bolt's, the Web API client's and Socket Mode's logs, routed into the service's log: Bolt's
 * `Logger` interface over ours. Bolt says its lines as lists of values; they become one message,
 * an error among them its `err` field.
 */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../observability/logger.ts';

const ORDER: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** Bolt's lines at `level` and above (Bolt may lower or raise it with setLevel) go to `logger`, which filters by its own level too. */
export function boltLogger(logger: Logger, level: LogLevel): BoltLogger {
  let least = level;
  let name: string | undefined;
  const say =
    (at: LogLevel) =>
    (...values: unknown[]) => {
      if (ORDER.indexOf(at) < ORDER.indexOf(least)) return;
      const error = values.find((value): value is Error => value instanceof Error);
      const message = values
        .filter((value) => value !== error)
        .map((value) => (typeof value === 'string' ? value : safeJson(value)))
        .join(' ');
      logger[at]({ ...(name ? { source: name } : {}), ...(error ? { err: error } : {}) }, message || (error?.message ?? ''));
    };
  return {
    debug: say(LogLevel.DEBUG),
    info: say(LogLevel.INFO),
    warn: say(LogLevel.WARN),
    error: say(LogLevel.ERROR),
    setLevel: (next) => {
      least = next;
    },
    getLevel: () => least,
    setName: (next) => {
      name = next;
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
