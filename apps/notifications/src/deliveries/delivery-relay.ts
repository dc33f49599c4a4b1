import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CommitSignal,
  EpochWatch,
  MessagingMetrics,
  PollingLoop,
  QUEUE_DEFAULTS,
  QueueConnections,
  RedisEpoch,
  qualified,
  workQueueName,
} from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { DEFAULT_MAIL, MAIL_OPTIONS, type MailOptions } from '../mail/mail-options.js';
import { MailTransport } from '../mail/mail-transport.js';
import { deliveryJobId } from './delivery.js';

export const DELIVERY_QUEUE = workQueueName('notifications', 'deliveries');
const BATCH = 500;
/** A delivery queued this long ago and still not sent has its job checked. */
const STUCK_AFTER_MS = 60_000;
const STUCK_CHECK_EVERY_MS = 15_000;

export const RELAY_POLLING = Symbol('RELAY_POLLING');

/**
 * The deliveries table is this service's outbox of mail; Redis only carries its jobs. The relay
 * moves decided messages onto the delivery queue (job id = delivery id and attempt) and marks
 * them queued with the Redis epoch. It also puts back what Redis lost or gave up on: messages
 * queued under another epoch (Redis restarted without its data), messages queued long ago whose
 * job is gone or finished without sending them, and messages that failed while SMTP was away,
 * once SMTP answers again.
 */
