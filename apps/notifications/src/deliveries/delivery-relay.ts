import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { BullMqClient, PollingLoop, QUEUE_DEFAULTS, qualified, workQueueName } from '@jcg/messaging';

export const DELIVERY_QUEUE = workQueueName('notifications', 'deliveries');
const BATCH = 500;

/**
 * Moves decided messages onto the delivery queue (job id = delivery id, so a second move is a
 * no-op) and marks them queued: the deliveries table is this service's outbox of mail.
 */
@Injectable()
export class DeliveryRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private queue?: Queue;
  private readonly loop = new PollingLoop('Delivery relay', () => this.queuePending(), {
    intervalMs: 200,
    batchSize: BATCH,
  });

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly client: BullMqClient,
  ) {}

  onApplicationBootstrap(): void {
    this.queue = new Queue(DELIVERY_QUEUE, { connection: this.client.unwrap(), prefix: this.client.prefix });
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    await this.queue?.close();
  }

  /** Queues what is pending now; returns how many it queued. */
  async queuePending(batchSize = BATCH): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const table = qualified(manager, 'deliveries');
      const rows: { id: string; kind: string }[] = await manager.query(
        `SELECT id, kind FROM ${table} WHERE status = 'pending' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      await this.queue!.addBulk(
        rows.map((r) => ({ name: r.kind, data: { deliveryId: r.id }, opts: { ...QUEUE_DEFAULTS.work, jobId: r.id } })),
      );
      await manager.query(`UPDATE ${table} SET status = 'queued', queued_at = now() WHERE id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }
}
