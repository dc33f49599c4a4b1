import { v7 as uuidv7 } from 'uuid';
import type { QueueConnections } from './jobs/queue-connections.js';

/**
 * Tells when Redis lost its data. A key holds an id made when it was first written; a Redis
 * restarted without its data has no such key, and the next reader writes a new one. Postgres
 * rows remember the epoch under which their job was queued: a row of another epoch has lost its
 * job, and its reconciler queues it again (see the outbox relay, the timers, the deliveries).
 */
export class RedisEpoch {
  constructor(private readonly connections: QueueConnections) {}

  /** The current epoch (made now if Redis has none). */
  async current(): Promise<string> {
    const redis = this.connections.producer();
    const key = this.connections.key('epoch');
    await redis.set(key, uuidv7(), 'NX');
    const epoch = await redis.get(key);
    if (!epoch) throw new Error('Redis lost the epoch key as soon as it was written');
    return epoch;
  }
}

/**
 * Runs `repair` once per epoch this process sees (at its first round, and after Redis lost its
 * data): the repair puts back on the queues what the rows say was queued under another epoch.
 */
export class EpochWatch {
  private seen?: string;

  constructor(
    private readonly epoch: RedisEpoch,
    private readonly repair: (epoch: string) => Promise<void>,
  ) {}

  async check(): Promise<string> {
    const epoch = await this.epoch.current();
    if (epoch !== this.seen) {
      await this.repair(epoch);
      this.seen = epoch;
    }
    return epoch;
  }
}
