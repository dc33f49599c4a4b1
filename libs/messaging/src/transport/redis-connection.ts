import type { RedisOptions } from 'bullmq';

/** Turns `redis://user:pass@host:port/db` (or `rediss://`) into connection options for BullMQ. */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`REDIS_URL must start with redis:// or rediss:// (got "${parsed.protocol}")`);
  }
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0)
    throw new Error(`Invalid Redis database number in REDIS_URL: "${parsed.pathname}"`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    // Required by BullMQ for its blocking connections.
    maxRetriesPerRequest: null,
  };
}

/**
 * Options for a connection that only adds jobs and reads state (a producer): it fails fast when
 * Redis is away (no offline queue, one retry, a command timeout), so that a caller holding row
 * locks in a transaction gets an error and rolls back instead of waiting forever. Workers and
 * queue-event listeners keep the blocking options above.
 */
export function producerRedisOptions(redis: RedisOptions): RedisOptions {
  return {
    ...redis,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 5000,
    connectTimeout: 3000,
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
    // Commands issued in the same tick leave in one write: under load (queries and their answers,
    // job adds, claims) this saves a system call per command.
    enableAutoPipelining: true,
  };
}
