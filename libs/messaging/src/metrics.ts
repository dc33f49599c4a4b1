import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The metrics of one service instance, in a registry of its own (two replicas in one test
 * process never mix their counts).
 */
export class MessagingMetrics {
  readonly registry = new Registry();
  readonly jobsProcessed = new Counter({
    name: 'jcg_jobs_processed_total',
    help: 'Jobs this instance finished, by queue, message and outcome (completed or failed).',
    labelNames: ['queue', 'message', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'jcg_job_duration_seconds',
    help: 'Time this instance spent on a job.',
    labelNames: ['queue', 'message'] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'jcg_queue_jobs',
    help: 'Jobs in each of this service\u2019s queues, by state.',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  readonly outboxLag = new Gauge({
    name: 'jcg_outbox_lag_seconds',
    help: 'Age of the oldest event not yet published from the outbox (0 when none is pending).',
    registers: [this.registry],
  });
  readonly outboxPending = new Gauge({
    name: 'jcg_outbox_pending',
    help: 'Events written to the outbox and not yet published.',
    registers: [this.registry],
  });
  readonly eventsPublished = new Counter({
    name: 'jcg_outbox_published_total',
    help: 'Events the outbox relay published.',
    registers: [this.registry],
  });

  readonly jobsStalled = new Counter({
    name: 'jcg_jobs_stalled_total',
    help: 'Jobs whose worker stopped while running them (taken again by another worker).',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  readonly outboxSetAside = new Counter({
    name: 'jcg_outbox_set_aside_total',
    help: 'Outbox rows that could not be published (they no longer parse) and were set aside.',
    registers: [this.registry],
  });
  readonly timersFired = new Counter({
    name: 'jcg_timers_fired_total',
    help: 'Durable timers run, by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly timerLateness = new Histogram({
    name: 'jcg_timer_lateness_seconds',
    help: 'How long after its due time a timer ran.',
    labelNames: ['kind'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 3600],
    registers: [this.registry],
  });
  readonly reconciled = new Counter({
    name: 'jcg_reconciled_total',
    help: 'Work the reconcilers put back on a queue because Redis had lost or failed it, by what it was.',
    labelNames: ['what'] as const,
    registers: [this.registry],
  });

  private readonly refreshers: Array<() => Promise<void>> = [];

  constructor(labels: { service: string; instance: string }) {
    this.registry.setDefaultLabels(labels);
    collectDefaultMetrics({ register: this.registry });
  }

  /** Registers work that brings gauges up to date (queue depth, outbox lag) before each scrape. */
  onScrape(refresh: () => Promise<void>): void {
    this.refreshers.push(refresh);
  }

  async render(): Promise<string> {
    await Promise.allSettled(this.refreshers.map((refresh) => refresh()));
    return this.registry.metrics();
  }
}
