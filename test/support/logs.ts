/** A real logger (pino, as the service builds it) whose JSON lines a test reads. */
import type { LogLevel } from '../../src/config/config.ts';
import { createLogger, type Logger } from '../../src/observability/logger.ts';

/** One JSON line as the log writes it. */
export type LogEntry = { level: string; time: string; msg: string; [field: string]: unknown };

export type CapturedLogs = {
  logger: Logger;
  /** Every line written, as written (JSON, without the newline). */
  lines: string[];
  entries(): LogEntry[];
  /** Each line's message. */
  messages(): string[];
};

export function captureLogs(options: { level?: LogLevel; secrets?: string[] } = {}): CapturedLogs {
  const lines: string[] = [];
  const logger = createLogger({ level: options.level ?? 'info', secrets: options.secrets, destination: { write: (line) => void lines.push(line.trimEnd()) } });
  const entries = () => lines.map((line) => JSON.parse(line) as LogEntry);
  return { logger, lines, entries, messages: () => entries().map((entry) => entry.msg) };
}
