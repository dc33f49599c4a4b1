import { Client } from 'pg';
import { Redis } from 'ioredis';

export class PreflightError extends Error {}

const FIX = 'Start Postgres and Redis, or run `docker compose up -d postgres redis`.';

function where(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}`;
}

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ENOTFOUND') return 'unknown host';
  if (e.code === 'ETIMEDOUT') return 'timed out';
  return e.message ?? String(error);
}

/** Postgres answers, and the database exists (created when missing). */
export async function checkPostgres(databaseUrl: string): Promise<{ created: boolean }> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { created: false };
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return { created: await createDatabase(databaseUrl) };
    throw new PreflightError(`Postgres is not reachable at ${where(databaseUrl)} (${reason(error)}). ${FIX}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function createDatabase(databaseUrl: string): Promise<boolean> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/.test(name))
    throw new PreflightError(`Unusable database name "${name}" in DATABASE_URL`);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '42P04') return false; // created meanwhile
    throw new PreflightError(`The database "${name}" does not exist and could not be created (${reason(error)}).`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Queries wait on `BLMPOP`, which came with Redis 7. */
const REDIS_MAJOR_NEEDED = 7;

/** Why the Redis that answered cannot serve, from its `INFO server` text; null when it can. */
export function redisVersionProblem(info: string): string | null {
  const version = /^redis_version:(\S+)/m.exec(info)?.[1];
  if (!version) return null; // a server that hides its version (a proxy): the first query will tell
  const major = Number(version.split('.')[0]);
  if (Number.isInteger(major) && major < REDIS_MAJOR_NEEDED)
    return `Redis ${REDIS_MAJOR_NEEDED} or newer is needed (this one is ${version}): queries wait on BLMPOP.`;
  return null;
}

/** Redis answers PING, and is recent enough. */
export async function checkRedis(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // ioredis rejects with "Connection is closed."; the cause arrives as an error event.
  let cause: unknown;
  redis.on('error', (error) => (cause = error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new PreflightError(`Redis is not reachable at ${where(redisUrl)} (${reason(cause ?? error)}). ${FIX}`);
  }
  try {
    // INFO may be renamed away on a managed Redis: then the first query will tell.
    const problem = redisVersionProblem(await redis.info('server').catch(() => ''));
    if (problem) throw new PreflightError(`${problem} At ${where(redisUrl)}.`);
  } finally {
    redis.disconnect();
  }
}
