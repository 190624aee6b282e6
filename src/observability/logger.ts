/**
 * The log (docs/running.md, "Logs"): one JSON object per line on stderr, or readable lines when
 * stderr is a terminal. The adapters, the jobs and the wiring are handed a `Logger`; the domain
 * never logs. Secrets never reach it: fields named like a token or a message body are redacted,
 * and the configured secrets (bot tokens, signing secrets, the database password) are masked
 * wherever they show up in a line, an error's message and stack included.
 */
import { createRequire } from 'node:module';
import pino from 'pino';
import type { LogLevel } from '../config/config.ts';

/** A line's own fields, beside those of its logger (`child`). An error goes under `err`. */
export type LogFields = Record<string, unknown>;

type LogFn = {
  (message: string): void;
  (fields: LogFields, message: string): void;
};

/** What adapters, jobs and the wiring log through; pino's logger is one. */
export type Logger = {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  /** A logger whose every line carries `bindings` too (the update, the job, the message it is about). */
  child(bindings: LogFields): Logger;
  isLevelEnabled(level: LogLevel): boolean;
};

const nothing = () => {};

/** A logger that says nothing: the default where a caller gave none. */
export const silentLogger: Logger = {
  error: nothing,
  warn: nothing,
  info: nothing,
  debug: nothing,
  child: () => silentLogger,
  isLevelEnabled: () => false,
};

/** Where the lines go: anything with `write(line)`. */
export type LogDestination = { write(line: string): void };

export type LoggerOptions = {
  /** The least level written (default `info`). */
  level?: LogLevel;
  /** Strings masked in every line (`secretsOf(config)`). */
  secrets?: readonly string[];
  /** Default stderr. */
  destination?: LogDestination;
  /** Readable lines instead of JSON; default: when stderr is a terminal and no destination is given. */
  pretty?: boolean;
};

/**
 * Fields never written as they are, at any level: tokens, secrets and passwords, and what a
 * person wrote (a message's text or body, an update's payload).
 */
export const REDACTED_FIELDS = [
  'token',
  'botToken',
  'appToken',
  'secret',
  'signingSecret',
  'password',
  'authorization',
  'text',
  'body',
  'payload',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.secret',
  '*.signingSecret',
  '*.password',
  '*.authorization',
  '*.text',
  '*.body',
  '*.payload',
  'headers["x-telegram-bot-api-secret-token"]',
  '*.headers["x-telegram-bot-api-secret-token"]',
];

/** A secret shorter than this is not masked: it would mask ordinary words. */
const SHORTEST_SECRET = 4;

/** Replaces every configured secret in a written line, as given and as JSON escapes it. */
function masking(secrets: readonly string[]): ((line: string) => string) | undefined {
  const forms = [...new Set(secrets.filter((secret) => secret.length >= SHORTEST_SECRET).flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]))];
  // The longest first, so a secret inside another is not masked half.
  forms.sort((a, b) => b.length - a.length);
  if (forms.length === 0) return undefined;
  return (line) => forms.reduce((text, secret) => (text.includes(secret) ? text.split(secret).join('[secret]') : text), line);
}

/**
 * Readable lines for a person at a terminal, formatted in this process as each line is written
 * (pino-pretty's formatter, not its worker-thread transport, which costs a thread and megabytes);
 * loaded only then.
 */
function prettified(destination: LogDestination, colorize: boolean): LogDestination {
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  const format = prettyFactory({ colorize, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' });
  return { write: (line) => destination.write(format(line)) };
}

/** The logger of a process: JSON lines on stderr (or readable ones on a terminal), secrets masked. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? (options.destination === undefined && process.stderr.isTTY === true);
  const given = options.destination;
  const destination = pretty
    ? prettified(given ?? { write: (line) => void process.stderr.write(line) }, given === undefined)
    : (given ?? pino.destination({ fd: 2, sync: true }));
  const mask = masking(options.secrets ?? []);
  return pino(
    {
      level: options.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_FIELDS, censor: '[redacted]' },
      // Levels as words in JSON ("level":"warn"), which a person grepping the log reads at once.
      ...(pretty ? {} : { formatters: { level: (label: string) => ({ level: label }) } }),
      ...(mask ? { hooks: { streamWrite: mask } } : {}),
    },
    destination,
  );
}

/** An error's one line (its message, not its stack), for a log line's text. */
export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
