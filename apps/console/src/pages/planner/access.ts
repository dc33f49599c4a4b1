import type { Principal } from '../../api/types';

/**
 * R2: only the group's active co-convenors, and TSB acting for them, propose, change, announce or
 * cancel meetings (the API's `@Access('convenor', 'tsb')`).
 */
export function managesMeetings(principal: Principal, groupId: string): boolean {
  if (principal.kind === 'integrator') return principal.integrator === 'tsb';
  if (principal.kind === 'participant')
    return principal.role === 'co-convenor' && principal.status === 'active' && principal.groupId === groupId;
  return false;
}

/** Why the signed-in person may not change meetings (empty when they may). */
export function whyNotManager(principal: Principal, groupId: string): string {
  if (managesMeetings(principal, groupId)) return '';
  if (principal.kind === 'admin')
    return 'Administrators do not plan meetings: only the co-convenors, and TSB acting for them, do (R2).';
  return 'Only the co-convenors of the group, and TSB acting for them, propose and change meetings (R2).';
}

/** The co-convenor signed in (their participant id), for concurrence (R3). */
export function convenorId(principal: Principal, groupId: string): string | null {
  return principal.kind === 'participant' && managesMeetings(principal, groupId) ? principal.participantId : null;
}
