import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, UnrecoverableError, type Job, type Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobRunner, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { DELIVERY_QUEUE } from '../deliveries/delivery-relay.js';
import type { DeliveryRow } from '../deliveries/delivery.js';
import { MAIL_OPTIONS, type MailOptions } from './mail-options.js';
import { MailTransport, isPermanentSmtpFailure } from './mail-transport.js';
import { renderDelivery } from './render.js';

export interface DeliveryJob {
  deliveryId: string;
  attempt: number;
}

/** How long a message waits when an earlier message to the same recipient is not sent yet. */
const WAIT_FOR_EARLIER_MS = 300;

/**
 * Sends one delivery per job. The delivery's row is locked while it is sent: a newer decision
 * for the same recipient waits for it (and never supersedes a message that went out), and a
 * second worker on the same job finds it sent and skips it. A message waits while an earlier
 * message of its stream (to the same recipient, about the same meeting) is not sent yet, so a
 * person always receives them in the order they were decided. A message that fails for good is
 * marked failed with its reason.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap {
  private worker?: Worker;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly transport: MailTransport,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MAIL_OPTIONS) private readonly options: MailOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = this.runner.start<DeliveryJob>({
      queue: DELIVERY_QUEUE,
      kind: 'work',
      process: (job, token) => this.run(job, token),
      settings: this.options.concurrency ? { concurrency: this.options.concurrency } : {},
      onFinalFailure: (job, error) => this.markFailed(job.data, error),
    });
    await this.worker.waitUntilReady();
  }

  private async run(job: Job<DeliveryJob>, token?: string): Promise<string> {
    const outcome = await this.deliver(job.data.deliveryId, job.data.attempt);
    if (outcome === 'waiting') {
      await job.moveToDelayed(Date.now() + WAIT_FOR_EARLIER_MS, token);
      throw new DelayedError();
    }
    return outcome;
  }

  /** Sends the delivery unless it was sent, superseded, or replaced by a newer attempt. */
  async deliver(deliveryId: string, attempt: number): Promise<'sent' | 'skipped' | 'waiting'> {
    return this.dataSource.transaction(async (manager) => {
      const table = qualified(manager, 'deliveries');
      // The delivery, locked, and whether an earlier message of its stream is still to send.
      const [delivery] = await manager.query<(DeliveryRow & { earlier_pending: boolean })[]>(
        `SELECT d.*, EXISTS (SELECT 1 FROM ${table} e WHERE e.meeting_id = d.meeting_id AND e.stream = d.stream
                              AND e.position < d.position AND e.status IN ('pending', 'queued')) AS earlier_pending
           FROM ${table} d WHERE d.id = $1 FOR UPDATE OF d`,
        [deliveryId],
      );
      if (!delivery) throw new UnrecoverableError(`No delivery ${deliveryId}`);
      if (delivery.attempt !== attempt || (delivery.status !== 'queued' && delivery.status !== 'pending')) {
        return 'skipped';
      }
      if (delivery.earlier_pending) return 'waiting';
      if (delivery.kind === 'sign-in-link' && 'signIn' in delivery.payload) {
        // A sign-in link past its 15 minutes (SMTP was away) would only disappoint: not sent.
        if (new Date(delivery.payload.signIn.expiresAt) <= this.clock.now()) {
          await manager.query(`UPDATE ${table} SET status = 'superseded' WHERE id = $1`, [deliveryId]);
          return 'skipped';
        }
      }
      const message = renderDelivery(delivery, this.clock.now());
      try {
        await this.transport.send({
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          ...(message.attachments ? { attachments: message.attachments } : {}),
          ...(message.calendar
            ? {
                icalEvent: {
                  method: message.calendar.method,
                  content: message.calendar.content,
                  filename: 'invite.ics',
                },
              }
            : {}),
        });
      } catch (error) {
        if (isPermanentSmtpFailure(error)) throw new UnrecoverableError((error as Error).message);
        throw error;
      }
      // A sign-in link is a credential: once it went out, the row keeps no copy of it.
      await manager.query(
        `UPDATE ${table} SET status = 'sent', sent_at = now(), last_error = NULL,
                payload = CASE WHEN kind = 'sign-in-link' THEN jsonb_set(payload, '{signIn,link}', '"(sent; not kept)"')
                               ELSE payload END
          WHERE id = $1`,
        [deliveryId],
      );
      return 'sent';
    });
  }

  /**
   * Retries exhausted, or refused for good by the SMTP server: the delivery is failed, with its
   * reason. A failure that may pass (the server was away) is sent again once SMTP answers.
   */
  private async markFailed(job: DeliveryJob, error: Error): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${qualified(this.dataSource.manager, 'deliveries')}
          SET status = 'failed', failed_at = now(), last_error = $3, retryable = $4
        WHERE id = $1 AND attempt = $2 AND status IN ('pending', 'queued')`,
      [job.deliveryId, job.attempt, error.message.slice(0, 1000), !(error instanceof UnrecoverableError)],
    );
  }
}
