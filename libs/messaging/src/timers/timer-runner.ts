import { Logger } from '@nestjs/common';
import { DelayedError, UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueueServiceName } from '@jcg/contracts';
import type { Clock } from '@jcg/persistence';
import type { JobRunner } from '../jobs/job-runner.js';
import type { QueueConnections } from '../jobs/queue-connections.js';
import type { MessagingMetrics } from '../metrics.js';
import { qualified } from '../outbox/outbox.js';
import type { CommitSignal } from '../commit-signal.js';
import { PollingLoop } from '../polling-loop.js';
import { EpochWatch, type RedisEpoch } from '../redis-epoch.js';
import { QUEUE_DEFAULTS } from '../transport/queue-defaults.js';
import { workQueueName } from '../transport/queue-names.js';
import { afterHandled } from '../transport/change-marks.js';
import { timerJobId, type Timers } from './timers.js';

interface TriggerData {
  key: string;
  generation: number;
}

interface TimerRow {
  key: string;
  kind: string;
  generation: number;
  due_at: Date;
  payload: unknown;
  status: string;
}

export interface TimerRunnerOptions {
  intervalMs: number;
  batchSize: number;
  /** Timers fired at once by this process (the timer kind's default when unset). */
  concurrency?: number;
  /** Rows just committed: queue their triggers now (and tell the other relays after a timer fired). */
  signal?: CommitSignal;
}

/**
 * A timer gets its delayed job when it is due within this window, not when it is planned: a
 * report's reminders months ahead stay rows until they come near, so planning thousands of them
 * (a body meeting entered for 500 groups) costs Redis nothing, and Redis holds only what is near.
 */
export const TIMER_HORIZON_MS = 10 * 60_000;

/** A timer that fires this much before its due time (clock skew) waits for it. */
const EARLY_TOLERANCE_MS = 250;

/**
 * Runs a service's durable timers. A polling loop (the reconciler) gives each scheduled row due
 * within the horizon a delayed job (job id = key@generation) and records the Redis epoch it went into; it puts back
 * the job of any due row whose job Redis lost, failed or never got, and re-queues every row
 * queued under another epoch. The worker re-reads the row: a trigger whose generation is not
 * the row's, or whose row is no longer scheduled, does nothing.
 */
export class TimerRunner {
  private readonly logger = new Logger(TimerRunner.name);
  private readonly loop: PollingLoop;
  private readonly epochWatch: EpochWatch;
  private worker?: Worker;
  readonly queueName: string;

  constructor(
    private readonly service: QueueServiceName,
    private readonly dataSource: DataSource,
    private readonly timers: Timers,
    private readonly connections: QueueConnections,
    private readonly runner: JobRunner,
    private readonly metrics: MessagingMetrics,
    private readonly clock: Clock,
    epoch: RedisEpoch,
    private readonly options: TimerRunnerOptions,
  ) {
    this.queueName = workQueueName(service, 'timers');
    this.loop = new PollingLoop('Timer reconciler', () => this.reconcile(options.batchSize), options);
    this.loop.wakeOn(options.signal);
    this.epochWatch = new EpochWatch(epoch, (current) => this.requeueLost(current));
  }

  start(): void {
    this.worker = this.runner.start<TriggerData>({
      queue: this.queueName,
      kind: 'timer',
      process: (job, token) => this.fire(job, token),
      settings: this.options.concurrency ? { concurrency: this.options.concurrency } : {},
      onFinalFailure: (job, error) => this.markFailed(job.data, error),
    });
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    if (this.worker) await this.runner.stop(this.worker);
  }

  /** One round: queue the triggers of new rows, and put back those of due rows that lost theirs. */
  async reconcile(batchSize = 500): Promise<number> {
    const epoch = await this.epochWatch.check();
    const queued = await this.queueNew(epoch, batchSize);
    await this.recoverDue(batchSize);
    return queued;
  }

