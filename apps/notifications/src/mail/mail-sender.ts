import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { BullMqClient, MessagingMetrics, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { DELIVERY_QUEUE } from '../deliveries/delivery-relay.js';
import type { DeliveryRow } from '../deliveries/delivery.js';
import { renderDelivery } from './render.js';

export interface MailOptions {
  smtpUrl: string;
  from: string;
  concurrency?: number;
}
export const MAIL_OPTIONS = Symbol('MAIL_OPTIONS');

/**
 * Sends one delivery per job through SMTP (nodemailer). A delivery already sent is skipped, so a
 * retried job never sends twice; an SMTP failure throws, and BullMQ retries with backoff.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailSender.name);
  private transport!: Transporter;
  private worker?: Worker;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly client: BullMqClient,
    private readonly metrics: MessagingMetrics,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MAIL_OPTIONS) private readonly options: MailOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A pool of SMTP connections: a fan-out to thousands reuses them instead of one per message.
    this.transport = createTransport(
      { url: this.options.smtpUrl, pool: true, maxConnections: 4 },
      { from: this.options.from },
    );
    this.worker = new Worker(DELIVERY_QUEUE, (job: Job<{ deliveryId: string }>) => this.deliver(job.data.deliveryId), {
      connection: this.client.redisOptions,
      prefix: this.client.prefix,
      concurrency: this.options.concurrency ?? 8,
    });
    this.worker.on('completed', (job) =>
      this.metrics.jobsProcessed.inc({ queue: DELIVERY_QUEUE, message: job.name, outcome: 'completed' }),
    );
    this.worker.on('failed', (job, error) => {
      this.metrics.jobsProcessed.inc({ queue: DELIVERY_QUEUE, message: job?.name ?? 'unknown', outcome: 'failed' });
      this.logger.warn(`Delivery ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`);
    });
    await this.worker.waitUntilReady();
  }

  /** Closed before the database: mail in flight is finished first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    this.transport?.close();
  }

  async deliver(deliveryId: string): Promise<'sent' | 'already sent'> {
    const table = qualified(this.dataSource.manager, 'deliveries');
    const [delivery] = await this.dataSource.query<DeliveryRow[]>(`SELECT * FROM ${table} WHERE id = $1`, [deliveryId]);
    if (!delivery) throw new UnrecoverableError(`No delivery ${deliveryId}`);
    if (delivery.status === 'sent') return 'already sent';
    const message = renderDelivery(delivery, this.clock.now());
    await this.transport.sendMail({
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: message.messageId,
      ...(message.calendar
        ? { icalEvent: { method: message.calendar.method, content: message.calendar.content, filename: 'invite.ics' } }
        : {}),
    });
    await this.dataSource.query(`UPDATE ${table} SET status = 'sent', sent_at = now() WHERE id = $1`, [deliveryId]);
    return 'sent';
  }
}
