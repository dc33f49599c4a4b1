import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PollingLoop, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { WEBHOOK_OPTIONS, type WebhookOptions } from './webhook-options.js';

const HOURLY = 3600_000;

/**
 * Keeps the webhook log for its retention period (WEBHOOK_LOG_RETENTION_DAYS): finished messages
 * (with their attempts) and inbound ids older than that are deleted, hourly. Messages still to
 * be sent are never deleted.
 */
@Injectable()
export class WebhookRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop = new PollingLoop('Webhook log retention', () => this.prune(), {
    intervalMs: HOURLY,
    batchSize: Number.MAX_SAFE_INTEGER,
  });

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Deletes what is past retention; returns how many rows went. */
  async prune(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.options.logRetentionDays * 24 * HOURLY);
    const manager = this.dataSource.manager;
    const [, messages] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM ${qualified(manager, 'webhook_messages')} WHERE status <> 'pending' AND finished_at < $1`,
      [before],
    );
    const [, inbound] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM ${qualified(manager, 'webhook_inbound')} WHERE received_at < $1`,
      [before],
    );
    return messages + inbound;
  }
}
