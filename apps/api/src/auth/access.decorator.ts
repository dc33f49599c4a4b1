import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '@jcg/contracts';
import type { AccessRule } from './authorize.js';

export const ACCESS_RULES = 'jcg:access-rules';

/** Who may call the route (see `AccessRule`). Every /v1 route says it; one that does not is refused. */
export const Access = (...rules: AccessRule[]) => SetMetadata(ACCESS_RULES, rules);

export type AuthenticatedRequest = FastifyRequest & {
  principal?: Principal;
  /** When the principal came from a browser session (not an API key): which, and until when. */
  session?: { sessionId: string; secret: string; expiresAt: string };
};

/** The principal the guard authenticated. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
