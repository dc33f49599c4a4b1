import type { Principal } from '@jcg/contracts';

/**
 * Who may call a route:
 * - `admin`, `tsb`: keys of the administrator or of TSB, the integrator;
 * - `member`: an active participant (any role) of the route's group;
 * - `convenor`: an active co-convenor of the route's group (R2);
 * - `self`: the active participant the route is about;
 * - `anyone`: any valid key;
 * - `public`: no key at all (a secret in the URL is the credential, as for calendar feeds).
 */
export type AccessRule = 'admin' | 'tsb' | 'member' | 'convenor' | 'self' | 'anyone' | 'public';

export interface RouteScope {
  groupId?: string;
  participantId?: string;
}

function allows(rule: AccessRule, principal: Principal, scope: RouteScope): boolean {
  switch (rule) {
    case 'anyone':
    case 'public':
      return true;
    case 'admin':
      return principal.kind === 'admin';
    case 'tsb':
      return principal.kind === 'integrator' && principal.integrator === 'tsb';
    case 'member':
      return principal.kind === 'participant' && principal.status === 'active' && principal.groupId === scope.groupId;
    case 'convenor':
      return (
        principal.kind === 'participant' &&
        principal.status === 'active' &&
        principal.role === 'co-convenor' &&
        principal.groupId === scope.groupId
      );
    case 'self':
      return (
        principal.kind === 'participant' &&
        principal.status === 'active' &&
        principal.groupId === scope.groupId &&
        principal.participantId === scope.participantId
      );
  }
}

export function isAllowed(principal: Principal, rules: readonly AccessRule[], scope: RouteScope): boolean {
  return rules.some((rule) => allows(rule, principal, scope));
}
