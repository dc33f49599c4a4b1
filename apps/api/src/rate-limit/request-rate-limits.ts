import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { QueueConnections, RemoteError } from '@jcg/messaging';
import type { RateLimit, RateLimits } from '@jcg/platform';
import { clientAddress } from './client-address.js';
import type { AddressRateLimit } from './rate-limited.decorator.js';
import { addressSubject } from './rate-limit-subjects.js';

export const RATE_LIMIT_SETTINGS = Symbol('RATE_LIMIT_SETTINGS');

export interface RateLimitSettings {
  limits: RateLimits;
  /** See `ServiceConfig.trustedProxyHops`. */
  trustedProxyHops: number;
}

export type RateLimitKind = keyof RateLimits;

const REDIS_NAMES: Record<RateLimitKind, string> = {
  apiKey: 'api-key',
  session: 'session',
  signIn: 'sign-in',
  inboundWebhook: 'inbound-webhook',
  failedAuth: 'failed-auth',
};

const COUNTED: Record<RateLimitKind, string> = {
  apiKey: 'requests with one API key',
  session: 'requests in one browser session',
  signIn: 'sign-in requests from one address',
  inboundWebhook: 'inbound webhook posts from one address',
  failedAuth: 'refused API keys or sessions from one address',
};

/** What is counted: the Redis key's last part, and how a log line names it (never a secret). */
export interface RateLimitSubject {
  key: string;
  label: string;
}

export function describeDuration(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} minutes`;
  return seconds === 1 ? 'second' : `${seconds} seconds`;
}

/**
 * The API's rate limits, counted in Redis under the deployment's prefix so that every replica
 * shares them: one atomic script per request (an increment that starts a fixed window), sent on
 * the shared producer connection, which pipelines it with the request's other Redis reads. While
 * Redis cannot answer, each replica counts on its own in memory (insurance): never a 5xx for that.
 */
@Injectable()
export class RequestRateLimits {
  private readonly logger = new Logger('RateLimits');
  private limiters?: Record<RateLimitKind, RateLimiterRedis>;

  constructor(
    private readonly connections: QueueConnections,
    @Inject(RATE_LIMIT_SETTINGS) private readonly settings: RateLimitSettings,
  ) {}

  /** Counts one request of the client's address (see `consume`). */
  consumeByAddress(kind: AddressRateLimit, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.consume(kind, this.addressOf(request), reply);
  }

  /**
   * Before membership is asked about a credential the API does not know: an address whose
   * credentials were refused too often lately (someone trying keys) gets a 429 instead.
   */
  async refuseIfFailingTooOften(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const subject = this.addressOf(request);
    const limit = this.settings.limits.failedAuth;
    const counted = await this.limiter('failedAuth')
      .get(subject.key)
      .catch(() => null); // not counted: let it through
    if (counted && counted.consumedPoints >= limit.points) this.refuse('failedAuth', subject, counted, reply);
  }

  /** A credential membership refused: counted against the client's address. */
  async countFailure(request: FastifyRequest): Promise<void> {
    const subject = this.addressOf(request);
    const limit = this.settings.limits.failedAuth;
    const counted = await this.limiter('failedAuth')
      .penalty(subject.key, 1)
      .catch(() => null);
    if (counted?.consumedPoints === limit.points)
      this.logger.warn(`${subject.label} reached the limit of ${describe('failedAuth', limit)}`);
  }

  private addressOf(request: FastifyRequest): RateLimitSubject {
    return addressSubject(
      clientAddress(
        request.raw.socket.remoteAddress,
        request.headers['x-forwarded-for'],
        this.settings.trustedProxyHops,
      ),
    );
  }

  /**
   * Counts one request of the subject. Over the limit: a 429 problem, and the reply says in
   * Retry-After (seconds) when the window ends; nothing else of the request runs.
   */
  async consume(kind: RateLimitKind, subject: RateLimitSubject, reply: FastifyReply): Promise<void> {
    try {
      await this.limiter(kind).consume(subject.key);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) {
        // Neither Redis nor the insurance could count: let the request through.
        this.logger.debug(`${kind} not counted: ${(refusal as Error).message}`);
        return;
      }
      this.refuse(kind, subject, refusal, reply);
    }
  }

  private refuse(kind: RateLimitKind, subject: RateLimitSubject, counted: RateLimiterRes, reply: FastifyReply): never {
    const limit = this.settings.limits[kind];
    const retryAfter = Math.max(1, Math.ceil(counted.msBeforeNext / 1000));
    // One line per subject and window: the first refusal.
    if (counted.consumedPoints === limit.points + 1) {
      this.logger.warn(`${subject.label} reached the limit of ${describe(kind, limit)}`);
    }
    void reply.header('retry-after', String(retryAfter));
    throw new RemoteError({
      status: 429,
      code: 'RATE_LIMITED',
      title: 'Too many requests',
      detail: `At most ${describe(kind, limit)}: try again in ${retryAfter} s.`,
      extensions: { retryAfterSeconds: retryAfter },
    });
  }

  private limiter(kind: RateLimitKind): RateLimiterRedis {
    this.limiters ??= Object.fromEntries(
      (Object.keys(REDIS_NAMES) as RateLimitKind[]).map((k) => [k, this.build(k, this.settings.limits[k])]),
    ) as Record<RateLimitKind, RateLimiterRedis>;
    return this.limiters[kind];
  }

  private build(kind: RateLimitKind, limit: RateLimit): RateLimiterRedis {
    const options = { points: limit.points, duration: limit.durationSeconds };
    return new RateLimiterRedis({
      ...options,
      storeClient: this.connections.producer(),
      keyPrefix: this.connections.key('rate-limit', REDIS_NAMES[kind]),
      insuranceLimiter: new RateLimiterMemory(options),
    });
  }
}

function describe(kind: RateLimitKind, limit: RateLimit): string {
  return `${limit.points} ${COUNTED[kind]} per ${describeDuration(limit.durationSeconds)}`;
}
