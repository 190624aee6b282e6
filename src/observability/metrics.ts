/**
 * What the adapters, the dispatcher and the scheduler count, as a port: the running service
 * hands them Prometheus's (prometheus.ts, served at `/metrics`; docs/running.md, "Metrics"),
 * the console and the CLI hand them `noMetrics`.
 */

/** An outbox message as the metrics name it. */
export type OutboxLabels = { lane: string; platform: string };

export type Metrics = {
  /** An update handled by the chat engine: which command (or `text`, `button`, `form`), whether it failed, and how long it took. */
  updateHandled(labels: { platform: string; command: string; failed: boolean }, seconds: number): void;
  /** An outbox message sent; `urgentAlertSeconds` for an urgent alert: from the report to its delivery. */
  outboxSent(labels: OutboxLabels, urgentAlertSeconds?: number): void;
  /** An outbox message given up (dead). */
  outboxGivenUp(labels: OutboxLabels): void;
  /** One run of a scheduled job: how long it took and how many reminders it sent. */
  jobRan(job: string, seconds: number, sent: number): void;
  /** A statement the database refused for a fault (not a rule such as a unique key); `kind` as the driver names it. */
  databaseError(kind: string): void;
};

const nothing = () => {};

/** Counts nothing. */
export const noMetrics: Metrics = {
  updateHandled: nothing,
  outboxSent: nothing,
  outboxGivenUp: nothing,
  jobRan: nothing,
  databaseError: nothing,
};
