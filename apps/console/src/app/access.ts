import type { Principal } from '../api/types';

/**
 * Who may do what in the console, as the API's `@Access` rules say: the one place every page
 * asks (a page only hides or disables; the API decides).
 */

/** An active co-convenor of the group (R2). */
export function isConvenorOf(principal: Principal, groupId: string): boolean {
  return (
    principal.kind === 'participant' &&
    principal.status === 'active' &&
    principal.role === 'co-convenor' &&
    principal.groupId === groupId
  );
}

/** The secretariat's integrator key (TSB). */
export function isTsb(principal: Principal): boolean {
  return principal.kind === 'integrator' && principal.integrator === 'tsb';
}

/**
 * The co-convenors' work (meetings, reports, the register): an active co-convenor of the group,
 * or TSB acting for them (R2; the API's `@Access('convenor', 'tsb')`).
 */
export function mayConvene(principal: Principal, groupId: string): boolean {
  return isConvenorOf(principal, groupId) || isTsb(principal);
}
