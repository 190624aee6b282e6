/**
 * The service's metrics in Prometheus's text format, served at `/metrics` (docs/running.md,
 * "Metrics"). Each service has a registry of its own, not prom-client's global one, so several
 * can run in one process (tests do). Counters and histograms count what this instance did; the
 * outbox gauges are read from the database at each scrape, so every instance on one database
 * shows the same values.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from './metrics.ts';

/** What is read at each scrape rather than counted as it happens. */
export type ScrapedState = {
  /** Outbox messages not sent (pending, dead, cancelled), by status, lane and platform. */
  outbox(): Promise<{ status: string; lane: string; platform: string; count: number }[]>;
  /** Each adapter and whether it is up now (connected, or standing by as it should). */
  adapters(): Record<string, boolean>;
};

export type PrometheusMetrics = Metrics & {
  /** The exposition: every metric of this registry, in the text format. */
  scrape(): Promise<string>;
  contentType: string;
};

export function createPrometheusMetrics(state: ScrapedState): PrometheusMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const updates = new Counter({
    name: 'xinbao_updates_total',
    help: 'Updates handled by the chat engine, by platform, command and outcome (ok or failed).',
    labelNames: ['platform', 'command', 'outcome'] as const,
    registers,
  });
  const updateSeconds = new Histogram({
    name: 'xinbao_update_duration_seconds',
    help: 'How long the chat engine took over an update (sending the replies not included).',
    labelNames: ['platform', 'command'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const sent = new Counter({
    name: 'xinbao_outbox_sent_total',
    help: 'Outbox messages this instance sent, by lane and platform.',
    labelNames: ['lane', 'platform'] as const,
    registers,
  });
  const givenUp = new Counter({
    name: 'xinbao_outbox_dead_total',
    help: 'Outbox messages this instance gave up (status dead), by lane and platform.',
    labelNames: ['lane', 'platform'] as const,
    registers,
  });
  new Gauge({
    name: 'xinbao_outbox_messages',
    help: 'Outbox messages not sent, read from the database at each scrape: by status (pending, dead, cancelled), lane and platform.',
    labelNames: ['status', 'lane', 'platform'] as const,
    registers,
    async collect() {
      this.reset();
      // The database out of reach: no values rather than stale ones (database errors count it).
      const rows = await state.outbox().catch(() => []);
      for (const { status, lane, platform, count } of rows) this.set({ status, lane, platform }, count);
    },
  });
  const alertSeconds = new Histogram({
    name: 'xinbao_urgent_alert_seconds',
    help: 'From an urgent report to its alert delivered to a recipient.',
    buckets: [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    registers,
  });
  const reminders = new Counter({
    name: 'xinbao_reminders_sent_total',
    help: 'Reminders, chasers and circulars the scheduler queued, by kind (the job that sent them).',
    labelNames: ['kind'] as const,
    registers,
  });
  const jobSeconds = new Histogram({
    name: 'xinbao_job_duration_seconds',
    help: 'How long each scheduled job took, by job.',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const databaseErrors = new Counter({
    name: 'xinbao_database_errors_total',
    help: 'Statements the database refused for a fault (unreachable, timed out, locked…), by the driver’s kind; a unique key refused is not counted.',
    labelNames: ['kind'] as const,
    registers,
  });
  new Gauge({
    name: 'xinbao_adapter_up',
    help: 'Whether each chat adapter is connected now, or standing by as it should (a standby for the Telegram polling lease): 1, or 0 while disconnected.',
    labelNames: ['adapter'] as const,
    registers,
    collect() {
      this.reset();
      for (const [adapter, connected] of Object.entries(state.adapters())) this.set({ adapter }, connected ? 1 : 0);
    },
  });

  return {
    updateHandled({ platform, command, failed }, seconds) {
      updates.inc({ platform, command, outcome: failed ? 'failed' : 'ok' });
      updateSeconds.observe({ platform, command }, seconds);
    },
    outboxSent({ lane, platform }, urgentAlertSeconds) {
      sent.inc({ lane, platform });
      if (urgentAlertSeconds !== undefined) alertSeconds.observe(Math.max(0, urgentAlertSeconds));
    },
    outboxGivenUp: ({ lane, platform }) => givenUp.inc({ lane, platform }),
    jobRan(job, seconds, count) {
      jobSeconds.observe({ job }, seconds);
      reminders.inc({ kind: job }, count);
    },
    databaseError: (kind) => databaseErrors.inc({ kind }),
    scrape: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
