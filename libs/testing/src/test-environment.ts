import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { Redis } from 'ioredis';

const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A database and a Redis key prefix of this test file's own, so test runs never see each
 * other's data; `cleanup()` drops both.
 */
export interface TestEnvironment {
  databaseUrl: string;
  databaseName: string;
  redisUrl: string;
  queuePrefix: string;
  cleanup(): Promise<void>;
}

export async function createTestEnvironment(label = 'test'): Promise<TestEnvironment> {
  const suffix = `${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const databaseName = `jcg_t_${suffix}`;
  await adminQuery(`CREATE DATABASE "${databaseName}"`);
  const databaseUrl = withDatabase(ADMIN_DATABASE_URL, databaseName);
  const queuePrefix = `jcg-t-${suffix}`;
  return {
    databaseUrl,
    databaseName,
    redisUrl: TEST_REDIS_URL,
    queuePrefix,
    cleanup: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      await deleteRedisKeys(TEST_REDIS_URL, queuePrefix);
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Deletes every key under a BullMQ prefix. */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Thrown by a probe to stop `waitFor` at once (the awaited thing can no longer happen). */
export class StopWaiting extends Error {}

/** Polls until `probe` returns a value other than undefined/false, or fails with `what`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

/** A TCP port nobody listens on right now (outside the ephemeral range, see `freePortRange`). */
export async function freePort(): Promise<number> {
  return freePortRange(1);
}

/**
 * `count` consecutive free ports, below Linux's ephemeral range (32768 and up), so that no
 * server listening on port 0 elsewhere in the test run can take one of them meanwhile.
 */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 10_000 + Math.floor(Math.random() * 20_000);
    const checks = await Promise.all(Array.from({ length: count }, (_, i) => isFree(base + i)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error(`No ${count} consecutive free ports found`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
