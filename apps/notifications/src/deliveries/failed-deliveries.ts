import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessagingMetrics, PollingLoop, qualified } from '@jcg/messaging';
import { DEFAULT_MAIL, MAIL_OPTIONS, type MailOptions } from '../mail/mail-options.js';
import { MailTransport } from '../mail/mail-transport.js';

/**
 * Messages that failed for good: those failed while SMTP was away are sent again once it answers
 * (asked every SMTP_PROBE_INTERVAL_MS while there are any), and an administrator's replay sends a
 * meeting's failed messages again. Either way a message a newer one of its stream replaced is
 * superseded instead.
 */
@Injectable()
export class FailedDeliveries implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FailedDeliveries.name);
  private readonly loop: PollingLoop;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly transport: MailTransport,
    private readonly metrics: MessagingMetrics,
    @Inject(MAIL_OPTIONS) mail: MailOptions,
  ) {
    this.loop = new PollingLoop('Failed mail', () => this.retryFailedWhenSmtpAnswers(), {
      intervalMs: mail.probeIntervalMs ?? DEFAULT_MAIL.probeIntervalMs,
      batchSize: Number.POSITIVE_INFINITY,
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /**
   * Messages failed while SMTP was away are sent again once it answers: those a newer message of
   * their stream replaced are superseded instead (a stale invite must never follow an update).
   */
  private async retryFailedWhenSmtpAnswers(): Promise<number> {
    const table = qualified(this.dataSource.manager, 'deliveries');
    const [waiting] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${table} WHERE status = 'failed' AND retryable`,
    );
    if (!waiting || waiting.n === 0) return 0;
    if (!(await this.transport.answers())) return 0;
    const requeued = await this.requeueFailed({ retryableOnly: true });
    if (requeued > 0) this.logger.log(`SMTP answers again: ${requeued} failed message(s) to send again`);
    return requeued;
  }

  /** Makes failed messages due again (all of them, or those of one meeting); returns how many. */
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
        `UPDATE ${table} d SET status = 'pending', tries = 0, not_before = NULL, failed_at = NULL WHERE ${failed}`,
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
