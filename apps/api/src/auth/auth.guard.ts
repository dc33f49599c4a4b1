import { timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { parseApiKey, secretHash } from '@jcg/contracts';
import { BullMqClient, RemoteError } from '@jcg/messaging';
import { HttpProblems } from '../http/problems.js';
import { RATE_LIMITED_BY_ADDRESS, type AddressRateLimit } from '../rate-limit/rate-limited.decorator.js';
import { apiKeySubject, sessionSubject } from '../rate-limit/rate-limit-subjects.js';
import { RequestRateLimits } from '../rate-limit/request-rate-limits.js';
import { CSRF_HEADER, csrfTokenOf, sessionFrom, type SessionCredentials } from '../session/session-cookie.js';
import { ACCESS_RULES, type AuthenticatedRequest } from './access.decorator.js';
import { ApiKeyCache } from './api-key-cache.js';
import { isAllowed, type AccessRule } from './authorize.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const RULE_NAMES: Record<AccessRule, string> = {
  admin: 'an administrator',
  tsb: 'TSB',
  member: "an active participant of the route's group",
  convenor: "a co-convenor of the route's group",
  self: 'the participant it is about',
  anyone: 'any valid key',
  public: 'anyone',
};

function describeRule(rule: AccessRule): string {
  return RULE_NAMES[rule];
}

/**
 * Authenticates `Authorization: Bearer <key>` with membership (only the key id and the hash of
 * its secret leave the API; a key membership confirmed is kept until membership changes anything,
 * see `api-key-cache.ts`: a revoked key is refused on its next request) and authorizes the
 * route's access rules. Before anything else of the request runs, it counts the request against
 * the rate limit of its key, its session, or (on the public routes that say so) its address.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly client: BullMqClient,
    private readonly keys: ApiKeyCache,
    private readonly limits: RequestRateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const rules = this.reflector.getAllAndOverride<AccessRule[] | undefined>(ACCESS_RULES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rules) {
      if (!request.url.startsWith('/v1/')) return true; // health, metrics: open by design
      this.logger.error(`${request.method} ${request.url} has no access rules: refused`);
      throw HttpProblems.forbidden('This route declares no access rules.');
    }

    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (rules.includes('public')) {
      const limit = this.reflector.get<AddressRateLimit | undefined>(RATE_LIMITED_BY_ADDRESS, context.getHandler());
      if (limit) await this.limits.consumeByAddress(limit, request, reply);
      return true;
    }
    const header = request.headers.authorization;
    const session = header ? null : sessionFrom(request.headers);
    if (session) {
      const hash = secretHash(session.secret);
      await this.limits.consume('session', sessionSubject(session.sessionId, hash), reply);
      await this.limits.refuseIfFailingTooOften(request, reply);
      await this.authenticateSession(request, session, hash);
      return this.authorize(request, rules);
    }
    if (!header) throw HttpProblems.unauthenticated('Send an API key: Authorization: Bearer <key> (or sign in).');
    const match = /^Bearer (\S+)$/i.exec(header);
    if (!match) throw HttpProblems.unauthenticated('Send the API key as a bearer token: Authorization: Bearer <key>.');
    const parsed = parseApiKey(match[1]);
    if (!parsed) throw HttpProblems.unauthenticated('The API key is unknown, revoked or malformed.');
    // Counted in the same tick as the key cache reads membership's change mark: both commands
    // leave in one write to Redis (auto-pipelining), so the limit costs no round trip of its own.
    const counted = this.limits.consume('apiKey', apiKeySubject(parsed.id, parsed.secretHash), reply);
    void counted.catch(() => undefined); // awaited below; this only keeps an early refusal from going unhandled
    request.principal = await this.keys.principal(parsed.id, parsed.secretHash, async () => {
      await counted; // over the limit, membership is not asked
      await this.limits.refuseIfFailingTooOften(request, reply);
      return this.client
        .request('membership.api-keys.authenticate', { keyId: parsed.id, secretHash: parsed.secretHash })
        .catch((error: unknown) => this.refused(request, error));
    });
    await counted;
    return this.authorize(request, rules);
  }

  private authorize(request: AuthenticatedRequest, rules: AccessRule[]): boolean {
    const params = request.params as { groupId?: string; participantId?: string };
    if (
      !request.principal ||
      !isAllowed(request.principal, rules, { groupId: params.groupId, participantId: params.participantId })
    ) {
      throw HttpProblems.forbidden(`This route is for: ${rules.map(describeRule).join(', ')}.`);
    }
    return true;
  }

  private async refused(request: AuthenticatedRequest, error: unknown): Promise<never> {
    if (error instanceof RemoteError && error.problem.status === 401) await this.limits.countFailure(request);
    return asUnauthenticated(error);
  }

  /**
   * A browser session: asked of membership on every request (a revoked session is refused at
   * once), and a state-changing request must carry the session's CSRF token.
   */
  private async authenticateSession(
    request: AuthenticatedRequest,
    session: SessionCredentials,
    hash: string,
  ): Promise<void> {
    const { principal, expiresAt } = await this.client
      .request('membership.sessions.authenticate', { sessionId: session.sessionId, secretHash: hash })
      .catch((error: unknown) => this.refused(request, error));
    request.principal = principal;
    request.session = { ...session, expiresAt };
    if (!SAFE_METHODS.has(request.method)) {
      const presented = request.headers[CSRF_HEADER];
      const expected = Buffer.from(csrfTokenOf(session.secret));
      const given = Buffer.from(typeof presented === 'string' ? presented : '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new RemoteError({
          status: 403,
          code: 'CSRF_TOKEN_INVALID',
          title: 'CSRF token missing or wrong',
          detail: `A signed-in browser sends its CSRF token (GET /v1/session gives it) in ${CSRF_HEADER} with every change.`,
        });
      }
    }
  }
}

/** membership's refusal of a key or a session, as the API's own 401 (anything else as it came). */
/** Membership's refusal as a 401; counted against the client's address (see `refuseIfFailingTooOften`). */
function asUnauthenticated(error: unknown): never {
  if (error instanceof RemoteError && error.problem.status === 401)
    throw HttpProblems.unauthenticated(error.problem.detail);
  throw error;
}
