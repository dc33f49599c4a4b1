import { Logger } from '@nestjs/common';
import { Queue, type RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { EVENTS_STREAM_MAX_LEN } from '../transport/queue-defaults.js';
import { producerRedisOptions } from '../transport/redis-connection.js';

/**
 * The Redis side of one service: the key prefix of its deployment, the options of blocking
 * connections (workers, queue-event listeners: each needs its own), and one shared fail-fast
 * connection for everything that adds jobs or reads their state.
 */
export class QueueConnections {
  private readonly logger = new Logger(QueueConnections.name);
  private producerConnection?: Redis;
  private readonly queues = new Map<string, Queue>();

  constructor(
    /** Options for blocking connections (workers, QueueEvents). */
    readonly redis: RedisOptions,
    /** Redis key prefix of every queue: one per deployment (and per test run). */
    readonly prefix: string,
  ) {}

  /** The shared producer connection (fails fast while Redis is away). */
  producer(): Redis {
    if (!this.producerConnection) {
      this.producerConnection = new Redis(producerRedisOptions(this.redis));
      // Errors reach the callers of each command; the connection reconnects on its own.
      this.producerConnection.on('error', (error: Error) => this.logger.debug(`Redis: ${error.message}`));
    }
    return this.producerConnection;
  }

  /**
   * A connection of its own for a blocking reader (BLMPOP on the query lists): it waits for Redis
   * instead of failing fast, and its errors are logged once per kind of reader.
   */
  blocking(purpose: string): Redis {
    const connection = new Redis({ ...this.redis, maxRetriesPerRequest: null });
    connection.on('error', (error: Error) => this.logger.debug(`Redis (${purpose}): ${error.message}`));
    return connection;
  }

  /** A queue to add jobs to (one per name, on the producer connection). */
  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.producer(),
        prefix: this.prefix,
        streams: { events: { maxLen: EVENTS_STREAM_MAX_LEN } },
      });
      queue.on('error', (error: Error) => this.logger.debug(`Queue ${name}: ${error.message}`));
      // Each request in flight listens for the queue closing: as many listeners as requests.
      queue.setMaxListeners(0);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** A Redis key under this deployment's prefix (request claims, reply bodies, the epoch). */
  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    this.producerConnection?.disconnect();
    this.producerConnection = undefined;
  }
}
