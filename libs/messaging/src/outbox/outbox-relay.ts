import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@jcg/contracts';
import type { MessagingMetrics } from '../metrics.js';
import { qualified } from './outbox.js';
import { PollingLoop } from '../polling-loop.js';
import { pruneMessagingTables } from './retention.js';

const PRUNE_EVERY_MS = 3600_000;

export interface OutboxRelayOptions {
  /** How often the relay looks for pending events. */
  intervalMs: number;
  batchSize: number;
}

export const RELAY_DEFAULTS: OutboxRelayOptions = { intervalMs: 200, batchSize: 100 };

/**
 * Publishes committed outbox rows, oldest first, and marks them published. Rows are locked
 * with SKIP LOCKED, so replicas share the work; a row is marked only after every subscriber's
 * queue has the job, and a re-publish is a no-op because the job id is the event id.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly loop: PollingLoop;
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publish: (envelope: EventEnvelope) => Promise<void>,
    private readonly metrics: MessagingMetrics,
    private readonly options: OutboxRelayOptions = RELAY_DEFAULTS,
  ) {
    metrics.onScrape(() => this.measureLag());
    this.loop = new PollingLoop('Outbox relay', () => this.round(), options);
  }

  start(): void {
    this.loop.start();
  }

  /** Stops polling and waits for the batch in flight. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Publishes what is pending now; returns how many events it published. */
  async publishPending(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const table = qualified(manager, 'outbox');
      const rows: { id: string; envelope: EventEnvelope }[] = await manager.query(
        `SELECT id, envelope FROM ${table} WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      for (const row of rows) await this.publish(row.envelope);
      if (rows.length > 0) {
        await manager.query(`UPDATE ${table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [
          rows.map((r) => r.id),
        ]);
        this.metrics.eventsPublished.inc(rows.length);
      }
      return rows.length;
    });
  }

  private async round(): Promise<number> {
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await pruneMessagingTables(this.dataSource, new Date()).catch((error: unknown) =>
        this.logger.warn(`Could not prune the outbox and inbox: ${(error as Error).message}`),
      );
    }
    return this.publishPending();
  }

  private async measureLag(): Promise<void> {
    const [row] = await this.dataSource.query<{ pending: number; lag: number }[]>(
      `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(occurred_at)), 0)::float AS lag
         FROM ${qualified(this.dataSource.manager, 'outbox')} WHERE published_at IS NULL`,
    );
    this.metrics.outboxPending.set(row?.pending ?? 0);
    this.metrics.outboxLag.set(Math.max(0, row?.lag ?? 0));
  }
}
