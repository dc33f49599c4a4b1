import { hostname } from 'node:os';
import { z } from 'zod';
import { describeIssues, type ServiceName } from '@jcg/contracts';

/**
 * Node's options for every service process, wherever it is started (`npm start`, `nx serve`, the
 * image's entrypoint, the drills and the bench; an operator's NODE_OPTIONS does not override them). V8's old generation is capped at 256 MB: without a cap
 * it is sized from the machine's memory and left to grow with garbage; notifications' heap
 * reached 196 MB (RSS 318 MB) during a 10,000-invite fan-out and fell back to 95 after one major
 * collection. Capped, V8 collects sooner: at most 110 MB (RSS 225 MB) in the same fan-out, as
 * fast (bench/README.md, fix 23). The services' live data is far below it (notifications' heap
 * after a collection: 60-95 MB), and each has a limit of 512 MiB in the Kubernetes manifests.
 */
export const SERVICE_NODE_OPTIONS = ['--max-old-space-size=256'] as const;

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

/** At most `points` requests per `durationSeconds` (a fixed window), for one key, session or address. */
export interface RateLimit {
  points: number;
  durationSeconds: number;
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** `count/duration`, the duration in s, m or h: `10000/1m`, `300/10m`. */
const rateLimit = z
  .string()
  .regex(/^\d{1,9}\/\d{1,5}[smh]$/, 'a count per duration, e.g. 10000/1m or 300/10m (s, m or h)')
  .transform((value): RateLimit => {
    const [count, duration] = value.split('/');
    return {
      points: Number(count),
      durationSeconds: Number(duration.slice(0, -1)) * DURATION_UNITS[duration.slice(-1)],
    };
  })
  .refine((limit) => limit.points >= 1, 'the count must be at least 1')
  .refine(
    (limit) => limit.durationSeconds >= 1 && limit.durationSeconds <= 86_400,
    'the duration must be between 1s and 24h',
  );

/** The API's rate limits (each counted in Redis, so shared by every replica). */
export interface RateLimits {
  /** Requests with one API key. */
  apiKey: RateLimit;
  /** Requests with one browser session. */
  session: RateLimit;
  /** Sign-in requests (asking for a link, signing in with it) from one client address. */
  signIn: RateLimit;
  /** Posts to the inbound webhook from one client address. */
  inboundWebhook: RateLimit;
  /** API keys and sessions membership refused, from one client address (then refused before membership is asked). */
  failedAuth: RateLimit;
}

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
  RATE_LIMIT_API_KEY: rateLimit.prefault('10000/1m'),
  RATE_LIMIT_SESSION: rateLimit.prefault('3000/1m'),
  RATE_LIMIT_SIGN_IN: rateLimit.prefault('300/10m'),
  RATE_LIMIT_INBOUND_WEBHOOK: rateLimit.prefault('1200/1m'),
  RATE_LIMIT_FAILED_AUTH: rateLimit.prefault('300/10m'),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
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
  /** The API's rate limits (read by the API only). */
  rateLimits: RateLimits;
  /**
   * Reverse proxies in front of the API that append to X-Forwarded-For: the client address of
   * the per-address rate limits is the one that many hops back (0: the connection's own address).
   */
  trustedProxyHops: number;
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
    rateLimits: {
      apiKey: e.RATE_LIMIT_API_KEY,
      session: e.RATE_LIMIT_SESSION,
      signIn: e.RATE_LIMIT_SIGN_IN,
      inboundWebhook: e.RATE_LIMIT_INBOUND_WEBHOOK,
      failedAuth: e.RATE_LIMIT_FAILED_AUTH,
    },
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
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