  private async queueNew(epoch: string, batchSize: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const table = qualified(manager, 'timers');
      const now = this.clock.now().getTime();
      const rows = await manager.query<TimerRow[]>(
        `SELECT key, generation, due_at FROM ${table} WHERE status IN ('scheduled', 'firing') AND enqueued_epoch IS NULL
          AND due_at < $2 ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize, new Date(now + TIMER_HORIZON_MS)],
      );
      if (rows.length === 0) return 0;
      await this.connections.queue(this.queueName).addBulk(
        rows.map((r) => ({
          name: 'timer',
          data: { key: r.key, generation: r.generation },
          opts: {
            ...QUEUE_DEFAULTS.timer,
            jobId: timerJobId(r.key, r.generation),
            delay: Math.max(0, r.due_at.getTime() - now),
          },
        })),
      );
      await manager.query(`UPDATE ${table} SET enqueued_epoch = $2 WHERE key = ANY($1::text[])`, [
        rows.map((r) => r.key),
        epoch,
      ]);
      return rows.length;
    });
  }

  /**
   * Due rows still scheduled: their trigger should be running. When Redis has none (lost), or
   * only a finished one (it failed for good, or finished without marking the row), queue it again; when it waits as delayed although this service's clock
   * says it is due (clocks disagree), run it now.
   */
  private async recoverDue(batchSize: number): Promise<void> {
    const table = qualified(this.dataSource.manager, 'timers');
    const due = await this.dataSource.query<TimerRow[]>(
      `SELECT key, generation FROM ${table} WHERE status IN ('scheduled', 'firing') AND enqueued_epoch IS NOT NULL
          AND due_at <= $1 ORDER BY due_at LIMIT $2`,
      [this.clock.now(), batchSize],
    );
    const queue = this.connections.queue(this.queueName);
    for (const row of due) {
      const jobId = timerJobId(row.key, row.generation);
      const state = await queue.getJobState(jobId);
      if (state === 'delayed') {
        // Only a first trigger: a retry waits out its backoff.
        const job = await queue.getJob(jobId);
        if (job && job.attemptsMade === 0) await job.promote().catch(() => undefined);
      } else if (state === 'unknown' || state === 'completed' || state === 'failed') {
        // A finished job keeps its id: remove it, or the new one would be ignored.
        if (state !== 'unknown') await queue.remove(jobId).catch(() => undefined);
        await queue.add('timer', { key: row.key, generation: row.generation }, { ...QUEUE_DEFAULTS.timer, jobId });
        this.metrics.reconciled.inc({ what: 'timer' });
        this.logger.warn(`Timer ${row.key} was due and had no trigger in Redis: queued again`);
      }
    }
  }

  /** Redis lost its data: every scheduled timer is queued again. */
  private async requeueLost(epoch: string): Promise<void> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `UPDATE ${qualified(this.dataSource.manager, 'timers')} SET enqueued_epoch = NULL
        WHERE status IN ('scheduled', 'firing') AND enqueued_epoch IS DISTINCT FROM $1 AND enqueued_epoch IS NOT NULL`,
      [epoch],
    );
    if (count > 0) {
      this.metrics.reconciled.inc({ what: 'timer' }, count);
      this.logger.warn(`Redis lost its data: ${count} timer(s) planned again`);
    }
  }

  private async fire(job: Job<TriggerData>, token?: string): Promise<string> {
    const { key, generation } = job.data;
    const table = qualified(this.dataSource.manager, 'timers');
    const now = this.clock.now().getTime();
    // Taken in one statement when it is due. A row `firing` is one a worker started and did not
    // finish (it crashed): it runs again.
    const [[row]] = await this.dataSource.query<[TimerRow[], number]>(
      `UPDATE ${table} SET status = 'firing', updated_at = now()
        WHERE key = $1 AND generation = $2 AND status IN ('scheduled', 'firing') AND due_at <= $3
        RETURNING key, kind, generation, due_at, payload, status`,
      [key, generation, new Date(now + EARLY_TOLERANCE_MS)],
    );
    if (!row) {
      const [current] = await this.dataSource.query<TimerRow[]>(
        `SELECT key, kind, generation, due_at, payload, status FROM ${table} WHERE key = $1`,
        [key],
      );
      if (
        !current ||
        current.generation !== generation ||
        (current.status !== 'scheduled' && current.status !== 'firing')
      )
        return 'stale';
      // Triggered early (the clocks of Redis and this service disagree): wait for the due time.
      await job.moveToDelayed(Date.now() + (current.due_at.getTime() - now), token);
      throw new DelayedError();
    }
    const handler = this.timers.handlerOf(row.kind);
    if (!handler) throw new UnrecoverableError(`No handler for timers of kind "${row.kind}"`);
    const lateMs = Math.max(0, now - row.due_at.getTime());
    let settledByHandler = false;
    const settle = async (manager: EntityManager, outcome: string): Promise<boolean> => {
      settledByHandler = manager !== this.dataSource.manager;
      // An UPDATE ... RETURNING answers [rows, count].
      const [updated] = await manager.query<[unknown[], number]>(
        `UPDATE ${qualified(manager, 'timers')} SET status = 'fired', fired_at = $3, outcome = $4, updated_at = now()
          WHERE key = $1 AND generation = $2 AND status IN ('scheduled', 'firing') RETURNING key`,
        [key, generation, this.clock.now(), outcome.slice(0, 500)],
      );
      return updated.length > 0;
    };
    const outcome = await handler({
      key,
      kind: row.kind,
      generation,
      dueAt: row.due_at,
      payload: row.payload,
      lateMs,
      settle,
    });
    // Unless the handler settled it in its own transaction (committed with its effects).
    if (!settledByHandler) await settle(this.dataSource.manager, outcome);
    await afterHandled(this.connections, this.service, this.options.signal, this.logger);
    this.metrics.timersFired.inc({ kind: row.kind, outcome: outcome.split(':')[0] });
    this.metrics.timerLateness.observe({ kind: row.kind }, lateMs / 1000);
    return outcome;
  }

  /**
   * A handler that cannot succeed (unrecoverable) marks its timer failed. One that kept failing
   * (Postgres away for an hour, say) stays scheduled: the reconciler queues it again.
   */
  private async markFailed(data: TriggerData, error: Error): Promise<void> {
    if (!(error instanceof UnrecoverableError)) return;
    await this.dataSource.query(
      `UPDATE ${qualified(this.dataSource.manager, 'timers')} SET status = 'failed', outcome = $3, updated_at = now()
        WHERE key = $1 AND generation = $2 AND status IN ('scheduled', 'firing')`,
      [data.key, data.generation, `failed: ${error.message}`.slice(0, 500)],
    );
  }
}
