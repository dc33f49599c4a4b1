import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { parseEvent, type EventEnvelope } from '@jcg/contracts';
import type { MessagingMetrics } from '../metrics.js';
import type { CommitSignal } from '../commit-signal.js';
import { PollingLoop } from '../polling-loop.js';
import { EpochWatch, type RedisEpoch } from '../redis-epoch.js';
import { qualified } from './outbox.js';
import { pruneMessagingTables } from './retention.js';

const PRUNE_EVERY_MS = 3600_000;

export interface OutboxRelayOptions {
  /** How often the relay looks for pending events. */
  intervalMs: number;
  batchSize: number;
  /** Events just committed in this process: publish them now rather than at the next poll. */
  signal?: CommitSignal;
}

export const RELAY_DEFAULTS: OutboxRelayOptions = { intervalMs: 200, batchSize: 100 };

/**
 * Publishes committed outbox rows, oldest first, and marks them published with the Redis epoch
 * they went into. Rows are locked with SKIP LOCKED, so replicas share the work; a row is marked
 * only after every subscriber's queue has the job, and a re-publish is a no-op because the job
 * id is the event id. When Redis lost its data, rows published under another epoch are
 * published again (consumers' inboxes ignore what they already handled). A row that no longer
 * parses is set aside (logged, counted), never retried in a loop that would hold up the rest.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly loop: PollingLoop;
  private readonly epochWatch: EpochWatch;
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    /** Puts the events on their subscribers' queues (in bulk), or throws. */
    private readonly publish: (envelopes: EventEnvelope[]) => Promise<void>,
    private readonly metrics: MessagingMetrics,
    epoch: RedisEpoch,
    private readonly options: OutboxRelayOptions = RELAY_DEFAULTS,
  ) {
    metrics.onScrape(() => this.measureLag());
    this.loop = new PollingLoop('Outbox relay', () => this.round(), options);
    this.loop.wakeOn(options.signal);
    this.epochWatch = new EpochWatch(epoch, (current) => this.republishLost(current));
  }

  start(): void {
    this.loop.start();
  }

  /** Stops polling and waits for the batch in flight. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Publishes what is pending now; returns how many rows it handled. */
  async publishPending(): Promise<number> {
    const epoch = await this.epochWatch.check();
    return this.dataSource.transaction(async (manager) => {
      const table = qualified(manager, 'outbox');
      const rows: { id: string; envelope: unknown }[] = await manager.query(
        `SELECT id, envelope FROM ${table} WHERE published_at IS NULL AND set_aside_at IS NULL
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      const published: string[] = [];
      const envelopes: EventEnvelope[] = [];
      for (const row of rows) {
        try {
          envelopes.push(parseEvent(row.envelope));
        } catch (error) {
          await this.setAside(manager, table, row.id, (error as Error).message);
          continue;
        }
        published.push(row.id);
      }
      if (published.length > 0) {
        await this.publish(envelopes);
        await manager.query(
          `UPDATE ${table} SET published_at = now(), published_epoch = $2 WHERE id = ANY($1::uuid[])`,
          [published, epoch],
        );
        this.metrics.eventsPublished.inc(published.length);
      }
      return rows.length;
    });
  }

  /** A row that cannot be published: kept for inspection, out of the way of the others. */
  private async setAside(manager: EntityManager, table: string, id: string, reason: string): Promise<void> {
    await manager.query(`UPDATE ${table} SET set_aside_at = now(), set_aside_reason = $2 WHERE id = $1`, [
      id,
      reason.slice(0, 2000),
    ]);
    this.metrics.outboxSetAside.inc();
    this.logger.error(`Outbox row ${id} set aside, it cannot be published: ${reason}`);
  }

  /** Rows published into a Redis that has since lost its data are published again. */
  private async republishLost(epoch: string): Promise<void> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `UPDATE ${qualified(this.dataSource.manager, 'outbox')} SET published_at = NULL
        WHERE published_at IS NOT NULL AND published_epoch IS NOT NULL AND published_epoch <> $1`,
      [epoch],
    );
    if (count > 0) {
      this.metrics.reconciled.inc({ what: 'event' }, count);
      this.logger.warn(`Redis lost its data: ${count} published event(s) will be published again`);
    }
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
         FROM ${qualified(this.dataSource.manager, 'outbox')} WHERE published_at IS NULL AND set_aside_at IS NULL`,
    );
    this.metrics.outboxPending.set(row?.pending ?? 0);
    this.metrics.outboxLag.set(Math.max(0, row?.lag ?? 0));
  }
}
