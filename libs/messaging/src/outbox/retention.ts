import type { DataSource } from 'typeorm';
import { qualified } from './outbox.js';

/**
 * How long the messaging tables keep rows. A published event is kept a week (a re-publish is
 * deduplicated by the queue for that long anyway); a handled event id a while longer than the
 * queue keeps dead letters (30 days), so a dead letter retried late is still recognised.
 */
export const RETENTION = { publishedOutboxDays: 7, inboxDays: 45 };

/** Deletes what the outbox and inbox no longer need; returns how many rows of each went. */
export async function pruneMessagingTables(
  dataSource: DataSource,
  now: Date,
  retention = RETENTION,
): Promise<{ outbox: number; inbox: number }> {
  const manager = dataSource.manager;
  const day = 24 * 3600_000;
  // A DELETE answers [rows, count].
  const [, outbox] = await manager.query<[unknown, number]>(
    `DELETE FROM ${qualified(manager, 'outbox')} WHERE published_at < $1`,
    [new Date(now.getTime() - retention.publishedOutboxDays * day)],
  );
  const [, inbox] = await manager.query<[unknown, number]>(
    `DELETE FROM ${qualified(manager, 'inbox')} WHERE handled_at < $1`,
    [new Date(now.getTime() - retention.inboxDays * day)],
  );
  return { outbox, inbox };
}
