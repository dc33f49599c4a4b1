import { Logger } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { MessagingMetrics } from '../metrics.js';
import { QUEUE_DEFAULTS, WORKER_DEFAULTS, type QueueKind, type WorkerSettings } from '../transport/queue-defaults.js';
import type { QueueConnections } from './queue-connections.js';

export interface WorkerSpec<T = unknown> {
  queue: string;
  kind: QueueKind;
  process: (job: Job<T>, token?: string) => Promise<unknown>;
  /** Overrides of the kind's settings (tests, configuration). */
  settings?: Partial<WorkerSettings>;
  /** Called once when a job failed for good (attempts exhausted, or unrecoverable). */
  onFinalFailure?: (job: Job<T>, error: Error) => Promise<void>;
}

/** Whether this failure was the job's last: it will not be retried. */
export function isFinalFailure(job: Job, error: Error): boolean {
  return error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * The one way a service runs a queue: every worker (commands, events, mail, timers) gets its
 * settings from the defaults table, counts its jobs in the metrics, logs its failures as JSON
 * lines, and has an error listener (a worker without one crashes the process on a Redis error).
 */
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  private readonly workers: Worker[] = [];

  constructor(
    private readonly connections: QueueConnections,
    private readonly metrics: MessagingMetrics,
  ) {}

  start<T>(spec: WorkerSpec<T>): Worker<T> {
    const settings = { ...WORKER_DEFAULTS[spec.kind], ...spec.settings };
    const { metrics } = this;
    const worker = new Worker<T>(
      spec.queue,
      async (job: Job<T>, token?: string) => {
        const stop = metrics.jobDuration.startTimer({ queue: spec.queue, message: job.name });
        try {
          return await spec.process(job, token);
        } finally {
          stop();
        }
      },
      {
        connection: this.connections.redis,
        prefix: this.connections.prefix,
        autorun: true,
        ...settings,
      },
    );
    worker.on('completed', (job) =>
      metrics.jobsProcessed.inc({ queue: spec.queue, message: job.name, outcome: 'completed' }),
    );
    worker.on('failed', (job, error) => {
      metrics.jobsProcessed.inc({ queue: spec.queue, message: job?.name ?? 'unknown', outcome: 'failed' });
      if (!job) return;
      const final = isFinalFailure(job, error);
      const line = `${spec.queue} job ${job.id} (${job.name}) failed${final ? ' for good' : `, attempt ${job.attemptsMade}, will retry`}: ${error.message}`;
      if (final) this.logger.error(line);
      else this.logger.warn(line);
      if (final && spec.onFinalFailure) {
        spec
          .onFinalFailure(job, error)
          .catch((e: unknown) =>
            this.logger.error(`${spec.queue} job ${job.id}: could not record its failure: ${(e as Error).message}`),
          );
      }
    });
    worker.on('stalled', (jobId) => {
      metrics.jobsStalled.inc({ queue: spec.queue });
      this.logger.warn(`${spec.queue} job ${jobId} stalled (its worker stopped): it runs again`);
    });
    worker.on('error', (error) => this.logger.error(`Worker of ${spec.queue}: ${error.message}`));
    this.workers.push(worker as Worker);
    return worker;
  }

  /** Job options of a kind (attempts, backoff, retention), for what the service adds itself. */
  static jobOptions(kind: QueueKind) {
    return QUEUE_DEFAULTS[kind];
  }

  /** Closes every worker this runner started (see `closeWorker`). */
  async close(graceMs = 10_000): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => closeWorker(worker, graceMs, this.logger)));
  }

  /** Closes one worker this runner started. */
  async stop(worker: Worker, graceMs = 10_000): Promise<void> {
    const index = this.workers.indexOf(worker);
    if (index >= 0) this.workers.splice(index, 1);
    await closeWorker(worker, graceMs, this.logger);
  }
}

/**
 * Stops taking jobs and waits for those in flight, at most `graceMs` (Redis or Postgres may be
 * away); then closes anyway: the locks of unfinished jobs expire and another worker takes them.
 */
async function closeWorker(worker: Worker, graceMs: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const graceful = worker.close().then(
    () => true,
    () => true,
  );
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
  const done = await Promise.race([graceful, late]);
  clearTimeout(timer);
  if (!done) {
    logger.warn(`Worker of ${worker.name} did not finish within ${graceMs} ms: closing it anyway`);
    await worker.close(true).catch(() => undefined);
  }
}
