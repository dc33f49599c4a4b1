import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@jcg/contracts';
import type { MessagingMetrics } from '../metrics.js';
import { qualified } from './outbox.js';
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
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = true;
  private failing = false;
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publish: (envelope: EventEnvelope) => Promise<void>,
    private readonly metrics: MessagingMetrics,
    private readonly options: OutboxRelayOptions = RELAY_DEFAULTS,
  ) {
    metrics.onScrape(() => this.measureLag());
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits for the batch in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
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
        await manager.query(`UPDATE ${table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
        this.metrics.eventsPublished.inc(rows.length);
      }
      return rows.length;
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let published = 0;
    try {
      published = await this.publishPending();
      if (this.failing) this.logger.log('Outbox relay publishes again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`Outbox relay cannot publish yet, will retry: ${(error as Error).message}`);
      this.failing = true;
    }
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await pruneMessagingTables(this.dataSource, new Date()).catch((error: unknown) =>
        this.logger.warn(`Could not prune the outbox and inbox: ${(error as Error).message}`),
      );
    }
    // A full batch means more may be waiting: go on at once.
    this.schedule(published >= this.options.batchSize ? 0 : this.options.intervalMs);
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
