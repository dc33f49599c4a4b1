import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { parseApiKey } from '@jcg/contracts';
import { BullMqClient, RemoteError } from '@jcg/messaging';
import { HttpProblems } from '../http/problems.js';
import { ACCESS_RULES, type AuthenticatedRequest } from './access.decorator.js';
import { isAllowed, type AccessRule } from './authorize.js';

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
 * its secret leave the API) and authorizes the route's access rules. No caching: a revoked key
 * is refused on its next request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly client: BullMqClient,
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

    if (rules.includes('public')) return true;
    const header = request.headers.authorization;
    if (!header) throw HttpProblems.unauthenticated('Send an API key: Authorization: Bearer <key>.');
    const match = /^Bearer (\S+)$/i.exec(header);
    if (!match) throw HttpProblems.unauthenticated('Send the API key as a bearer token: Authorization: Bearer <key>.');
    const parsed = parseApiKey(match[1]);
    if (!parsed) throw HttpProblems.unauthenticated('The API key is unknown, revoked or malformed.');
    try {
      request.principal = await this.client.request('membership.api-keys.authenticate', {
        keyId: parsed.id,
        secretHash: parsed.secretHash,
      });
    } catch (error) {
      if (error instanceof RemoteError && error.problem.status === 401)
        throw HttpProblems.unauthenticated(error.problem.detail);
      throw error;
    }
    const params = request.params as { groupId?: string; participantId?: string };
    if (!isAllowed(request.principal, rules, { groupId: params.groupId, participantId: params.participantId })) {
      throw HttpProblems.forbidden(`This route is for: ${rules.map(describeRule).join(', ')}.`);
    }
    return true;
  }
}
