import { hostname } from 'node:os';
import { z } from 'zod';
import { describeIssues, type ServiceName } from '@jcg/contracts';

/** The HTTP port of each service when PORT is not set (the API's is the public one). */
export const DEFAULT_PORTS: Record<ServiceName, number> = {
  api: 3000,
  meetings: 3001,
  agenda: 3002,
  membership: 3003,
  reporting: 3004,
  notifications: 3005,
};

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/jcg';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

const envSchema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:']).default(DEFAULT_DATABASE_URL),
  REDIS_URL: url(['redis:', 'rediss:']).default(DEFAULT_REDIS_URL),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "-" and "_" only')
    .default('jcg'),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().min(1).default('0.0.0.0'),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  REQUEST_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(200),
  RELAY_WAKE_ON_COMMIT: z.enum(['0', '1', 'false', 'true']).default('1'),
  COMMAND_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INSTANCE_ID: z.string().min(1).max(100).optional(),
});

export interface ServiceConfig {
  service: ServiceName;
  instance: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  port: number;
  host: string;
  requestTimeoutMs: number;
  /** How much longer a caller waits when the handler had started as its time ran out. */
  requestGraceMs: number;
  /** Postgres connections of this process (each unit of work holds at most one at a time). */
  databasePoolSize: number;
  /** How often the relays (outbox, timers, deliveries) look for work when there was none. */
  outboxPollMs: number;
  /** Whether the relays also look at once after each command, event and timer handled here. */
  relayWakeOnCommit: boolean;
  /** Commands one replica runs at once (the defaults table's when not set). */
  commandConcurrency?: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Reads and checks the environment once, at boot; a bad value stops the service with a clear message. */
export function loadConfig(service: ServiceName, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(`Invalid configuration of ${service}: ${describeIssues(parsed.error).join('; ')}`);
  }
  const e = parsed.data;
  return {
    service,
    instance: e.INSTANCE_ID ?? `${service}-${hostname()}-${process.pid}`,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    port: e.PORT ?? DEFAULT_PORTS[service],
    host: e.HOST,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    requestGraceMs: e.REQUEST_GRACE_MS,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    outboxPollMs: e.OUTBOX_POLL_MS,
    relayWakeOnCommit: e.RELAY_WAKE_ON_COMMIT === '1' || e.RELAY_WAKE_ON_COMMIT === 'true',
    ...(e.COMMAND_CONCURRENCY ? { commandConcurrency: e.COMMAND_CONCURRENCY } : {}),
    logLevel: e.LOG_LEVEL,
  };
}

/** A URL with its password replaced, for log lines. */
export function redactUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
