import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PollingLoop, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { WebhookDelivery } from './webhook-delivery.js';
import { WEBHOOK_OPTIONS, type WebhookOptions } from './webhook-options.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const BATCH = 500;

/**
 * The webhook tables' upkeep. Every minute: an endpoint with replayed messages and no replay
 * under way gets its replay timer back, so no replay waits forever (messages to send need
 * nothing: the pump's poll finds whatever is due). Every hour: finished messages (with their
 * attempts), fired timers and inbound ids older than the retention (WEBHOOK_LOG_RETENTION_DAYS)
 * are deleted; messages still to send never are.
 */
@Injectable()
export class WebhookUpkeep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookUpkeep.name);
  private readonly loop = new PollingLoop('Webhook upkeep', () => this.round(), {
    intervalMs: MINUTE,
    batchSize: BATCH,
  });
  private lastPrune = 0;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookOptions,
    private readonly delivery: WebhookDelivery,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  private async round(): Promise<number> {
    const planned = await this.replanReplays();
    if (Date.now() - this.lastPrune >= HOUR) {
      this.lastPrune = Date.now();
      await this.prune();
    }
    return planned;
  }

  /** Plans again the replay of an endpoint with replayed messages and no replay planned; returns how many. */
  async replanReplays(): Promise<number> {
    const m = qualified(this.dataSource.manager, 'webhook_messages');
    const t = qualified(this.dataSource.manager, 'timers');
    const e = qualified(this.dataSource.manager, 'webhook_endpoints');
    const settledBefore = new Date(this.clock.now().getTime() - MINUTE);
    return this.dataSource.transaction(async (manager) => {
      const replays = await manager.query<{ id: string }[]>(
        `SELECT e.id FROM ${e} e LEFT JOIN ${t} t ON t.key = 'webhook-replay:' || e.id
          WHERE (e.replay_until IS NULL OR e.replay_until < $1)
            AND EXISTS (SELECT 1 FROM ${m} m WHERE m.endpoint_id = e.id AND m.replaying AND m.status = 'pending')
            AND (t.key IS NULL OR t.status NOT IN ('scheduled', 'firing'))
            AND (t.updated_at IS NULL OR t.updated_at < $1)`,
        [settledBefore],
      );
      for (const row of replays) await this.delivery.planReplay(manager, row.id);
      if (replays.length > 0)
        this.logger.warn(`${replays.length} webhook replay(s) had no timer planned: planned again`);
      return replays.length;
    });
  }

  /** Deletes what is past retention; returns how many rows went. */
  async prune(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.options.logRetentionDays * 24 * HOUR);
    const manager = this.dataSource.manager;
    const [, messages] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM ${qualified(manager, 'webhook_messages')} WHERE status <> 'pending' AND finished_at < $1`,
      [before],
    );
    const [, timers] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM ${qualified(manager, 'timers')} WHERE (starts_with(key, 'webhook:') OR starts_with(key, 'webhook-replay:'))
          AND status IN ('fired', 'cancelled', 'failed') AND updated_at < $1`,
      [before],
    );
    const [, inbound] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM ${qualified(manager, 'webhook_inbound')} WHERE received_at < $1`,
      [before],
    );
    return messages + timers + inbound;
  }
}