@Injectable()
export class DeliveryRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryRelay.name);
  private readonly loop: PollingLoop;
  private readonly epochWatch: EpochWatch;
  private lastStuckCheck = 0;
  private lastProbe = 0;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly connections: QueueConnections,
    private readonly transport: MailTransport,
    private readonly metrics: MessagingMetrics,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MAIL_OPTIONS) private readonly mail: MailOptions,
    @Inject(RELAY_POLLING) polling: { intervalMs: number },
    epoch: RedisEpoch,
    signal: CommitSignal,
  ) {
    this.loop = new PollingLoop('Delivery relay', () => this.round(), {
      intervalMs: polling.intervalMs,
      batchSize: BATCH,
    });
    // Deliveries are written in the transactions of the events this process handles: queue them at once.
    this.loop.wakeOn(signal);
    this.epochWatch = new EpochWatch(epoch, (current) => this.requeueLost(current));
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  private async round(): Promise<number> {
    const epoch = await this.epochWatch.check();
    const queued = await this.queuePending(epoch);
    const now = Date.now();
    if (now - this.lastStuckCheck >= STUCK_CHECK_EVERY_MS) {
      this.lastStuckCheck = now;
      await this.requeueStuck();
    }
    if (now - this.lastProbe >= (this.mail.probeIntervalMs ?? DEFAULT_MAIL.probeIntervalMs)) {
      this.lastProbe = now;
      await this.retryFailedWhenSmtpAnswers();
    }
    return queued;
  }

  /** Queues what is pending now; returns how many it queued. */
  async queuePending(epoch?: string, batchSize = BATCH): Promise<number> {
    const current = epoch ?? (await this.epochWatch.check());
    return this.dataSource.transaction(async (manager) => {
      const table = qualified(manager, 'deliveries');
      const rows: { id: string; kind: string; attempt: number }[] = await manager.query(
        `SELECT id, kind, attempt FROM ${table} WHERE status = 'pending' ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      const options = {
        ...QUEUE_DEFAULTS.work,
        attempts: this.mail.attempts ?? DEFAULT_MAIL.attempts,
        backoff: { type: 'exponential', delay: this.mail.backoffMs ?? DEFAULT_MAIL.backoffMs },
      };
      await this.connections.queue(DELIVERY_QUEUE).addBulk(
        rows.map((r) => ({
          name: r.kind,
          data: { deliveryId: r.id, attempt: r.attempt },
          opts: { ...options, jobId: deliveryJobId(r.id, r.attempt) },
        })),
      );
      await manager.query(
        `UPDATE ${table} SET status = 'queued', queued_at = now(), queued_epoch = $2 WHERE id = ANY($1::uuid[])`,
        [rows.map((r) => r.id), current],
      );
      return rows.length;
    });
  }

  /** Redis lost its data: every message it held is queued again. */
  private async requeueLost(epoch: string): Promise<void> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `UPDATE ${qualified(this.dataSource.manager, 'deliveries')} SET status = 'pending', attempt = attempt + 1
        WHERE status = 'queued' AND queued_epoch IS NOT NULL AND queued_epoch <> $1`,
      [epoch],
    );
    if (count > 0) {
      this.metrics.reconciled.inc({ what: 'delivery' }, count);
      this.logger.warn(`Redis lost its data: ${count} message(s) queued again`);
    }
  }

  /**
   * Queued long ago and not sent: when its job is gone or finished, the message is queued again;
   * when its job failed for good unbeknown to the row, the row is marked failed.
   */
  private async requeueStuck(): Promise<void> {
    const table = qualified(this.dataSource.manager, 'deliveries');
    const rows = await this.dataSource.query<{ id: string; attempt: number }[]>(
      `SELECT id, attempt FROM ${table} WHERE status = 'queued' AND queued_at < $1 ORDER BY queued_at LIMIT 200`,
      [new Date(Date.now() - STUCK_AFTER_MS)],
    );
    const queue = this.connections.queue(DELIVERY_QUEUE);
    const lost: { id: string; attempt: number }[] = [];
    for (const row of rows) {
      const jobId = deliveryJobId(row.id, row.attempt);
      const state = await queue.getJobState(jobId);
      if (state === 'unknown' || state === 'completed') lost.push(row);
      if (state === 'failed') {
        // Its job failed for good but the row was not told (Postgres was away, or the process
        // died at that moment): the row says so now, and the SMTP check sends it again.
        const job = await queue.getJob(jobId);
        await this.dataSource.query(
          `UPDATE ${table} SET status = 'failed', failed_at = now(), last_error = $3, retryable = true
            WHERE id = $1 AND attempt = $2 AND status = 'queued'`,
          [row.id, row.attempt, (job?.failedReason ?? 'the job failed').slice(0, 1000)],
        );
      }
    }
    for (const row of lost) {
      await this.dataSource.query(
        `UPDATE ${table} SET status = 'pending', attempt = attempt + 1 WHERE id = $1 AND attempt = $2 AND status = 'queued'`,
        [row.id, row.attempt],
      );
    }
    if (lost.length > 0) {
      this.metrics.reconciled.inc({ what: 'delivery' }, lost.length);
      this.logger.warn(`${lost.length} queued message(s) had lost their job: queued again`);
    }
  }

  /**
   * Messages failed while SMTP was away are sent again once it answers: those a newer message of
   * their stream replaced are superseded instead (a stale invite must never follow an update).
   */
  private async retryFailedWhenSmtpAnswers(): Promise<void> {
    const table = qualified(this.dataSource.manager, 'deliveries');
    const [waiting] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${table} WHERE status = 'failed' AND retryable`,
    );
    if (!waiting || waiting.n === 0) return;
    if (!(await this.transport.answers())) return;
    const requeued = await this.requeueFailed({ retryableOnly: true });
    if (requeued > 0) this.logger.log(`SMTP answers again: ${requeued} failed message(s) queued again`);
  }

  /** Queues failed messages again (all of them, or those of one meeting); returns how many. */
  async requeueFailed(filter: { retryableOnly: boolean; meetingId?: string }): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const table = qualified(manager, 'deliveries');
      const params = [filter.retryableOnly, filter.meetingId ?? null];
      const failed = `d.status = 'failed' AND ($1::boolean = false OR d.retryable) AND ($2::uuid IS NULL OR d.meeting_id = $2)`;
      // Out of date: a newer message of the same stream replaces it (a later calendar message
      // replaces an earlier one; a later announcement, re-announcement or notice replaces what the
      // list was told before, a later agenda revision an earlier one).
      await manager.query(
        `UPDATE ${table} d SET status = 'superseded' WHERE ${failed}
           AND EXISTS (SELECT 1 FROM ${table} n
                        WHERE n.meeting_id = d.meeting_id AND n.stream = d.stream AND n.position > d.position
                          AND n.status <> 'superseded'
                          AND ((d.kind IN ${CALENDAR} AND n.kind IN ${CALENDAR})
                            OR (d.kind IN ${LIST_ALL} AND n.kind IN ${LIST_STATE})
                            OR (d.kind = 'agenda-revision' AND n.kind = 'agenda-revision')))`,
        params,
      );
      const [, count] = await manager.query<[unknown, number]>(
        `UPDATE ${table} d SET status = 'pending', attempt = d.attempt + 1, failed_at = NULL WHERE ${failed}`,
        params,
      );
      if (count > 0) this.metrics.reconciled.inc({ what: 'delivery' }, count);
      return count;
    });
  }
}

const CALENDAR = `('invite', 'update', 'cancellation')`;
const LIST_STATE = `('announcement', 're-announcement', 'cancellation-notice')`;
const LIST_ALL = `('announcement', 're-announcement', 'cancellation-notice', 'agenda-revision')`;
